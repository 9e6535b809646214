/**
 * bench/live — REBASE at width 64 through the live HTTP backend against serve-sim with a fixed
 * latency per request: wall time against the critical path, and requests in flight over time.
 * Prints figures (markdown); never fails on time. `npm run bench:live` (`-- --quick`: fewer problems,
 * no one-by-one baseline). Record the results in docs/performance.md ("## bench/live").
 *
 * What is counted. REBASE's work is a chain of dependent rounds: the root's expansion, its score,
 * then per depth the expansion of every candidate and one score of all new nodes. A run with D
 * expansion rounds (the root + one per allocating depth) has D expand rounds and D score rounds;
 * the critical path is (D + D) × latency: no client can finish sooner. The live policy also
 * needs a third, dependent round on depths where a call asked for n > 1 samples: vLLM's usage
 * gives one completion-token total per request, so HttpBackend splits it over the samples with
 * `/tokenize` (docs/backends.md, "Token accounting"); that round is counted separately.
 */
import { cpus } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createHttpBackend, type FetchLike } from '../src/backends/index';
import { startSimServer, PRM_MODEL } from '../src/cli/serve-sim/index';
import type { SearchEvent } from '../src/search/events';
import { createRng } from '../src/search/rng';
import { SearchRun } from '../src/search/run';
import { parseSpec, runStrategy } from '../src/search/strategies/index';
import { rebase, type RebaseParams } from '../src/search/strategies/rebase';
import type { Problem, SearchNode } from '../src/search/types';
import { SIM_MODELS, SIM_PRM, simProblem } from '../src/sim/index';

const LATENCY_MS = 50;
const WIDTH = 64;
const quick = process.argv.includes('--quick');
const PROBLEMS = (quick ? ['sim-L3-0001'] : ['sim-L2-0001', 'sim-L3-0001', 'sim-L4-0001', 'sim-L5-0001']).map(simProblem);
const SPEC = parseSpec({ name: 'rebase', params: { width: WIDTH } });
const SIM_7B = SIM_MODELS.find((m) => m.id === 'sim-7B')!;

interface Request { path: string; start: number; end: number }

/** A fetch that logs every request's path, start and end (client side: sent → body read). */
function tracedFetch(log: Request[]): FetchLike {
  return async (input, init) => {
    const r: Request = { path: new URL(input).pathname, start: performance.now(), end: Number.NaN };
    log.push(r);
    try {
      const res = await fetch(input, init);
      const text = res.text.bind(res);
      // HttpClient reads every body with text(): the request ends when its body is in.
      res.text = async () => {
        try {
          return await text();
        } finally {
          r.end = performance.now();
        }
      };
      return res;
    } catch (e) {
      r.end = performance.now();
      throw e;
    }
  };
}

/** The engine before concurrent depths: every expansion awaited before the next is sent. */
class OneByOne extends SearchRun {
  override async expandAll(parents: readonly (SearchNode | null)[], counts: readonly number[], temperature: number): Promise<SearchNode[][]> {
    const out: SearchNode[][] = [];
    for (let i = 0; i < parents.length; i++) out.push(await this.expand(parents[i], counts[i], temperature));
    return out;
  }
}

interface Measured {
  problem: string;
  wallMs: number;
  expandRounds: number;
  tokenizeRounds: number;
  requests: number;
  answerCorrect: boolean;
  log: Request[];
  t0: number;
  t1: number;
  nodes: number;
}

async function measure(url: string, problem: Problem, v: Variant): Promise<Measured> {
  const log: Request[] = [];
  const backend = createHttpBackend({
    policy: { baseUrl: url, model: 'sim-7B', params: SIM_7B.params, format: 'plain', ...(v.tokenize === false ? { tokenize: false } : {}) },
    prm: { type: 'pooling', baseUrl: url, model: PRM_MODEL, params: SIM_PRM.params },
    http: { concurrency: v.concurrency },
  }, { fetch: tracedFetch(log) });
  const events: SearchEvent[] = [];
  const t0 = performance.now();
  let correct: boolean;
  let nodes: number;
  if (v.oneByOne) {
    const run = new OneByOne(problem, backend, { rng: createRng(1), emit: (e) => events.push(e) });
    const done = await rebase(problem, backend, SPEC.params as RebaseParams, run);
    correct = done.correct;
    nodes = done.nodes;
  } else {
    const done = await runStrategy(problem, backend, SPEC, { rng: createRng(1), emit: (e) => events.push(e) });
    if (done.incomplete) throw new Error(`run incomplete: ${done.incomplete.reason}`);
    correct = done.correct;
    nodes = done.nodes;
  }
  const t1 = performance.now();
  const expandRounds = 1 + events.filter((e) => e.type === 'allocate').length;
  // A depth needs /tokenize when one of its calls asked for n > 1: the root, and every allocate with a width > 1.
  const tokenizeRounds = 1 + events.filter((e) => e.type === 'allocate' && e.items.some((i) => i.width > 1)).length;
  return { problem: problem.id, wallMs: t1 - t0, expandRounds, tokenizeRounds, requests: log.length, answerCorrect: correct, log, t0, t1, nodes };
}

/** In-flight counts sampled every `step` ms over [t0, t1]. */
function inFlight(m: Measured, step = 1): number[] {
  const out: number[] = [];
  for (let t = m.t0; t < m.t1; t += step) {
    let k = 0;
    for (const r of m.log) if (r.start <= t && t < r.end) k++;
    out.push(k);
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : 0;
};
const BARS = '▁▂▃▄▅▆▇█';

/**
 * serve-sim runs in this process, on a worker thread by default: the machine has two cores, and
 * a server sharing the client's thread would add its CPU time to every round (`--same-thread`).
 */
async function startServer(sameThread: boolean): Promise<{ url: string; close(): Promise<void> }> {
  if (sameThread) return startSimServer({ port: 0, latencyMs: LATENCY_MS });
  // A worker does not inherit tsx's loader: register it first, then load this file as the server.
  const src = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(import.meta.url)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(src)}`), { workerData: { serve: LATENCY_MS } });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return { url, close: async () => { await worker.terminate(); } };
}

interface Variant {
  label: string;
  concurrency: number;
  /** false: no /tokenize, per-sample tokens split from usage by text length (HttpBackend's fallback). */
  tokenize?: boolean;
  oneByOne?: boolean;
}

const VARIANTS: Variant[] = [
  { label: 'concurrent depths, client limit 128', concurrency: 128 },
  { label: 'concurrent depths, client limit 16 (default)', concurrency: 16 },
  { label: 'concurrent depths, limit 128, no /tokenize', concurrency: 128, tokenize: false },
  ...(quick ? [] : [{ label: 'one by one (before), limit 128', concurrency: 128, oneByOne: true }]),
];

function row(v: Variant, m: Measured): string {
  const critical = 2 * m.expandRounds * LATENCY_MS;
  const withTokenize = critical + (v.tokenize === false ? 0 : m.tokenizeRounds) * LATENCY_MS;
  const flight = inFlight(m);
  return `| ${v.label} | ${m.problem} | ${m.nodes} | ${m.expandRounds} | ${m.requests} | ${m.wallMs.toFixed(0)} | ${critical} | ${(m.wallMs / critical).toFixed(2)}× | ${withTokenize} | ${(m.wallMs / withTokenize).toFixed(2)}× | ${Math.max(...flight)} | ${median(flight)} |`;
}

function timeline(label: string, m: Measured): void {
  const flight = inFlight(m);
  const windows: number[] = [];
  for (let i = 0; i < flight.length; i += 100) windows.push(Math.max(...flight.slice(i, i + 100)));
  const top = Math.max(...windows, 1);
  console.log('');
  console.log(`Requests in flight, ${label}, ${m.problem}: the most in flight in each 100 ms window (${windows.length} windows):`);
  console.log('');
  console.log('```');
  console.log(windows.map((w) => (w === 0 ? ' ' : BARS[Math.min(BARS.length - 1, Math.floor((w / top) * (BARS.length - 1)))])).join(''));
  console.log(windows.join(' '));
  console.log('```');
}

async function main(): Promise<void> {
  const sameThread = process.argv.includes('--same-thread');
  const server = await startServer(sameThread);
  try {
    console.log(`# bench/live — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`);
    console.log('');
    console.log(`REBASE width ${WIDTH} (official preset, seed 1), sim-7B over /v1/completions, PRM sim-PRM-34B over /pooling (8 paths per request); serve-sim in this process (${sameThread ? "on the client's thread" : 'on a worker thread'}), ${LATENCY_MS} ms per request.`);
    console.log(`Critical path = (expand rounds + score rounds) × ${LATENCY_MS} ms. "+ tokenize" also counts the /tokenize round of every expand round with an n > 1 call.`);
    console.log('');
    console.log('| engine | problem | nodes | expand rounds | requests | wall (ms) | critical path (ms) | ratio | + tokenize (ms) | ratio | max in flight | median in flight |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    // Warm-up (JIT, connections), not printed.
    await measure(server.url, simProblem('sim-L1-0002'), { label: '', concurrency: 128 });
    const shown: [Variant, Measured][] = [];
    for (const v of VARIANTS) {
      for (const p of v.oneByOne ? PROBLEMS.slice(0, 1) : PROBLEMS) {
        const m = await measure(server.url, p, v);
        console.log(row(v, m));
        if (p === PROBLEMS[0] && !v.oneByOne) shown.push([v, m]);
      }
    }
    for (const [v, m] of shown.slice(0, 2)) timeline(v.label, m);
  } finally {
    await server.close();
  }
}

if (!isMainThread) {
  const server = await startSimServer({ port: 0, latencyMs: (workerData as { serve: number }).serve });
  parentPort!.postMessage(server.url);
} else {
  await main();
}
