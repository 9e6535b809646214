import { test, expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

// The chart read from the back of a room (issue 12): no two texts overlap, every text is at least
// 16 CSS px, and at most four curves are at full strength on the Stage and in presenter scenes.

interface Scene { title: string; view: string; query: string }
const deck = JSON.parse(readFileSync(new URL('../src/ui/presenter/deck.json', import.meta.url), 'utf8')) as { scenes: Scene[] };
const chartScenes = deck.scenes.map((s, i) => ({ ...s, k: i + 1 })).filter((s) => s.view === 'scaling' || s.view === 'stage');

interface TextBox { text: string; x: number; y: number; w: number; h: number; px: number }

/** Every visible text of the chart's SVG (axes, labels, legend, markers) as laid out on screen. */
function chartTexts(chart: Locator): Promise<TextBox[]> {
  return chart.locator('svg.if-pc-svg').evaluate((svg: SVGSVGElement) => {
    const scale = svg.getScreenCTM()?.a ?? 1;
    return [...svg.querySelectorAll('text')].flatMap((t) => {
      const r = t.getBoundingClientRect();
      const text = (t.textContent ?? '').trim();
      const style = getComputedStyle(t);
      if (!text || r.width === 0 || r.height === 0 || style.visibility === 'hidden' || style.display === 'none') return [];
      return [{ text, x: r.x, y: r.y, w: r.width, h: r.height, px: parseFloat(style.fontSize) * scale }];
    });
  });
}

/** Pairs of texts whose boxes overlap by more than a 2 px sliver (line boxes include leading). */
function overlapping(boxes: readonly TextBox[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (dx > 2 && dy > 2) out.push(`"${a.text}" × "${b.text}"`);
    }
  }
  return out;
}

/** Keys of the curves drawn at full strength. */
const loudCurves = (chart: Locator) => chart.locator('path.if-pc-line').evaluateAll((els) =>
  els.filter((e) => Number(e.getAttribute('stroke-opacity')) === 1).map((e) => e.getAttribute('data-curve')!).sort());

async function expectReadable(chart: Locator, maxLoud: number | null) {
  const boxes = await chartTexts(chart);
  expect(boxes.length).toBeGreaterThan(10); // ticks, titles, legend at least
  expect(boxes.filter((b) => b.px < 16).map((b) => `${b.text} ${b.px}px`)).toEqual([]);
  expect(overlapping(boxes)).toEqual([]);
  if (maxLoud !== null) expect((await loudCurves(chart)).length).toBeLessThanOrEqual(maxLoud);
}

const scaling = (page: Page) => page.evaluate(() => window.__frontier!.scaling as unknown as { status: string; points: number; limits: number });

async function waitForDone(page: Page) {
  await expect.poll(async () => {
    const s = await scaling(page);
    return s.status === 'done' && s.limits > 0;
  }, { timeout: 60_000 }).toBe(true);
  await page.waitForTimeout(700); // the Stage's chart takes new data at most every 400 ms
}

for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
  test.describe(`at ${width}×${height}`, () => {
    test.use({ viewport: { width, height } });

    test('the fresh Stage: four loud curves, no overlapping or small text, while the sweep runs and when done', async ({ page }) => {
      test.setTimeout(90_000);
      await page.goto('./');
      const chart = page.getByTestId('stage-chart');
      // Progressed: some points have enough problems behind them to be drawn.
      await expect.poll(() => chart.locator('path.if-pc-point').count(), { timeout: 30_000 }).toBeGreaterThan(6);
      await expectReadable(chart, 4);
      await waitForDone(page);
      await expectReadable(chart, 4);
      // The story's curves: the panes' REBASE and MCTS, and weighted and plain voting, all on sim-7B.
      expect(await loudCurves(chart)).toEqual(['sim-7B|majority', 'sim-7B|mcts', 'sim-7B|rebase', 'sim-7B|weighted-majority']);
      // Done: no point is provisional any more, and the legend states the rule and names the limits.
      await expect(chart.locator('[data-provisional]')).toHaveCount(0);
      await expect(chart.locator('.if-pc-legend')).toContainText('hollow = provisional');
      await expect(chart.locator('.if-pc-limit-label').first()).toHaveText(/^MV limit 7B \d+\.\d%$/);
    });
  });
}

test.describe('at 1280×720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('a legend entry shows or fades its strategy from the keyboard, and says which it is', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('./');
    await waitForDone(page);
    const chart = page.getByTestId('stage-chart');
    const greedy = chart.locator('.if-pc-legend-toggle', { hasText: 'Greedy' });
    await expect(greedy).toHaveAttribute('aria-pressed', 'false');
    await greedy.focus();
    await page.keyboard.press('Enter');
    await expect(greedy).toHaveAttribute('aria-pressed', 'true');
    expect(await loudCurves(chart)).toContain('sim-7B|greedy');
    const mcts = chart.locator('.if-pc-legend-toggle', { hasText: 'MCTS' });
    await mcts.click();
    await expect(mcts).toHaveAttribute('aria-pressed', 'false');
    expect(await loudCurves(chart)).not.toContain('sim-7B|mcts');
    await expectReadable(chart, null);
  });

  test('the Scaling view shows all 14 curves with no overlapping or small text', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('./?view=scaling');
    await waitForDone(page);
    const chart = page.getByTestId('scaling-chart');
    expect((await loudCurves(chart)).length).toBe(14);
    await expectReadable(chart, null);
  });
});

for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
  test(`presenter scenes with a chart read at ${width}×${height}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height });
    expect(chartScenes.length).toBeGreaterThanOrEqual(4);
    for (const sc of chartScenes) {
      await page.goto(`./?${sc.query}&present=1&scene=${sc.k}`);
      await expect(page.getByTestId('scene-title')).toHaveText(sc.title);
      await waitForDone(page);
      const chart = page.getByTestId(sc.view === 'stage' ? 'stage-chart' : 'scaling-chart');
      await expect(chart.locator('path.if-pc-point').first()).toBeVisible();
      await expectReadable(chart, 4);
    }
  });
}
