/**
 * Other tools' files (the real ones in ../shared/data) load like trace bundles: the Explorer
 * replays a strategy over the imported tree or pool, and the Scaling view sweeps an imported pool.
 */
import { test, expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import { frontier, waitForRun } from './fixtures';

const DATA = join(import.meta.dirname, '..', '..', 'shared', 'data');

async function load(page: Page, file: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load trace…' }).first().click();
  await (await chooser).setFiles(join(DATA, file));
}

test('the real OpenR, PRM800K, OpenAI and compute-optimal-TTS files open in the Explorer as trees', async ({ page }) => {
  await page.goto('./?view=explorer');
  await waitForRun(page);
  for (const file of [
    'openr_math_aps_mcts_tree_samples.jsonl', 'prm800k_label_examples.jsonl',
    'openai_scored_test_sample_example.json', 'cotts_math500_best_of_n_qwen15b_mathshepherd.jsonl.gz',
  ]) {
    await load(page, file);
    await expect(page).toHaveURL(new RegExp(`src=file(:|%3A)${file.replace(/\./g, '\\.')}`));
    await waitForRun(page);
    await page.getByRole('button', { name: /pause/i }).click();
    await page.keyboard.press('End');
    const state = await frontier(page);
    expect(state.status, file).toBe('done');
    expect(state.nodeCount, file).toBeGreaterThan(1);
    await expect(page.getByRole('alert')).toHaveCount(0);
  }
});

test('an imported pool (compute-optimal-TTS best-of-N, 500 MATH problems) is swept in the Scaling view', async ({ page }) => {
  await page.goto('./?view=explorer');
  await waitForRun(page);
  const file = 'cotts_math500_best_of_n_qwen15b_mathshepherd.jsonl.gz';
  await load(page, file);
  await waitForRun(page);
  await page.getByTestId('nav-scaling').click();
  await page.getByRole('combobox', { name: 'Data source' }).selectOption(`file:${file}`);
  await expect(page).toHaveURL(/src=file/);
  await expect.poll(() => page.evaluate(() => window.__frontier!.scaling.points), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('scaling-caption')).toBeVisible();
});
