/**
 * bench/render — frame times of the Explorer's tree canvas in headless chromium (Playwright), on
 * the built app. Prints figures; never fails on time. `npm run bench:render` (builds first).
 *
 * Scenarios: panning and zooming a 2,000- and a 10,000-node tree (MCTS, paused at the end of the
 * run), animating REBASE at width 256 while it plays, and the Stage opened fresh (time to the first
 * tree frame and chart point; frame times while its background sweep runs). Two figures per scenario:
 * - frame interval: time between animation frames (what the audience sees; 16.7 ms = 60 fps);
 * - draw: CPU time the canvas controller spent on the frame it drew.
 */
import { chromium, type Page } from '@playwright/test';
import { preview } from 'vite';

const quick = process.argv.includes('--quick');
const PORT = 4180;

interface Sample { interval: number; draw: number }

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

// Page scripts are strings: tsx would otherwise inject helpers (__name) the page does not have.
const START_RECORDING = `(() => {
  window.__frames = [];
  window.__rec = true;
  let last = performance.now();
  let lastDraw = -1;
  const tick = (now) => {
    const s = window.__frontier && window.__frontier.canvasStats();
    // A frame that redrew shows a new frameMs; frames without a redraw still count as intervals.
    const draw = s ? s.frameMs : 0;
    window.__frames.push({ interval: now - last, draw: draw !== lastDraw ? draw : -1 });
    lastDraw = draw;
    last = now;
    if (window.__rec) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
const STOP_RECORDING = `(() => { window.__rec = false; return window.__frames.slice(2); })()`;

async function startRecording(page: Page): Promise<void> {
  await page.evaluate(START_RECORDING);
}

async function stopRecording(page: Page): Promise<Sample[]> {
  return (await page.evaluate(STOP_RECORDING)) as Sample[];
}

async function panAndZoom(page: Page, seconds: number): Promise<void> {
  const box = (await page.getByTestId('tree-canvas').boundingBox())!;
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  const end = Date.now() + seconds * 1000;
  let i = 0;
  while (Date.now() < end) {
    if (i % 2 === 0) {
      for (let k = 0; k < 6; k++) await page.mouse.wheel(0, i % 4 === 0 ? -120 : 120);
    } else {
      await page.mouse.down();
      for (let k = 0; k < 12; k++) await page.mouse.move(cx + (k - 6) * 25, cy + ((k % 3) - 1) * 20);
      await page.mouse.up();
      await page.mouse.move(cx, cy);
    }
    i++;
  }
}

async function openAtEnd(page: Page, query: string): Promise<number> {
  await page.goto(`http://127.0.0.1:${PORT}/${query}`);
  await page.waitForFunction('window.__frontier && window.__frontier.finished && window.__frontier.playhead === window.__frontier.eventCount', null, { timeout: 60_000 });
  await page.waitForTimeout(500);
  return (await page.evaluate('window.__frontier.nodeCount')) as number;
}

function report(name: string, nodes: number, samples: Sample[]): string {
  const intervals = samples.map((s) => s.interval);
  const draws = samples.filter((s) => s.draw >= 0).map((s) => s.draw);
  const f = (x: number) => x.toFixed(1);
  return `| ${name} | ${nodes.toLocaleString('en-US')} | ${samples.length} | ${f(pct(intervals, 50))} | ${f(pct(intervals, 95))} | ${f(pct(draws, 50))} | ${f(pct(draws, 95))} |`;
}

/**
 * The Stage, opened fresh like a speaker would: from navigation to the first frame in which both
 * tree canvases drew nodes, and to the first chart point in the DOM; the interval between
 * animation frames while the background sweep runs (the trees animate meanwhile), the trees'
 * draw time per frame, and long tasks in that window.
 */
const STAGE_PROBE = `(() => {
  window.__st = { firstTree: null, firstPoint: null, done: null, frames: [], draws: [], long: [], running: false };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (window.__st.running) window.__st.long.push(e.duration); }).observe({ type: 'longtask', buffered: false });
  let last = performance.now();
  let lastDraw = [-1, -1];
  const tick = (now) => {
    const st = window.__st, h = window.__frontier;
    if (h) {
      const stats = h.paneCanvasStats();
      if (st.firstTree === null && stats.length === 2 && stats.every((s) => s && s.drawn > 0)) st.firstTree = now;
      if (st.firstPoint === null && document.querySelector('[data-testid="stage-chart"] .if-pc-point')) st.firstPoint = now;
      const status = h.scaling.status;
      st.running = status === 'running';
      if (st.running) {
        st.frames.push(now - last);
        stats.forEach((s, i) => { if (s && s.frameMs !== lastDraw[i]) { st.draws.push(s.frameMs); lastDraw[i] = s.frameMs; } });
      }
      if (status === 'done' && st.done === null) st.done = now;
    }
    last = now;
    if (window.__st.done === null) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

interface StageRun { firstTree: number; firstPoint: number; done: number; frames: number[]; draws: number[]; long: number[] }

async function stageFigures(runs: number) {
  const out: StageRun[] = [];
  for (let i = 0; i < runs; i++) {
    // A new context each time: nothing cached from the previous load.
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await ctx.newPage();
    await page.addInitScript(STAGE_PROBE);
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForFunction('window.__st && window.__st.done !== null', null, { timeout: 120_000, polling: 200 });
    out.push((await page.evaluate('window.__st')) as StageRun);
    await ctx.close();
  }
  const med = (xs: number[]) => pct(xs, 50);
  const frames = out.flatMap((r) => r.frames.slice(1));
  const draws = out.flatMap((r) => r.draws);
  const long = out.flatMap((r) => r.long);
  return {
    runs, firstTree: med(out.map((r) => r.firstTree)), firstPoint: med(out.map((r) => r.firstPoint)), sweepDone: med(out.map((r) => r.done)),
    frames: frames.length, p50: pct(frames, 50), p95: pct(frames, 95), p99: pct(frames, 99),
    missed: frames.filter((f) => f > 20).length / Math.max(1, frames.length), draw50: pct(draws, 50), draw95: pct(draws, 95),
    longTasks: long.length, longest: long.length ? Math.max(...long) : 0,
  };
}

const server = await preview({ preview: { port: PORT, host: '127.0.0.1', strictPort: true }, logLevel: 'warn' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
if (process.argv.includes('--stage-only')) {
  try {
    console.log(JSON.stringify(await stageFigures(quick ? 1 : 3), null, 1));
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
  process.exit(0);
}
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const rows: string[] = [];
  const secs = quick ? 1 : 5;
  for (const [label, budget] of [['pan + zoom, MCTS tree', quick ? 500 : 2000], ['pan + zoom, MCTS tree', quick ? 1000 : 10000]] as const) {
    const nodes = await openAtEnd(page, `?s=mcts&budget=${budget}&problem=sim-L5-0001&t=999999`);
    await startRecording(page);
    await panAndZoom(page, secs);
    rows.push(report(label, nodes, await stopRecording(page)));
  }
  // REBASE at width 256, animating as it plays (speed 8×, from the start of the log).
  await page.goto(`http://127.0.0.1:${PORT}/?s=rebase&width=${quick ? 64 : 256}&problem=sim-L5-0000&speed=8`);
  await page.waitForFunction('window.__frontier && window.__frontier.nodeCount > 0', null, { timeout: 30_000 });
  await startRecording(page);
  await page.waitForFunction('window.__frontier.finished && window.__frontier.playhead === window.__frontier.eventCount', null, { timeout: 120_000, polling: 500 }).catch(() => undefined);
  const nodes = (await page.evaluate('window.__frontier.nodeCount')) as number;
  rows.push(report(`REBASE width ${quick ? 64 : 256}, playing at 8×`, nodes, await stopRecording(page)));

  // Responsiveness while a 10,000-node search streams in from the worker: long tasks (> 50 ms) on
  // the main thread and the longest gap between 5 ms timer ticks, both counted from the first
  // streamed event on (page start-up is not the search's doing).
  const watch = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await watch.addInitScript(`(() => {
    window.__lt = []; window.__gaps = []; window.__first = Infinity;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      if (window.__frontier && window.__frontier.eventCount > 0 && window.__first === Infinity) window.__first = last;
      if (last >= window.__first) window.__gaps.push(now - last);
      last = now;
    }, 5);
  })()`);
  await watch.goto(`http://127.0.0.1:${PORT}/?s=mcts&budget=${quick ? 1000 : 10000}&problem=sim-L5-0001`);
  await watch.waitForFunction('window.__frontier && window.__frontier.finished', null, { timeout: 60_000, polling: 100 });
  await watch.waitForTimeout(300);
  const resp = (await watch.evaluate(`(() => ({ gaps: window.__gaps, long: window.__lt.filter(([t]) => t >= window.__first).map(([, d]) => d), events: window.__frontier.eventCount }))()`)) as { gaps: number[]; long: number[]; events: number };

  const stage = await stageFigures(quick ? 1 : 3);

  console.log(`# bench/render — ${new Date().toISOString().slice(0, 10)}, headless chromium, 1280×720, DPR 1`);
  console.log('');
  console.log('| scenario | nodes | frames | interval p50 (ms) | interval p95 (ms) | draw p50 (ms) | draw p95 (ms) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
  console.log('');
  console.log('');
  console.log(`## The Stage (a fresh open of the app), median of ${stage.runs} page load(s)`);
  console.log('');
  console.log('| figure | value |');
  console.log('|---|---:|');
  console.log(`| first tree frame, both panes (ms from navigation) | ${stage.firstTree.toFixed(0)} |`);
  console.log(`| first chart point drawn (ms from navigation) | ${stage.firstPoint.toFixed(0)} |`);
  console.log(`| sweep done (ms from navigation) | ${stage.sweepDone.toFixed(0)} |`);
  console.log(`| frames while the sweep runs (all loads) | ${stage.frames} |`);
  console.log(`| frame interval p50 / p95 / p99 while the sweep runs (ms) | ${stage.p50.toFixed(1)} / ${stage.p95.toFixed(1)} / ${stage.p99.toFixed(1)} |`);
  console.log(`| frames later than 20 ms while the sweep runs | ${(100 * stage.missed).toFixed(1)} % |`);
  console.log(`| tree draw p50 / p95 per pane frame (ms) | ${stage.draw50.toFixed(1)} / ${stage.draw95.toFixed(1)} |`);
  console.log(`| long tasks > 50 ms on the main thread while the sweep runs | ${stage.longTasks}${stage.longest ? ` (longest ${stage.longest.toFixed(0)} ms)` : ''} |`);
  console.log('');
  console.log(`Main thread while a ${quick ? '1,000' : '10,000'}-node MCTS search streams ${resp.events.toLocaleString('en-US')} events from the worker: ${resp.long.length} long task(s) over 50 ms${resp.long.length ? ` (longest ${Math.max(...resp.long).toFixed(0)} ms)` : ''}; longest gap between 5 ms timer ticks ${Math.max(...resp.gaps).toFixed(0)} ms.`);
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}
