import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

interface ScalingState { status: string; points: number; cells: number; progress: { done: number; total: number }; frontier: number; limits: number; curves: number }
const scalingState = (page: Page) => page.evaluate(() => window.__frontier!.scaling as unknown as ScalingState);

async function waitForSweep(page: Page, models: number) {
  await expect.poll(async () => {
    const s = await scalingState(page);
    return s.status === 'done' && s.limits === models;
  }, { timeout: 30_000 }).toBe(true);
}

test('a small sweep draws every strategy curve with the frontier and the majority-vote limits, and exports its files', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Two models, the seven strategies, three budgets, 30 problems.
  await page.goto('./?view=scaling&models=sim-1.4B,sim-7B&budgets=1,4,16&count=30&seeds=0');
  await waitForSweep(page, 2);
  const s = await scalingState(page);
  expect(s.progress.done).toBe(s.progress.total);
  // Greedy has one point per model; the other six strategies three each.
  expect(s.points).toBe(2 * (1 + 6 * 3));
  expect(s.curves).toBe(14);
  expect(s.frontier).toBeGreaterThan(0);
  const chart = page.getByTestId('scaling-chart');
  await expect(chart).toHaveAttribute('data-limits', '2');
  await expect(chart.getByText(/^MV limit 7B \d+\.\d%$/)).toBeVisible();
  await expect(chart.getByText('Pareto frontier').first()).toBeVisible();
  await expect(chart.locator('tspan', { hasText: 'FLOPs per question (log scale) — FLOPs = 2·N·generated tokens (paper)' })).toBeVisible();

  // The compute convention re-plots at once, without a new sweep, and names itself on the axis.
  const cellsBefore = s.cells;
  await page.getByTestId('conv-prm').click();
  await expect(chart.locator('tspan', { hasText: '+ PRM' })).toBeVisible();
  expect((await scalingState(page)).cells).toBe(cellsBefore);
  await expect(page).toHaveURL(/conv=prm/);

  // The paper's points are policy-only FLOPs: under + PRM they stay hidden and the plot says why;
  // back under the paper's convention they are drawn.
  await page.getByTestId('overlay-toggle').click();
  await expect(chart.getByTestId('overlay-note')).toHaveText('Paper points hidden under + PRM: they are policy-only FLOPs');
  await expect(chart.locator('.if-pc-paper')).toHaveCount(0);
  await page.getByTestId('conv-paper').click();
  await expect(chart.getByTestId('overlay-note')).toHaveCount(0);
  await expect(chart.locator('.if-pc-paper').first()).toBeVisible();
  await page.getByTestId('overlay-toggle').click();
  await page.getByTestId('conv-prm').click();

  const files: Record<string, string> = {};
  for (const kind of ['svg', 'png', 'csv', 'json']) {
    const download = page.waitForEvent('download');
    await page.getByTestId(`export-${kind}`).click();
    const d = await download;
    const path = await d.path();
    files[kind] = d.suggestedFilename();
    const bytes = readFileSync(path!);
    expect(bytes.length, `${kind} export is not empty`).toBeGreaterThan(200);
    if (kind === 'png') expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    if (kind === 'svg') expect(bytes.toString()).toContain('<svg');
    if (kind === 'csv') expect(bytes.toString().split('\n')[0]).toMatch(/model.*strategy/);
    if (kind === 'json') expect(JSON.parse(bytes.toString()).points).toHaveLength(s.points);
  }
  expect(files.svg).toMatch(/\.svg$/);
  expect(files.png).toMatch(/\.png$/);
  expect(errors).toEqual([]);
});

test('clicking a point lists its problems, and one opens in the Explorer with the same seed and parameters', async ({ page }) => {
  await page.goto('./?view=scaling&models=sim-7B&strategies=greedy,rebase&budgets=4&count=10&seeds=3');
  await waitForSweep(page, 1);
  await page.locator('.if-pc-point').last().click();
  const panel = page.getByTestId('point-panel');
  await expect(panel).toBeVisible();
  const link = panel.getByRole('link', { name: /Open .* in the Explorer/ }).first();
  const href = await link.getAttribute('href');
  expect(href).toContain('seed=3');
  await link.click();
  await expect.poll(() => page.evaluate(() => window.__frontier!.view)).toBe('explorer');
  await expect(page.getByTestId('caption')).toContainText(/REBASE|Greedy/);
  await expect.poll(() => page.evaluate(() => window.__frontier!.nodeCount), { timeout: 10_000 }).toBeGreaterThan(0);
});
