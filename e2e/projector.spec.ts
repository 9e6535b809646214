/**
 * Projector checks (issue 12, docs/stage.md "Projector rules"): on the Stage at 1280×720 and
 * 1920×1080, and on every presenter scene, no text is under 16 CSS px, every text is shown at a
 * contrast of at least 4.5:1 (WCAG AA) and no two pieces of page text overlap. The chart's own
 * SVG text has its own checks (e2e/projector-chart.spec.ts).
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { collectErrors } from './fixtures';
import { describeBox, overlaps, shownContrast, textBoxes, type TextBox } from './projector-text';

const MIN_PX = 16;
const MIN_CONTRAST = 4.5;
const deck = JSON.parse(readFileSync(new URL('../src/ui/presenter/deck.json', import.meta.url), 'utf8')) as { scenes: { title: string }[] };

function expectReadable(boxes: TextBox[], where: string) {
  expect(boxes.length, `${where}: text found`).toBeGreaterThanOrEqual(4);
  const small = boxes.filter((t) => t.fontPx < MIN_PX).map(describeBox);
  expect(small, `${where}: text under ${MIN_PX} px`).toEqual([]);
  const faint = boxes.filter((t) => shownContrast(t) < MIN_CONTRAST).map((t) => `${describeBox(t)} ${shownContrast(t).toFixed(2)}:1 (${t.color} on ${t.background})`);
  expect(faint, `${where}: text under ${MIN_CONTRAST}:1`).toEqual([]);
}

const htmlText = (boxes: TextBox[]) => boxes.filter((t) => !t.svg);

for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
  test(`the Stage at ${width}×${height}: every text ≥ ${MIN_PX} px at ≥ ${MIN_CONTRAST}:1, none overlapping`, async ({ page }) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width, height });
    await page.goto('./');
    const stage = page.getByTestId('stage-view');
    await expect(stage).toBeVisible();
    // Mid-run (trees growing, sweep streaming) and once both runs have finished.
    await expect.poll(async () => (await page.evaluate(() => window.__frontier!.stage)).chartPoints, { timeout: 20_000 }).toBeGreaterThan(0);
    for (const moment of ['while the runs play', 'when they are over']) {
      if (moment === 'when they are over') await page.getByRole('button', { name: /to end/i }).click();
      const boxes = htmlText(await textBoxes(stage));
      expectReadable(boxes, `Stage ${width}×${height} ${moment}`);
      expect(overlaps(boxes).map(([a, b]) => `${describeBox(a)} × ${describeBox(b)}`), `Stage ${width}×${height} ${moment}: overlapping text`).toEqual([]);
    }
    expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([width, height]);
    expect(errors).toEqual([]);
  });
}

test(`every presenter scene at 1280×720: its text ≥ ${MIN_PX} px at ≥ ${MIN_CONTRAST}:1`, async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./?present=1');
  const frame = page.getByTestId('presenter');
  await expect(frame).toBeVisible();
  for (let k = 1; k <= deck.scenes.length; k++) {
    await expect(page.getByTestId('scene-indicator')).toHaveText(`${k} / ${deck.scenes.length}`);
    await page.waitForTimeout(600);
    const boxes = htmlText(await textBoxes(frame));
    expectReadable(boxes, `scene ${k} "${deck.scenes[k - 1].title}"`);
    expect(boxes.find((t) => t.where.includes('if-present-caption'))?.fontPx ?? 0).toBeGreaterThanOrEqual(28);
    if (k < deck.scenes.length) await page.keyboard.press('ArrowRight');
  }
});
