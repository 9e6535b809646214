/**
 * Live runs in the browser against serve-sim (the second webServer of playwright.config.ts):
 * configure it in the Backends panel, run REBASE live, see the run recorded in the Library,
 * reload, replay it and get the identical tree; export it as .trace.json.gz and load it back
 * through "Load trace…"; strategies that need rewards disabled without a PRM; a failed
 * connection explained with the servers' CORS flags.
 */
import { test, expect, type Page } from '@playwright/test';
import { collectErrors, frontier, liveState, runIdentity, simUrl, waitForRun } from './fixtures';

const START = './?view=explorer&s=rebase&width=8&problem=sim-L2-0003&seed=0';

async function openBackends(page: Page) {
  await page.getByTestId('open-backends').click();
  const dialog = page.getByTestId('backends-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Fill the panel for serve-sim (policy sim-7B, optionally its pooling PRM) and test the connection. */
async function configureServeSim(page: Page, withPrm: boolean) {
  const dialog = await openBackends(page);
  await dialog.getByTestId('server-name').fill(withPrm ? 'serve-sim' : 'serve-sim no PRM');
  await dialog.getByTestId('server-url').fill(simUrl());
  await dialog.getByTestId('server-test').click();
  const probe = dialog.getByTestId('probe-result').first();
  await expect(probe).toHaveAttribute('data-ok', '1', { timeout: 15_000 });
  // What serve-sim offers, as the probe found it.
  for (const cap of ['completions', 'multiSample', 'promptLogprobs', 'pooling', 'tokenize']) {
    await expect(probe.locator(`[data-cap="${cap}"]`)).toHaveAttribute('data-value', 'true');
  }
  await expect(probe).toContainText('sim-7B');
  await dialog.getByTestId('server-model').fill('sim-7B');
  // The parameter count comes from the registry by model name.
  await expect(dialog.getByTestId('server-params')).toHaveValue('6.74e9');
  if (withPrm) {
    await dialog.getByTestId('prm-type').selectOption('pooling');
    await dialog.getByTestId('prm-model').fill('sim-PRM-34B');
    await expect(dialog.getByTestId('prm-params')).toHaveValue('3.37e10');
  }
  return dialog;
}

test('REBASE runs live against serve-sim, is recorded, and replays to the identical tree after a reload', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(START);
  await waitForRun(page);
  const dialog = await configureServeSim(page, true);
  await dialog.getByTestId('server-run').click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await liveState(page)).source).toBe('live:serve-sim');
  await expect(page.getByTestId('live-panel')).toBeVisible();
  await expect.poll(async () => (await frontier(page)).status, { timeout: 30_000 }).toBe('done');
  await page.keyboard.press('End');
  const live = await runIdentity(page);
  expect(live.done).not.toBeNull();
  expect(live.done!.incomplete).toBeNull();
  expect(live.done!.solutions).toBe(8);
  const liveNodes = (await frontier(page)).nodeCount;
  expect(liveNodes).toBe(live.done!.nodes);

  // The Library lists the recording, complete, with the run's nodes.
  await page.getByTestId('open-library').click();
  const library = page.getByTestId('library-dialog');
  const row = library.getByTestId('library-row').first();
  await expect(row).toHaveAttribute('data-status', 'complete');
  await expect(row).toHaveAttribute('data-nodes', String(live.done!.nodes));
  await expect(row).toContainText('sim-L2-0003');
  await expect(row).toContainText('REBASE');
  const id = await row.getAttribute('data-id');
  await library.getByRole('button', { name: 'Close Library — recorded live runs' }).click();

  // A reload: the link does not restart the live run; the Library still has the recording.
  await page.reload();
  await waitForRun(page);
  await expect(page.locator('.if-notices')).toContainText('a link never starts a live run');
  expect((await liveState(page)).source).toBe('sim');
  await page.getByTestId('open-library').click();
  const again = page.getByTestId('library-dialog').locator(`[data-testid="library-row"][data-id="${id}"]`);
  await expect(again).toHaveAttribute('data-status', 'complete');
  await again.getByTestId('library-open').click();
  await expect(page.getByTestId('library-dialog')).toBeHidden();
  await expect.poll(async () => (await liveState(page)).source).toBe(`rec:${id}`);
  await waitForRun(page);
  await page.keyboard.press('End');
  const replay = await runIdentity(page);
  expect(replay.done).toEqual(live.done);
  expect(replay.eventCount).toBe(live.eventCount);
  expect(replay.digest).toBe(live.digest);
  expect((await frontier(page)).nodeCount).toBe(liveNodes);
  await expect(page).toHaveURL(new RegExp(`src=rec:${id}`));

  // The link of a recording reopens it (from IndexedDB) after another reload.
  await page.reload();
  await waitForRun(page);
  await page.keyboard.press('End');
  expect((await runIdentity(page)).digest).toBe(live.digest);
  expect((await liveState(page)).source).toBe(`rec:${id}`);

  // Export as .trace.json.gz, then load that file back through "Load trace…": the same tree again.
  await page.getByTestId('open-library').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('library-dialog').locator(`[data-testid="library-row"][data-id="${id}"]`).getByTestId('library-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^rebase-sim-L2-0003-.*\.trace\.json\.gz$/);
  const path = await file.path();
  await page.getByRole('button', { name: 'Close Library — recorded live runs' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load trace…' }).first().click();
  await (await chooser).setFiles(path);
  await expect.poll(async () => (await liveState(page)).source).toMatch(/^file:/);
  await waitForRun(page);
  await page.keyboard.press('End');
  const loaded = await runIdentity(page);
  expect(loaded.done).toEqual(live.done);
  expect(loaded.digest).toBe(live.digest);
  expect(errors).toEqual([]);
});

test('without a PRM, the strategies that need rewards are disabled with the reason, and a vote runs live', async ({ page }) => {
  await page.goto(START);
  await waitForRun(page);
  const dialog = await configureServeSim(page, false);
  await dialog.getByTestId('server-run').click();
  await expect.poll(async () => (await liveState(page)).source).toBe('live:serve-sim-no-prm');
  await expect.poll(async () => (await frontier(page)).status, { timeout: 30_000 }).toBe('done');
  const strategy = page.getByLabel('Strategy', { exact: true });
  await expect(strategy).toHaveValue('sample');
  await expect(strategy.locator('option[value="rebase"]')).toBeDisabled();
  await expect(strategy.locator('option[value="mcts"]')).toBeDisabled();
  await expect(strategy.locator('option[value="greedy"]')).toBeEnabled();
  await expect(page.getByTestId('strategy-blocked')).toContainText('REBASE splits its width by PRM rewards, and this backend has no PRM (add one in the Backends panel).');
  await expect(page.getByTestId('prm-note')).toContainText('none');
});

test('a server that cannot be reached is explained, naming the CORS flags of vLLM, Ollama and TGI', async ({ page }) => {
  await page.goto(START);
  await waitForRun(page);
  const dialog = await openBackends(page);
  await dialog.getByTestId('server-url').fill('http://127.0.0.1:9');
  await dialog.getByTestId('server-test').click();
  const error = dialog.getByTestId('probe-error');
  await expect(error).toBeVisible({ timeout: 15_000 });
  await expect(error).toContainText('--allowed-origins');
  await expect(error).toContainText('OLLAMA_ORIGINS');
  await expect(error).toContainText('--cors-allow-origin');
  // Save refuses an incomplete server, each problem next to its field.
  await dialog.getByTestId('server-save').click();
  await expect(dialog.getByTestId('server-summary')).toContainText('Not saved');
  await expect(dialog.getByTestId('server-model')).toHaveAttribute('aria-invalid', 'true');
});
