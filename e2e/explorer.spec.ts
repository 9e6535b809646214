import { test, expect } from '@playwright/test';
import { collectErrors, frontier, waitForRun } from './fixtures';

test('a fresh open shows the Explorer with REBASE on a sim problem, playing, and the tree grows', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('./?view=explorer');
  await expect(page.getByTestId('caption')).toContainText('REBASE');
  await expect(page.getByTestId('caption')).toContainText('simulated');
  await expect(page.getByTestId('tree-canvas')).toBeVisible();
  const first = await frontier(page);
  expect(first.view).toBe('explorer');
  expect(first.playing).toBe(true);
  await expect.poll(async () => (await frontier(page)).nodeCount, { timeout: 10_000 }).toBeGreaterThan(first.nodeCount + 5);
  expect(errors).toEqual([]);
});

test('stepping forward and back changes the node count, and back restores the earlier tree exactly', async ({ page }) => {
  await page.goto('./?view=explorer');
  await waitForRun(page);
  await page.getByRole('button', { name: /pause/i }).click();
  await page.keyboard.press('Home');
  await expect.poll(async () => (await frontier(page)).nodeCount).toBe(0);
  const counts: number[] = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('ArrowRight');
    counts.push((await frontier(page)).nodeCount);
  }
  // REBASE grows every depth: each step forward adds nodes.
  expect(counts[0]).toBeGreaterThan(0);
  expect(counts[1]).toBeGreaterThan(counts[0]);
  expect(counts[2]).toBeGreaterThan(counts[1]);
  await page.keyboard.press('ArrowLeft');
  expect((await frontier(page)).nodeCount).toBe(counts[1]);
  await page.keyboard.press('ArrowLeft');
  expect((await frontier(page)).nodeCount).toBe(counts[0]);
  await page.keyboard.press('End');
  const end = await frontier(page);
  expect(end.playhead).toBe(end.eventCount);
});

test('a copied URL reopens the same tree at the same step with the same selection', async ({ page, context }) => {
  await page.goto('./?view=explorer');
  await waitForRun(page);
  await page.getByRole('button', { name: /pause/i }).click();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const before = await frontier(page);
  const target = before.nodeCount - 1;
  // New nodes glide into place and the camera follows the growing tree: click once it is still.
  let pos: { x: number; y: number } | null = null;
  await expect.poll(async () => {
    const prev = pos;
    pos = await page.evaluate((id) => window.__frontier!.positionOf(id), target);
    return prev !== null && pos !== null && Math.hypot(prev.x - pos.x, prev.y - pos.y) < 0.5;
  }, { intervals: [150] }).toBe(true);
  await page.mouse.click(pos!.x, pos!.y);
  await expect.poll(async () => (await frontier(page)).selection).toBe(target);
  await expect(page.getByRole('complementary', { name: 'Inspector' })).toContainText(/tokens/i);
  await expect.poll(() => page.evaluate(() => location.search)).toContain(`sel=${target}`);
  const url = page.url();

  const again = await context.newPage();
  await again.goto(url);
  await expect.poll(async () => (await frontier(again)).selection, { timeout: 10_000 }).toBe(target);
  const after = await frontier(again);
  expect(after.nodeCount).toBe(before.nodeCount);
  expect(after.playhead).toBe(before.playhead);
  expect(after.playing).toBe(false);
});

test('an invalid URL value falls back with a visible notice, never a blank page', async ({ page }) => {
  await page.goto('./?view=explorer&s=rebase&width=abc&seed=-4');
  await expect(page.getByRole('status').filter({ hasText: 'width' }).first()).toBeVisible();
  await expect(page.getByTestId('caption')).toContainText('REBASE');
  await expect.poll(async () => (await frontier(page)).nodeCount, { timeout: 10_000 }).toBeGreaterThan(0);
});
