/**
 * Live REBASE through the other dialects against serve-sim (issue 13): Ollama's native
 * /api/generate with raw prompts, and /v1/chat/completions continuing the partial solution as
 * an assistant message (vLLM's continue_final_message). The panel says which endpoint is in use
 * and why; a chat server without continuation disables the step strategies, saying why.
 */
import { test, expect, type Page } from '@playwright/test';
import { collectErrors, frontier, liveState, runIdentity, simUrl, waitForRun } from './fixtures';

const START = './?view=explorer&s=rebase&width=8&problem=sim-L2-0003&seed=0';

async function configure(page: Page, name: string, dialect: string) {
  await page.getByTestId('open-backends').click();
  const dialog = page.getByTestId('backends-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('server-name').fill(name);
  await dialog.getByTestId('server-url').fill(simUrl());
  await dialog.getByTestId('server-test').click();
  await expect(dialog.getByTestId('probe-result').first()).toHaveAttribute('data-ok', '1', { timeout: 15_000 });
  await dialog.getByTestId('server-model').fill('sim-7B');
  await dialog.getByTestId('server-dialect').selectOption(dialect);
  await dialog.getByTestId('prm-type').selectOption('pooling');
  await dialog.getByTestId('prm-model').fill('sim-PRM-34B');
  return dialog;
}

/** The paths of the requests the page and its workers send to serve-sim. */
function simPaths(page: Page): string[] {
  const paths: string[] = [];
  page.context().on('request', (r) => { if (r.url().startsWith(simUrl())) paths.push(new URL(r.url()).pathname); });
  return paths;
}

async function runAndCheck(page: Page, id: string) {
  await expect.poll(async () => (await liveState(page)).source).toBe(`live:${id}`);
  await expect.poll(async () => (await frontier(page)).status, { timeout: 30_000 }).toBe('done');
  await page.keyboard.press('End');
  const run = await runIdentity(page);
  expect(run.done).not.toBeNull();
  expect(run.done!.incomplete).toBeNull();
  expect(run.done!.solutions).toBe(8);
  expect((await frontier(page)).nodeCount).toBe(run.done!.nodes);
}

test('REBASE runs live through Ollama\'s /api/generate with raw prompts', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(START);
  await waitForRun(page);
  const dialog = await configure(page, 'sim as Ollama', 'ollama');
  await expect(dialog.getByTestId('server-dialect-in-use')).toContainText('In use: POST /api/generate');
  const paths = simPaths(page);
  await dialog.getByTestId('server-run').click();
  await expect(dialog).toBeHidden();
  await runAndCheck(page, 'sim-as-ollama');
  expect(paths.filter((p) => p === '/api/generate').length).toBeGreaterThan(8);
  expect(paths).not.toContain('/v1/completions');
  expect(errors).toEqual([]);
});

test('REBASE runs live through /v1/chat/completions, continuing the assistant message', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(START);
  await waitForRun(page);
  const dialog = await configure(page, 'sim chat', 'chat');
  // serve-sim reads as vLLM: continue_final_message.
  await expect(dialog.getByTestId('server-dialect-in-use')).toContainText('In use: POST /v1/chat/completions');
  await expect(dialog.getByTestId('server-dialect-in-use')).toContainText('Continuation: flags');
  const paths = simPaths(page);
  await dialog.getByTestId('server-run').click();
  await expect(dialog).toBeHidden();
  await runAndCheck(page, 'sim-chat');
  expect(paths.filter((p) => p === '/v1/chat/completions').length).toBeGreaterThan(8);
  expect(paths).not.toContain('/v1/completions');
  expect(errors).toEqual([]);
});

test('a chat server without continuation: beam, MCTS and REBASE disabled with the reason; weighted voting runs', async ({ page }) => {
  await page.goto('./?view=explorer&s=sample&n=4&aggregate=weighted-majority&problem=sim-L2-0003&seed=0');
  await waitForRun(page);
  const dialog = await configure(page, 'hosted chat', 'chat');
  await dialog.getByTestId('server-continuation').selectOption('none');
  await expect(dialog.getByTestId('server-dialect-in-use')).toContainText('Beam search, MCTS and REBASE are disabled');
  await dialog.getByTestId('server-run').click();
  await expect.poll(async () => (await liveState(page)).source).toBe('live:hosted-chat');
  await expect.poll(async () => (await frontier(page)).status, { timeout: 30_000 }).toBe('done');
  const strategy = page.getByLabel('Strategy', { exact: true });
  await expect(strategy.locator('option[value="rebase"]')).toBeDisabled();
  await expect(strategy.locator('option[value="beam"]')).toBeDisabled();
  await expect(strategy.locator('option[value="mcts"]')).toBeDisabled();
  await expect(strategy.locator('option[value="sample"]')).toBeEnabled();
  await expect(page.getByTestId('strategy-blocked')).toContainText('REBASE extends partial solutions, and through /v1/chat/completions without assistant-prefix continuation');
});
