/**
 * The trees on a projector (issue 12): each tree pane keeps its whole tree in view and large as
 * it grows (Follow), tree text is at least 16 CSS px, and a pan or zoom frees the camera until
 * the pane's Follow button (or 0) brings the fit back. Read through `window.__frontier.treeViews()`:
 * each canvas's size, the drawn tree's box and the smallest label of the last frame, in CSS px.
 */
import { test, expect, type Page } from '@playwright/test';
import type { TreeView } from '../src/viz/tree-canvas';
import { collectErrors } from './fixtures';

const views = (page: Page) => page.evaluate(() => window.__frontier!.treeViews());
const stageCounts = (page: Page) => page.evaluate(() => window.__frontier!.stage.panes.map((p) => p.nodeCount));

/** How the tree sits in its canvas: inside it (1 px slack), and how much of the smaller side each of its sides spans. */
function fill(v: TreeView | null) {
  if (!v?.extent) return null;
  const e = v.extent;
  const side = Math.min(v.width, v.height);
  return {
    inside: e.left >= -1 && e.top >= -1 && e.right <= v.width + 1 && e.bottom <= v.height + 1,
    across: Math.min(e.right - e.left, e.bottom - e.top) / side,
    mode: v.mode,
  };
}

/** Wait until every pane's tree is settled in view (a glide may be under way just after a batch). */
async function expectPanesFilled(page: Page, which: 'panes' | 'explorer', least: number) {
  await expect.poll(async () => {
    const t = await views(page);
    const list = which === 'panes' ? t.panes : [t.explorer];
    return list.map((v) => { const f = fill(v); return !!f && f.inside && f.across >= least && f.mode === 'follow'; });
  }, { timeout: 10_000 }).toEqual(which === 'panes' ? [true, true] : [true]);
}

for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
  test(`at ${width}×${height} the fresh Stage's trees fill their panes as they grow, with tree text of 16 px or more`, async ({ page }) => {
    const errors = collectErrors(page);
    await page.setViewportSize({ width, height });
    await page.goto('./');
    await expect.poll(async () => Math.min(...(await stageCounts(page))), { timeout: 15_000 }).toBeGreaterThanOrEqual(20);
    // The whole tree in view, and each of its sides at least half of the pane's smaller side.
    await expectPanesFilled(page, 'panes', 0.5);
    // Follow: the trees keep growing and stay in view, still filling the panes.
    const at20 = await stageCounts(page);
    await expect.poll(async () => Math.min(...(await stageCounts(page)).map((n, i) => n - at20[i])), { timeout: 15_000 }).toBeGreaterThanOrEqual(15);
    await expectPanesFilled(page, 'panes', 0.5);
    // Text on the trees ("budget 16", answers, visit counts — whatever has room) is never under 16 px.
    let labelled = 0;
    for (let i = 0; i < 8; i++) {
      for (const v of (await views(page)).panes) {
        if (v && v.labels > 0) {
          labelled++;
          expect(v.minLabelPx).toBeGreaterThanOrEqual(16);
        }
      }
      await page.waitForTimeout(150);
    }
    if (width === 1920) expect(labelled).toBeGreaterThan(0);
    // The question is in the header, not at the root of either tree.
    await expect(page.locator('.if-stage-question')).toContainText('The school library has 152 books');
    expect(errors).toEqual([]);
  });
}

test('the early Stage draws tree labels, all of them 16 px or more at 1280×720', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  // While the trees are small there is room for text: REBASE's "budget 16", MCTS's visit counts.
  const seen: number[] = [];
  await expect.poll(async () => {
    for (const v of (await views(page)).panes) if (v && v.labels > 0 && v.minLabelPx !== null) seen.push(v.minLabelPx);
    return seen.length;
  }, { timeout: 10_000, intervals: [50] }).toBeGreaterThan(3);
  expect(Math.min(...seen)).toBeGreaterThanOrEqual(16);
});

test('a pan frees a pane\'s camera; its Follow button, or 0 on the tree, fits and follows again', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  const follow = page.getByTestId('follow-0');
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('follow-1')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => Math.min(...(await stageCounts(page))), { timeout: 15_000 }).toBeGreaterThanOrEqual(20);
  // Zoom in with the keyboard on the left tree: that pane goes free, the other keeps following.
  const canvas = page.getByTestId('compare-canvas-0');
  await canvas.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('+');
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  await expect(follow).toContainText('Free');
  await expect(page.getByTestId('follow-1')).toHaveAttribute('aria-pressed', 'true');
  // Zoomed in, the tree no longer fits in its pane, and it stays that way while it grows.
  await expect.poll(async () => fill((await views(page)).panes[0])?.inside).toBe(false);
  await page.waitForTimeout(600);
  expect(fill((await views(page)).panes[0])).toMatchObject({ inside: false, mode: 'free' });
  // The button brings the whole tree back and follows it again.
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  await expectPanesFilled(page, 'panes', 0.5);
  // A mouse drag frees it too; 0 with the tree focused fits again.
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height - 30);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 150, box.y + box.height - 30, { steps: 5 });
  await page.mouse.up();
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  await canvas.focus();
  await page.keyboard.press('0');
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  await expectPanesFilled(page, 'panes', 0.5);
  // Pressing Follow while following leaves the camera where it is, free.
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  expect(fill((await views(page)).panes[0])?.inside).toBe(true);
});

test('the Explorer and Compare trees fill their panes, with the question in the header', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./?view=explorer');
  await expect.poll(() => page.evaluate(() => window.__frontier!.nodeCount), { timeout: 15_000 }).toBeGreaterThanOrEqual(20);
  await expectPanesFilled(page, 'explorer', 0.5);
  await expect(page.getByTestId('tree-question')).toContainText('Ben keeps $41 in a savings jar');
  await expect(page.getByTestId('tree-follow')).toHaveAttribute('aria-pressed', 'true');

  await page.goto('./?view=compare&problem=sim-L3-0002&model=sim-7B&prm=default&seed=0&panes=rebase:width=16|mcts:budget=64&unit=flops&sync=0');
  await expect.poll(async () => Math.min(...(await page.evaluate(() => window.__frontier!.compare.panes.map((p) => p.nodeCount)))), { timeout: 15_000 }).toBeGreaterThanOrEqual(20);
  await expectPanesFilled(page, 'panes', 0.5);
  await expect(page.getByTestId('compare-caption')).toContainText('Ben keeps $41');
});

test('under prefers-reduced-motion the camera jumps to the fit: the whole tree is in view on the next frame', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  await expect.poll(async () => Math.min(...(await stageCounts(page))), { timeout: 15_000 }).toBeGreaterThanOrEqual(20);
  const canvas = page.getByTestId('compare-canvas-0');
  await canvas.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('+');
  await expect.poll(async () => fill((await views(page)).panes[0])?.inside).toBe(false);
  // Press Follow and read the very next painted frame: no glide (it takes ~400 ms with motion on).
  const next = await page.evaluate(async () => {
    (document.querySelector('[data-testid="follow-0"]') as HTMLButtonElement).click();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return window.__frontier!.treeViews().panes[0];
  });
  expect(fill(next)).toMatchObject({ inside: true, mode: 'follow' });
  expect(fill(next)!.across).toBeGreaterThanOrEqual(0.5);
});
