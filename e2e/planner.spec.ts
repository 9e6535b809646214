import { test, expect, type Page } from '@playwright/test';

interface ScalingState { status: string; limits: number }
const scalingState = (page: Page) => page.evaluate(() => window.__frontier!.scaling as unknown as ScalingState);

test('the planner: moving the budget with the keyboard changes the best choice, and the chart draws its fitted laws', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./?view=scaling&models=sim-1.4B,sim-7B&strategies=greedy,majority,weighted-majority,rebase&budgets=1,2,4,8,16&count=40&seeds=0');
  await expect.poll(async () => {
    const s = await scalingState(page);
    return s.status === 'done' && s.limits === 2;
  }, { timeout: 30_000 }).toBe(true);

  const slider = page.getByTestId('planner-budget');
  const best = page.getByTestId('planner-best');
  await expect(page.getByTestId('planner-budget-text')).toHaveText('move the slider, or drag on the chart');
  await slider.focus();
  // Home: the smallest budget on the axis (its left end, 1, 2 or 5 × a power of ten) — nothing costs that little.
  await page.keyboard.press('Home');
  await expect(page.getByTestId('planner-budget-text')).toHaveText(/^≤ \d+(\.\d+)? [GT]FLOPs \([125]\.00e1[01]\) per question$/);
  await expect(best).toHaveText('No measured point costs this little.');
  // A decade up at a time until a choice appears, then to the end: the choice changes.
  let first = '';
  for (let i = 0; i < 12 && !first; i++) {
    await page.keyboard.press('PageUp');
    const text = (await best.textContent()) ?? '';
    if (text.startsWith('Best')) first = text;
  }
  expect(first).toMatch(/^Best.+, n = \d+: \d+\.\d% ± \d+\.\d \(95%: \d+\.\d–\d+\.\d\) at [\d.]+ [GT]FLOPs$/);
  await page.keyboard.press('End');
  await expect(best).not.toHaveText(first);
  const last = (await best.textContent())!;
  // The largest budget can afford every point: its best is at least as accurate.
  const acc = (t: string) => Number(/: (\d+\.\d)%/.exec(t)![1]);
  expect(acc(last)).toBeGreaterThanOrEqual(acc(first));
  await expect(page.getByTestId('planner-runner-up')).toContainText(/^Runner-up.+n = \d+/);
  await expect(page.getByTestId('planner-saving')).toContainText(/^Saving/);
  await expect(page).toHaveURL(/rule=\d/);

  // The chart: the rule sits at the budget, and the laws of the planner's curves are drawn with their key.
  const chart = page.getByTestId('scaling-chart');
  await expect(chart.locator('.if-pc-rule-line')).toHaveCount(1);
  const fits = chart.getByTestId('fit-curves');
  await expect(fits).toBeVisible();
  expect(Number(await fits.getAttribute('data-fits'))).toBeGreaterThanOrEqual(2);
  await expect(chart.getByTestId('fit-key')).toContainText('fitted law acc(C) = a − b·(C/C0)^−c');
  await expect(chart.locator('.if-pc-fit-band').first()).toBeAttached();
  await expect(page.getByTestId('planner-law')).toContainText(/fitted without the largest n it predicts \d+\.\d% there, measured \d+\.\d%/);

  // The pass@n ceiling: one dotted line per model once switched on, and in the link.
  await expect(chart.getByTestId('oracle-lines')).toHaveCount(0);
  await page.getByTestId('oracle-toggle').click();
  await expect(chart.locator('.if-pc-oracle')).toHaveCount(2);
  await expect(chart.locator('.if-pc-oracle-label', { hasText: 'pass@n 7B' })).toBeVisible();
  await expect(page).toHaveURL(/oracle=1/);

  // Text the projector reads is at least 16 px.
  for (const id of ['planner-best', 'planner-runner-up', 'planner-saving', 'planner-budget-text']) {
    const px = await page.getByTestId(id).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(px, id).toBeGreaterThanOrEqual(16);
  }
  expect(errors).toEqual([]);
});
