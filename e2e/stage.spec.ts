import { test, expect, type Page } from '@playwright/test';
import { collectErrors } from './fixtures';

const stage = (page: Page) => page.evaluate(() => window.__frontier!.stage);
const minNodes = async (page: Page) => Math.min(...(await stage(page)).panes.map((p) => p.nodeCount));

test('a fresh open shows the Stage: REBASE and MCTS grow side by side and the chart fills in beside them', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('./');
  await expect(page.getByTestId('stage-view')).toBeVisible();
  expect(await page.evaluate(() => window.__frontier!.view)).toBe('stage');
  expect((await stage(page)).panes.map((p) => p.strategy)).toEqual(['rebase', 'mcts']);
  // It opens on sim-7B, a size the paper measured: no "hypothetical" tag anywhere.
  expect(await stage(page)).toMatchObject({ model: 'sim-7B', problemId: 'sim-L3-0004', budget: 16 });
  await expect(page.getByTestId('stage-caption')).toContainText('sim-L3-0004 · sim-7B · n=16');
  // Both trees grow on their canvases…
  await expect.poll(() => minNodes(page), { timeout: 10_000 }).toBeGreaterThan(3);
  const early = await stage(page);
  await expect.poll(() => minNodes(page), { timeout: 10_000 }).toBeGreaterThan(Math.max(...early.panes.map((p) => p.nodeCount)));
  expect((await stage(page)).panes.every((p) => p.drawn > 0)).toBe(true);
  // …while the sweep behind the chart streams its points in.
  await expect.poll(async () => (await stage(page)).chartPoints, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('stage-behind')).toContainText(/problems? × 1 seed/);
  // Each pane's run is a marker on the chart, named after its strategy.
  await expect.poll(async () => (await stage(page)).markers.map((m) => m.label.replace(/ [✓✗]$/, ''))).toEqual(['REBASE', 'MCTS']);
  // The chart's sweep is the two measured sizes.
  await expect(page.locator('[data-testid="stage-chart"] [data-id="sim-34B|rebase|1"]')).toHaveCount(1);
  await expect(page.getByText('hypothetical')).toHaveCount(0);
  // The whole Stage fits a 1280 × 720 projector without scrolling.
  expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([1280, 720]);
  expect(errors).toEqual([]);
});

test('clicking a chart point loads one of its problems into both panes with its model and budget; the URL reopens the same Stage', async ({ page, context }) => {
  await page.goto('./');
  await expect.poll(async () => page.evaluate(() => window.__frontier!.scaling.status), { timeout: 30_000 }).toBe('done');
  const before = await stage(page);
  expect(before).toMatchObject({ model: 'sim-7B', budget: 16 });
  const point = page.locator('[data-testid="stage-chart"] [data-id="sim-34B|rebase|8"]');
  await point.click();
  await expect(page.getByTestId('stage-pick')).toContainText('problems behind sim-34B · REBASE · n=8');
  const after = await stage(page);
  expect(after).toMatchObject({ model: 'sim-34B', budget: 8 });
  expect(after.problemId).not.toBe(before.problemId);
  await expect(page.getByTestId('stage-caption')).toContainText(`${after.problemId} · sim-34B · n=8`);
  // Both panes restarted on that problem, each keeping its strategy at the new budget.
  expect(after.panes.map((p) => p.strategy)).toEqual(['rebase', 'mcts']);
  await expect(page.getByRole('textbox', { name: 'Parameters of pane 1' })).toHaveValue('width=8');
  // MCTS at budget 8 is 64 generated nodes (its default, so the field shows no override).
  await expect(page.getByRole('textbox', { name: 'Parameters of pane 2' })).toHaveAttribute('title', /^MCTS 64 nodes/);
  await expect.poll(() => minNodes(page), { timeout: 10_000 }).toBeGreaterThan(3);

  // Maximise the chart with the keyboard, then hold the clock still and share the link.
  await page.keyboard.press('m');
  await page.keyboard.press('m');
  await page.keyboard.press('m');
  await expect(page.getByTestId('stage-view')).toHaveAttribute('data-max', 'chart');
  await expect(page.getByTestId('compare-canvas-0')).toBeHidden();
  await page.getByRole('button', { name: 'Pause' }).click();
  const held = await stage(page);
  await page.waitForTimeout(400); // the address bar follows within ~250 ms
  const url = await page.evaluate(() => location.href);
  expect(url).toContain('view=stage');
  expect(url).toContain('max=chart');

  const again = await context.newPage();
  await again.goto(url);
  await expect.poll(() => again.evaluate(() => window.__frontier!.stage), { timeout: 15_000 }).toMatchObject({
    problemId: held.problemId, model: 'sim-34B', budget: 8, max: 'chart',
    panes: held.panes.map((p) => ({ strategy: p.strategy, nodeCount: p.nodeCount })),
  });
  await expect(again.getByTestId('stage-view')).toHaveAttribute('data-max', 'chart');
  // Escape restores the layout.
  await again.keyboard.press('Escape');
  await expect(again.getByTestId('stage-view')).toHaveAttribute('data-max', '');
  await expect(again.getByTestId('compare-canvas-0')).toBeVisible();
});

test('hovering a curve lights up the pane running that strategy; the columns resize from the keyboard', async ({ page }) => {
  await page.goto('./');
  // Wait for the whole sweep: while points stream in the axes rescale and curves move under the mouse.
  await expect.poll(async () => page.evaluate(() => window.__frontier!.scaling.status), { timeout: 30_000 }).toBe('done');
  await expect.poll(async () => (await stage(page)).chartPoints).toBe(await page.evaluate(() => window.__frontier!.scaling.points));
  // The majority-vote limits come after the sweep and may rescale the accuracy axis: wait for them too.
  await expect.poll(async () => page.evaluate(() => window.__frontier!.scaling.limits), { timeout: 15_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(600); // the chart takes new data at most every 400 ms
  const curve = page.locator('[data-testid="stage-chart"] [data-hit="sim-7B|mcts"]');
  await expect(curve).toHaveCount(1);
  // Point the mouse at a spot of the curve's line that no point of another curve covers. The live
  // trees keep the chart's markers moving, so find the spot again if a re-render moved it away.
  await expect(async () => {
    await page.mouse.move(5, 5);
    const at = await curve.evaluate((el: SVGPathElement) => {
      const m = el.getScreenCTM()!;
      for (let f = 0.05; f < 1; f += 0.05) {
        const p = el.getPointAtLength(el.getTotalLength() * f);
        const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
        if (document.elementFromPoint(x, y) === el) return { x, y };
      }
      return null;
    });
    expect(at).not.toBeNull();
    await page.mouse.move(at!.x, at!.y, { steps: 3 });
    await expect.poll(async () => (await stage(page)).panes.map((p) => p.highlighted), { timeout: 2_000 }).toEqual([false, true]);
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('compare-pane-1')).toHaveAttribute('data-highlighted', '1');
  await page.mouse.move(5, 5);
  await expect.poll(async () => (await stage(page)).panes.map((p) => p.highlighted)).toEqual([false, false]);

  const split = page.getByTestId('stage-split-0');
  const [a, b] = (await stage(page)).cols;
  await split.focus();
  await split.press('ArrowRight');
  await split.press('ArrowRight');
  expect((await stage(page)).cols).toEqual([a + 4, b - 4]);
});

test('a link that names the hypothetical sim-1.4B still opens it, tagged in the caption and the chart', async ({ page }) => {
  await page.goto('./?view=stage&problem=sim-L3-0002&model=sim-1.4B&prm=default&seed=0&budget=16&sweep=default&conv=paper');
  await expect(page.getByTestId('stage-view')).toBeVisible();
  expect(await stage(page)).toMatchObject({ model: 'sim-1.4B', problemId: 'sim-L3-0002' });
  await expect(page.getByTestId('stage-caption')).toContainText('sim-1.4B (hypothetical, extrapolated)');
  await expect(page.getByTestId('model-hypothetical')).toHaveAttribute('title', /no model of that size was measured/);
  // Its sweep charts it beside the preset's measured pair, and the legend says what it is.
  await expect(page.locator('[data-testid="stage-chart"] [data-id="sim-1.4B|rebase|16"]')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.locator('[data-testid="stage-chart"] .if-pc-legend')).toContainText('sim-1.4B (hypothetical)');
  await expect(page.locator('[data-testid="stage-chart"] .if-pc-legend')).toContainText('sim-1.4B: hypothetical: extrapolated');
});
