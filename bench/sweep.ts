/**
 * bench/sweep — the Scaling view's default sweep in headless chromium (Playwright, built app):
 * time to the first plotted point and to the whole sweep, with the app's pool
 * (hardwareConcurrency − 1 workers) and with one and two workers. Prints figures; never fails on
 * time. `npm run bench:sweep` (builds first).
 *
 * The pool size is set by overriding navigator.hardwareConcurrency before the page loads (the pool
 * uses max(1, hardwareConcurrency − 1)).
 */
import { chromium } from '@playwright/test';
import { cpus } from 'node:os';
import { preview } from 'vite';

const PORT = 4181;
const runs = process.argv.includes('--quick') ? 1 : 3;
const query = process.argv.includes('--quick') ? '?view=scaling&preset=quick' : '?view=scaling&preset=default';

const WATCH = (cores: number | null) => `(() => {
  ${cores === null ? '' : `Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => ${cores} });`}
  window.__t = { start: null, first: null, done: null };
  const poll = () => {
    const s = window.__frontier && window.__frontier.scaling;
    if (s && s.status !== 'idle' && window.__t.start === null) window.__t.start = performance.now();
    if (s && s.points > 0 && window.__t.first === null) window.__t.first = performance.now();
    if (s && s.status === 'done' && window.__t.done === null) { window.__t.done = performance.now(); window.__t.points = s.points; window.__t.cells = s.cells; return; }
    setTimeout(poll, 5);
  };
  poll();
})()`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const server = await preview({ preview: { port: PORT, host: '127.0.0.1', strictPort: true }, logLevel: 'warn' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const rows: string[] = [];
  let pointsCells = '';
  for (const [label, cores] of [['app default (hardwareConcurrency − 1)', null], ['1 worker', 2], ['2 workers', 3]] as const) {
    const first: number[] = [], done: number[] = [], fromStart: number[] = [], sweepOnly: number[] = [];
    let workers = 0;
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.addInitScript(WATCH(cores));
      await page.goto(`http://127.0.0.1:${PORT}/${query}`);
      await page.waitForFunction('window.__t && window.__t.done !== null', null, { timeout: 120_000, polling: 50 });
      const t = (await page.evaluate('window.__t')) as { start: number; first: number; done: number; points: number; cells: number };
      workers = (await page.evaluate('Math.max(1, navigator.hardwareConcurrency - 1)')) as number;
      first.push(t.first);
      done.push(t.done);
      fromStart.push(t.first - t.start);
      sweepOnly.push(t.done - t.start);
      pointsCells = `${t.points} points from ${t.cells.toLocaleString('en-US')} runs`;
      await page.close();
    }
    rows.push(`| ${label} | ${workers} | ${median(fromStart).toFixed(0)} | ${median(sweepOnly).toFixed(0)} | ${median(first).toFixed(0)} | ${median(done).toFixed(0)} |`);
  }
  console.log(`# bench/sweep — ${new Date().toISOString().slice(0, 10)}, headless chromium, ${cpus().length} cores, ${query}`);
  console.log('');
  console.log(`Median of ${runs} page loads; ${pointsCells}. "From sweep start": from the moment the view starts its sweep; "from navigation": page load included.`);
  console.log('');
  console.log('| pool | workers | first point, from sweep start (ms) | whole sweep, from sweep start (ms) | first point, from navigation (ms) | done, from navigation (ms) |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}
