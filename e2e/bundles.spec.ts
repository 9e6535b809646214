import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { frontier, waitForRun } from './fixtures';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'sim-mcts.trace.json');

test('a fixture bundle loads from the file picker and replays its recorded tree', async ({ page }) => {
  await page.goto('./?view=explorer');
  await waitForRun(page);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load trace…' }).first().click();
  await (await chooser).setFiles(fixture);
  await expect(page.getByTestId('caption')).toContainText('MCTS');
  await waitForRun(page);
  await expect(page).toHaveURL(/src=file/);
  await page.keyboard.press('End');
  const state = await frontier(page);
  // The recorded MCTS run generated 64 nodes; a replay of it must show exactly those.
  expect(state.nodeCount).toBe(64);
  expect(state.status).toBe('done');
});

test('a malformed bundle shows one clear error naming the JSON path, and the current view stays', async ({ page }) => {
  await page.goto('./?view=explorer');
  await waitForRun(page);
  await page.getByRole('button', { name: /pause/i }).click();
  await page.keyboard.press('End');
  const before = await frontier(page);
  const bad = JSON.parse(readFileSync(fixture, 'utf8'));
  bad.pools[0].nodes[3].reward = 1.5;
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load trace…' }).first().click();
  await (await chooser).setFiles({ name: 'broken.trace.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('broken.trace.json');
  await expect(alert).toContainText('pools[0].nodes[3].reward');
  const after = await frontier(page);
  expect(after.nodeCount).toBe(before.nodeCount);
  expect(after.playhead).toBe(before.playhead);
  expect(page.url()).not.toContain('src=file');
  await expect(page.getByTestId('caption')).toContainText('REBASE');
  await alert.getByRole('button', { name: /dismiss/i }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a cut-off gzip bundle says the compressed data is damaged (not "Failed to fetch"), and the tree stays', async ({ page }) => {
  await page.goto('./?view=explorer');
  await waitForRun(page);
  await page.getByRole('button', { name: /pause/i }).click();
  await page.keyboard.press('End');
  const before = await frontier(page);
  const cut = gzipSync(readFileSync(fixture)).subarray(0, 300);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load trace…' }).first().click();
  await (await chooser).setFiles({ name: 'cut.trace.json.gz', mimeType: 'application/gzip', buffer: cut });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('cut.trace.json.gz: not a readable gzip file: the compressed data is damaged or cut off');
  await expect(alert).not.toContainText('Failed to fetch');
  expect((await frontier(page)).nodeCount).toBe(before.nodeCount);
});

test('a bundle dropped on the page loads like one picked from the file dialog', async ({ page }) => {
  await page.goto('./?view=explorer');
  await waitForRun(page);
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sim-rebase.trace.json'), 'utf8');
  const drop = await page.evaluateHandle((json) => {
    const dt = new DataTransfer();
    dt.items.add(new File([json], 'dropped.trace.json', { type: 'application/json' }));
    return dt;
  }, text);
  const zone = page.locator('.if-dropzone').first();
  await zone.dispatchEvent('dragenter', { dataTransfer: drop });
  await zone.dispatchEvent('dragover', { dataTransfer: drop });
  await zone.dispatchEvent('drop', { dataTransfer: drop });
  await expect(page).toHaveURL(/src=file%3Adropped\.trace\.json|src=file:dropped\.trace\.json/);
  await waitForRun(page);
  await page.keyboard.press('End');
  // The replay shows exactly the nodes the recorded REBASE run (width 16) generated.
  const recorded = (JSON.parse(text) as { runs: { result: { nodes: number } }[] }).runs[0].result.nodes;
  expect(recorded).toBeGreaterThan(16);
  expect((await frontier(page)).nodeCount).toBe(recorded);
});
