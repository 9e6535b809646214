import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

interface Scene { title: string; caption: string; view: string; query: string }
const deck = JSON.parse(readFileSync(new URL('../src/ui/presenter/deck.json', import.meta.url), 'utf8')) as { scenes: Scene[] };

const presenter = (page: Page) => page.evaluate(() => window.__frontier!.presenter);
const view = (page: Page) => page.evaluate(() => window.__frontier!.view);

async function expectScene(page: Page, k: number) {
  const sc = deck.scenes[k - 1]!;
  await expect(page.getByTestId('scene-indicator')).toHaveText(`${k} / ${deck.scenes.length}`);
  await expect(page.getByTestId('scene-title')).toHaveText(sc.title);
  await expect(page.getByTestId('scene-caption')).toHaveText(sc.caption);
  await expect.poll(() => view(page)).toBe(sc.view);
  expect(await presenter(page)).toEqual({ active: true, scene: k, scenes: deck.scenes.length, blank: false });
  // The URL is the scene's view and query, plus the presenter keys (the view's sync keeps them).
  await expect(page).toHaveURL(new RegExp(`[?&]view=${sc.view}.*&present=1&scene=${k}$`));
}

test('the built-in deck can be presented with the keyboard alone', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./?present=1');
  await expect(page.getByTestId('presenter')).toBeVisible();
  // Chrome hidden: no nav, no setup panel, no timeline.
  await expect(page.getByTestId('nav-explorer')).toBeHidden();
  await expectScene(page, 1);
  const size = await page.getByTestId('scene-caption').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(28);

  for (let k = 2; k <= deck.scenes.length; k++) {
    await page.keyboard.press('ArrowRight');
    await expectScene(page, k);
  }
  // Past the end stays on the last scene.
  await page.keyboard.press('ArrowRight');
  await expectScene(page, deck.scenes.length);

  await page.keyboard.press('ArrowLeft');
  await expectScene(page, deck.scenes.length - 1);
  await page.keyboard.press('2');
  await expectScene(page, 2);
  await page.keyboard.press('Space');
  await expectScene(page, 3);
  await page.keyboard.press('PageUp');
  await expectScene(page, 2);

  await page.keyboard.press('b');
  await expect(page.getByTestId('presenter-blank')).toBeVisible();
  expect((await presenter(page)).blank).toBe(true);
  await page.keyboard.press('b');
  await expect(page.getByTestId('presenter-blank')).toHaveCount(0);
  expect((await presenter(page)).blank).toBe(false);

  // Escape leaves presenter mode; the view stays, without the presenter keys.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('presenter')).toHaveCount(0);
  expect((await presenter(page)).active).toBe(false);
  await expect(page).not.toHaveURL(/present=1/);
  await expect(page.getByTestId('nav-present')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a custom deck replaces the built-in one; a bad one is refused with its errors', async ({ page }) => {
  await page.goto('./?view=explorer');
  await page.getByTestId('nav-present').click();
  await expect(page.getByTestId('presenter')).toBeVisible();
  await expectScene(page, 1);

  const mine = {
    title: 'My talk',
    scenes: [
      { title: 'Beam search', caption: 'Beam search keeps the best few partial solutions.', view: 'explorer', query: 'view=explorer&s=beam&problem=sim-L2-0003' },
      { title: 'Best-of-n', caption: 'Best-of-n at three budgets.', view: 'scaling', query: 'view=scaling&models=sim-1.4B&strategies=best-of-n&budgets=1,4,16&count=20' },
    ],
  };
  await page.getByTestId('deck-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(mine)) });
  await expect(page.getByTestId('scene-indicator')).toHaveText('1 / 2');
  await expect(page.getByTestId('scene-title')).toHaveText('Beam search');
  await expect(page.getByTestId('scene-caption')).toHaveText(mine.scenes[0]!.caption);
  await expect(page).toHaveURL(/s=beam.*problem=sim-L2-0003.*present=1&scene=1$|problem=sim-L2-0003.*s=beam.*present=1&scene=1$/);
  expect(await presenter(page)).toEqual({ active: true, scene: 1, scenes: 2, blank: false });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('scene-title')).toHaveText('Best-of-n');
  await expect.poll(() => view(page)).toBe('scaling');

  const bad = { scenes: [{ title: 'x', caption: 'y', view: 'slides', query: '' }] };
  await page.getByTestId('deck-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.getByTestId('deck-errors')).toContainText('scenes[0].view: expected one of "stage", "explorer", "scaling", "compare", got "slides"');
  // The deck in use is unchanged.
  await expect(page.getByTestId('scene-title')).toHaveText('Best-of-n');
});
