/**
 * Export for slides and offline hosting (issue 5, items 4–6): the Explorer's PNG / SVG / WebM
 * exports download non-empty files of the right type, Share copies the link, and the built app
 * grows its tree when served from a sub-path with every request on its own origin.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { test, expect, type Download, type Page } from '@playwright/test';
import { collectErrors, frontier, waitForRun } from './fixtures';

async function bytesOf(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFile(path);
}

async function openExport(page: Page): Promise<void> {
  await page.getByText('Export', { exact: true }).click();
}

test('the Explorer exports the tree as PNG and SVG files of the right type', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('./?view=explorer');
  await waitForRun(page);
  await expect.poll(async () => (await frontier(page)).nodeCount).toBeGreaterThan(5);
  // Hold the tree still, so the exported SVG and the hook count the same nodes.
  await page.getByRole('button', { name: /pause/i }).click();

  await openExport(page);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG image' }).click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  const pngBytes = await bytesOf(png);
  expect(pngBytes.length).toBeGreaterThan(1000);
  expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // 2× the canvas's CSS size (IHDR width / height, big-endian at bytes 16 and 20).
  const box = (await page.getByTestId('tree-canvas').boundingBox())!;
  expect(pngBytes.readUInt32BE(16)).toBe(Math.round(box.width * 2));
  expect(pngBytes.readUInt32BE(20)).toBe(Math.round(box.height * 2));

  await openExport(page);
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG image' }).click()]);
  expect(svg.suggestedFilename()).toMatch(/\.svg$/);
  const text = (await bytesOf(svg)).toString('utf8');
  expect(text.startsWith('<svg') || text.startsWith('<?xml')).toBe(true);
  const { nodeCount } = await frontier(page);
  expect(text.match(/<g class="node"/g)?.length).toBe(nodeCount);
  expect(errors).toEqual([]);
});

test('the replay export records the search from the start as a non-empty WebM video', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = collectErrors(page);
  await page.goto('./?speed=8');
  await waitForRun(page);
  const canRecord = await page.evaluate(() => typeof MediaRecorder !== 'undefined'
    && ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].some((t) => MediaRecorder.isTypeSupported(t)));
  await openExport(page);
  const button = page.getByRole('button', { name: 'Replay video (WebM)' });
  if (!canRecord) {
    // No PNG-sequence fallback (no zip library in the app): the button says why it is off.
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute('title', /cannot record WebM/);
    return;
  }
  const downloading = page.waitForEvent('download', { timeout: 50_000 });
  await button.click();
  await expect(page.getByTestId('replay-progress')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
  // It starts from the beginning and plays to the end.
  await expect.poll(async () => (await frontier(page)).playing).toBe(true);
  const video = await downloading;
  expect(video.suggestedFilename()).toMatch(/\.webm$/);
  const bytes = await bytesOf(video);
  expect(bytes.length).toBeGreaterThan(1000);
  // EBML magic: a Matroska / WebM file.
  expect([...bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
  const end = await frontier(page);
  expect(end.playhead).toBe(end.eventCount);
  await expect(page.getByTestId('replay-progress')).toBeHidden();
  expect(errors).toEqual([]);
});

test('Share copies the page URL to the clipboard', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await page.goto('./?orient=lr');
  // The URL follows the playhead: hold it still.
  await waitForRun(page);
  await page.getByRole('button', { name: /pause/i }).click();
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await page.evaluate(() => location.href));
  expect(copied).toContain('orient=lr');
});

test('Share falls back to a selected read-only field when the clipboard is refused', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) } });
  });
  await page.goto('./?view=explorer');
  await waitForRun(page);
  await page.getByRole('button', { name: /pause/i }).click();
  await page.getByRole('button', { name: 'Share' }).click();
  const field = page.getByTestId('share-url');
  await expect(field).toBeVisible();
  await expect(field).toHaveValue(await page.evaluate(() => location.href));
  expect(await field.evaluate((el: HTMLInputElement) => el.readOnly && el.selectionEnd! - el.selectionStart! === el.value.length)).toBe(true);
});

// --- offline / static hosting -------------------------------------------------------------------

const DIST = resolve('dist');
const PORT = 4399;
const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.map': 'application/json',
};

/** A minimal static server: /talk/* → dist/*, anything else 404. */
function serveDistUnder(prefix: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404).end(); return; }
    const rel = path.slice(prefix.length) || 'index.html';
    const file = normalize(join(DIST, rel));
    if (!file.startsWith(DIST)) { res.writeHead(403).end(); return; }
    stat(file).then((s) => (s.isFile() ? readFile(file) : Promise.reject(new Error('not a file'))))
      .then((body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body))
      .catch(() => res.writeHead(404).end());
  });
  return new Promise((ok) => server.listen(PORT, '127.0.0.1', () => ok(server)));
}

test('the built app opens on the Stage from a sub-path of any static server, offline: both trees grow and the chart fills in, with no request off its origin', async ({ page }) => {
  const server = await serveDistUnder('/talk/');
  try {
    const origin = `http://127.0.0.1:${PORT}`;
    const requests: string[] = [];
    const failed: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
    const errors = collectErrors(page);
    await page.goto(`${origin}/talk/`);
    await expect(page.getByTestId('stage-view')).toBeVisible();
    const stage = () => page.evaluate(() => window.__frontier!.stage);
    await expect.poll(async () => Math.min(...(await stage()).panes.map((p) => p.nodeCount)), { timeout: 15_000 }).toBeGreaterThan(5);
    await expect.poll(async () => (await stage()).chartPoints, { timeout: 20_000 }).toBeGreaterThan(0);
    const foreign = requests.filter((u) => !u.startsWith('data:') && new URL(u.replace(/^blob:/, '')).origin !== origin);
    expect(foreign).toEqual([]);
    // The app's own files all came from under the sub-path.
    expect(requests.filter((u) => u.startsWith(origin) && !u.startsWith(`${origin}/talk/`))).toEqual([]);
    expect(requests.some((u) => /\/talk\/assets\/search\.worker-[\w-]+\.js$/.test(u))).toBe(true);
    expect(requests.some((u) => /\/talk\/assets\/sweep\.worker-[\w-]+\.js$/.test(u))).toBe(true);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await new Promise((ok) => server.close(ok));
  }
});
