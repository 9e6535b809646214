import { test, expect, type Page } from '@playwright/test';
import { collectErrors } from './fixtures';

const compareState = (page: Page) => page.evaluate(() => window.__frontier!.compare);

test('Compare: panes on one compute clock agree at a playhead, in FLOPs and in tokens', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./?view=compare&problem=sim-L3-0002&model=sim-7B&prm=default&seed=0&panes=rebase:width=16|mcts:budget=64|sample:n=16&unit=flops&sync=1');
  expect(await page.evaluate(() => window.__frontier!.view)).toBe('compare');
  await expect(page.getByTestId('nav-compare')).toHaveAttribute('aria-current', 'page');
  await expect.poll(async () => (await compareState(page)).panes.map((p) => p.finished), { timeout: 20_000 }).toEqual([true, true, true]);
  expect((await compareState(page)).panes.map((p) => p.strategy)).toEqual(['rebase', 'mcts', 'sample']);

  // Pause and put the playhead at some compute value through the scrub slider.
  await page.getByRole('button', { name: 'To end' }).click();
  const full = await compareState(page);
  const max = Math.max(...full.panes.map((p) => p.flops));
  const target = Math.round(max * 0.4);
  await page.getByTestId('compare-scrub').fill(String(target));
  await expect.poll(async () => (await compareState(page)).playhead).toBe(target);
  const at = await compareState(page);
  expect(at.unit).toBe('flops');
  for (const p of at.panes) {
    expect(p.flops).toBeLessThanOrEqual(target);
    expect(p.nodeCount).toBeGreaterThan(0);
  }
  // The summary rows show the same counters.
  for (let i = 0; i < 3; i++) await expect(page.getByTestId(`compare-flops-${i}`)).toHaveText(at.panes[i].flops === 0 ? '0' : at.panes[i].flops.toExponential(2).replace('e+', 'e'));
  await expect.poll(() => page.evaluate(() => location.search)).toContain(`c=${target}`);
  await page.screenshot({ path: '.ci/out/compare.png' });

  // Switch the unit: the playhead converts and every pane still shows at most that many tokens.
  await page.getByTestId('compare-unit').selectOption('tokens');
  const tok = await compareState(page);
  expect(tok.unit).toBe('tokens');
  for (const p of tok.panes) expect(p.tokens).toBeLessThanOrEqual(tok.playhead);
  expect(tok.panes.map((p) => p.nodeCount)).toEqual(at.panes.map((p) => p.nodeCount));
  await expect.poll(() => page.evaluate(() => location.search)).toContain('unit=tokens');
  expect(errors).toEqual([]);
});

test('Compare: an invalid link shows notices and the default panes, never a blank page', async ({ page }) => {
  await page.goto('./?view=compare&panes=rebase:width=abc|dance&unit=joules');
  await expect(page.getByRole('status').filter({ hasText: 'joules' }).first()).toBeVisible();
  await expect.poll(async () => (await compareState(page)).panes.length).toBe(3);
  await expect.poll(async () => (await compareState(page)).panes.every((p) => p.nodeCount > 0), { timeout: 20_000 }).toBe(true);
});

test('Compare: a pane\'s parameters are edited in place; a bad value is refused with a message', async ({ page }) => {
  await page.goto('./?view=compare&problem=sim-L2-0001&panes=rebase:width=16|mcts:budget=32');
  const params = page.getByRole('textbox', { name: 'Parameters of pane 1' });
  await expect(params).toHaveValue(/width=16/);
  await params.fill('width=abc');
  await params.press('Enter');
  await expect(page.getByTestId('compare-pane-0').getByRole('alert')).toContainText('width');
  await expect(page).toHaveURL(/width=16/);
  await params.fill('width=8');
  await params.press('Enter');
  await expect(page).toHaveURL(/rebase:width=8/);
  await expect(page.getByTestId('compare-pane-0')).toHaveAttribute('aria-label', /REBASE N=8/);
});
