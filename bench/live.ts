/**
 * bench/live — REBASE at width 64 through the live HTTP backend against serve-sim with a fixed
 * latency per request: wall time against the critical path, where the rest of the time goes,
 * and requests in flight over time. Prints figures (markdown); never fails on time.
 * `npm run bench:live` (`-- --quick`: one problem, one run each, no one-by-one baseline;
 * `-- --runs N`: runs per row, median shown; `-- --same-thread`: serve-sim on the client's thread).
 * Record the results in docs/performance.md ("## bench/live").
 *
 * What is counted. REBASE's work is a chain of dependent rounds: the root's expansion, its score,
 * then per depth the expansion of every candidate and one score of all new nodes. A run with D
 * expansion rounds (the root + one per allocating depth) has D expand rounds and D score rounds;
 * the critical path is (D + D) × latency: no client can finish sooner. A server that does not
 * answer `return_token_ids` (vLLM < 0.10.2) adds a third dependent round on depths with an n > 1
 * call: HttpBackend then splits usage over the samples with `/tokenize` (docs/backends.md).
 *
 * Where the time goes: serve-sim reports when each request arrived and when its answer left
 * (`startSimServer`'s `onAnswer`, same clock as the client's), so each round's excess over the
 * latency is split, for the request that finished it, into the client's sending, the way to the
 * server, the server's extra time, and the way back; plus the gaps between rounds.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { cpus } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createHttpBackend, type FetchLike } from '../src/backends/index';
import { startSimServer, PRM_MODEL, type AnswerTiming } from '../src/cli/serve-sim/index';
import type { SearchEvent } from '../src/search/events';
import { createRng, hashSeed } from '../src/search/rng';
import { SearchRun } from '../src/search/run';
import { parseSpec, runStrategy } from '../src/search/strategies/index';
import { rebase, type RebaseParams } from '../src/search/strategies/rebase';
import type { Problem, SearchNode } from '../src/search/types';
import { SIM_MODELS, SIM_PRM, simProblem } from '../src/sim/index';

const LATENCY_MS = 50;
const WIDTH = 64;
const quick = process.argv.includes('--quick');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Math.max(1, Number(process.argv[runsArg + 1]) || 1) : quick ? 1 : 3;
const PROBLEMS = (quick ? ['sim-L3-0001'] : ['sim-L2-0001', 'sim-L3-0001', 'sim-L4-0001', 'sim-L5-0001']).map(simProblem);
const SPEC = parseSpec({ name: 'rebase', params: { width: WIDTH } });
const SIM_7B = SIM_MODELS.find((m) => m.id === 'sim-7B')!;
/** One clock for both threads (performance.now() counts from each thread's own start). */
const clock = () => performance.timeOrigin + performance.now();

interface Request { id: string; path: string; start: number; end: number }

/** Node's http module as a FetchLike: the diagnostic transport (what fetch itself costs). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
const nodeHttpFetch: FetchLike = (input, init) => new Promise((resolve, reject) => {
  const body = typeof init.body === 'string' ? init.body : undefined;
  const headers = { ...(init.headers as Record<string, string>), ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) };
  const req = http.request(input, { method: init.method, agent, headers }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', reject);
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = res.statusCode ?? 0;
      // The part of Response that HttpClient reads.
      resolve({
        ok: status >= 200 && status < 300, status, statusText: res.statusMessage ?? '',
        headers: { get: (name: string) => { const v = res.headers[name.toLowerCase()]; return v === undefined ? null : String(v); } },
        text: () => Promise.resolve(text),
      } as unknown as Response);
    });
  });
  req.on('error', reject);
  init.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')), { once: true });
  req.end(body);
});

/** A fetch that tags every request (x-request-id, which serve-sim reports back) and logs its start and end (body read). */
function tracedFetch(log: Request[], transport: FetchLike): FetchLike {
  return async (input, init) => {
    const r: Request = { id: String(log.length), path: new URL(input).pathname, start: clock(), end: Number.NaN };
    log.push(r);
    try {
      const res = await transport(input, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-request-id': r.id } });
      const text = res.text.bind(res);
      // HttpClient reads every body with text(): the request ends when its body is in.
      res.text = async () => {
        try {
          return await text();
        } finally {
          r.end = clock();
        }
      };
      return res;
    } catch (e) {
      r.end = clock();
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

interface Variant {
  label: string;
  concurrency: number;
  /** The server ignores return_token_ids (vLLM < 0.10.2): /tokenize per sample. */
  oldServer?: boolean;
  nodeHttp?: boolean;
  oneByOne?: boolean;
}

interface Measured {
  wallMs: number;
  expandRounds: number;
  tokenizeRounds: number;
  requests: number;
  nodes: number;
  log: Request[];
  server: Map<string, AnswerTiming>;
  t0: number;
  t1: number;
  /** The tree: every node (parent, text, tokens, terminal) and score, as one string's hash. */
  tree: number;
  /** CPU time of this process (both threads) and of the whole machine during the run. */
  cpuMs: number;
  machineBusyMs: number | null;
  /** Busy time of the client's event loop and of serve-sim's (null on one thread). */
  clientBusyMs: number;
  serverBusyMs: number | null;
}

/** What serve-sim did since the last call: its answers, and its event loop's busy time (null when it shares the client's thread). */
interface Served { timings: AnswerTiming[]; busyMs: number | null }
interface Servers { url: string; oldUrl: string; served(): Promise<Served>; close(): Promise<void> }

/** Busy and total CPU time of the machine so far (ms), from /proc/stat; null where there is none. */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - idle) * 10, total: total * 10 };
  } catch {
    return null;
  }
}

async function measure(servers: Servers, problem: Problem, v: Variant): Promise<Measured> {
  const log: Request[] = [];
  const url = v.oldServer ? servers.oldUrl : servers.url;
  const backend = createHttpBackend({
    policy: { baseUrl: url, model: 'sim-7B', params: SIM_7B.params, format: 'plain' },
    prm: { type: 'pooling', baseUrl: url, model: PRM_MODEL, params: SIM_PRM.params },
    http: { concurrency: v.concurrency },
  }, { fetch: tracedFetch(log, v.nodeHttp ? nodeHttpFetch : (input, init) => fetch(input, init)) });
  const events: SearchEvent[] = [];
  await servers.served();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const m0 = machineCpu();
  const t0 = clock();
  let nodes: number;
  if (v.oneByOne) {
    const run = new OneByOne(problem, backend, { rng: createRng(1), emit: (e) => events.push(e) });
    nodes = (await rebase(problem, backend, SPEC.params as RebaseParams, run)).nodes;
  } else {
    const done = await runStrategy(problem, backend, SPEC, { rng: createRng(1), emit: (e) => events.push(e) });
    if (done.incomplete) throw new Error(`run incomplete: ${done.incomplete.reason}`);
    nodes = done.nodes;
  }
  const t1 = clock();
  const cpu = process.cpuUsage(cpu0);
  const m1 = machineCpu();
  const elu = performance.eventLoopUtilization(elu0);
  const served = await servers.served();
  const server = new Map(served.timings.map((t) => [t.requestId ?? '', t]));
  let tree = 0x811c9dc5;
  for (const e of events) {
    if (e.type === 'node') tree = hashSeed(tree, `${e.id}|${e.parent}|${e.text}|${e.tokens}|${e.terminal}|${e.compute.policyTokens}`);
    else if (e.type === 'score') tree = hashSeed(tree, `${e.id}:${e.reward}`);
  }
  const expandRounds = 1 + events.filter((e) => e.type === 'allocate').length;
  // A depth needs /tokenize when one of its calls asked for n > 1: the root, and every allocate with a width > 1.
  const tokenizeRounds = v.oldServer ? 1 + events.filter((e) => e.type === 'allocate' && e.items.some((i) => i.width > 1)).length : 0;
  return {
    wallMs: t1 - t0, expandRounds, tokenizeRounds, requests: log.length, nodes, log, server, t0, t1, tree,
    cpuMs: (cpu.user + cpu.system) / 1000, machineBusyMs: m0 && m1 ? m1.busy - m0.busy : null,
    clientBusyMs: elu.active, serverBusyMs: served.busyMs,
  };
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

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : 0;
};

interface Breakdown {
  rounds: number;
  latency: number;
  sending: number;
  toServer: number;
  serverExtra: number;
  toClient: number;
  between: number;
  edges: number;
}

/**
 * Split the wall time. A round = requests in flight without a moment of none. For the request
 * that ended it last: its start after the round's first (the client still sending), start →
 * arrival at the server, arrival → answer sent beyond the latency (handler, timers, a busy
 * server thread), sent → body read by the client. Between rounds: the engine's and client's
 * work from one round's last answer to the next round's first request.
 */
function breakdown(m: Measured): Breakdown {
  const reqs = [...m.log].sort((a, b) => a.start - b.start);
  const rounds: Request[][] = [];
  let lastEnd = -Infinity;
  for (const r of reqs) {
    if (r.start >= lastEnd || rounds.length === 0) rounds.push([]);
    rounds[rounds.length - 1].push(r);
    lastEnd = Math.max(lastEnd, r.end);
  }
  const b: Breakdown = { rounds: rounds.length, latency: 0, sending: 0, toServer: 0, serverExtra: 0, toClient: 0, between: 0, edges: 0 };
  let prevEnd = m.t0;
  for (const round of rounds) {
    const first = round[0].start;
    const last = round.reduce((a, r) => (r.end > a.end ? r : a));
    const s = m.server.get(last.id);
    if (prevEnd === m.t0) b.edges += first - m.t0;
    else b.between += first - prevEnd;
    b.sending += last.start - first;
    if (s) {
      b.toServer += s.arrived - last.start;
      b.latency += s.due - s.arrived;
      b.serverExtra += s.sent - s.due;
      b.toClient += last.end - s.sent;
    } else b.toClient += last.end - last.start;
    prevEnd = last.end;
  }
  b.edges += m.t1 - prevEnd;
  return b;
}

const BARS = '▁▂▃▄▅▆▇█';

function timeline(label: string, problem: string, m: Measured): void {
  const flight = inFlight(m);
  const windows: number[] = [];
  for (let i = 0; i < flight.length; i += 100) windows.push(Math.max(...flight.slice(i, i + 100)));
  const top = Math.max(...windows, 1);
  console.log('');
  console.log(`Requests in flight, ${label}, ${problem}: the most in flight in each 100 ms window (${windows.length} windows):`);
  console.log('');
  console.log('```');
  console.log(windows.map((w) => (w === 0 ? ' ' : BARS[Math.min(BARS.length - 1, Math.floor((w / top) * (BARS.length - 1)))])).join(''));
  console.log(windows.join(' '));
  console.log('```');
}

/**
 * serve-sim runs in this process, on a worker thread by default: a server sharing the client's
 * thread would add its CPU time to every round (`--same-thread`). Two servers: a current vLLM
 * (answers return_token_ids) and an older one (ignores it).
 */
async function startServers(sameThread: boolean): Promise<Servers> {
  if (sameThread) {
    const got: AnswerTiming[] = [];
    const hooks = { onAnswer: (t: AnswerTiming) => { got.push(t); } };
    const [a, b] = await Promise.all([startSimServer({ port: 0, latencyMs: LATENCY_MS }, hooks), startSimServer({ port: 0, latencyMs: LATENCY_MS, tokenIds: false }, hooks)]);
    return { url: a.url, oldUrl: b.url, served: async () => ({ timings: got.splice(0), busyMs: null }), close: async () => { await a.close(); await b.close(); } };
  }
  // A worker does not inherit tsx's loader: register it first, then load this file as the server.
  const src = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(import.meta.url)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(src)}`), { workerData: { serve: LATENCY_MS } });
  // One listener each; the worker answers every message in order.
  const waiting: { resolve: (x: unknown) => void; reject: (e: unknown) => void }[] = [];
  worker.on('message', (x: unknown) => waiting.shift()?.resolve(x));
  worker.on('error', (e) => { for (const w of waiting.splice(0)) w.reject(e); });
  const next = <T>() => new Promise<T>((resolve, reject) => { waiting.push({ resolve: resolve as (x: unknown) => void, reject }); });
  const [url, oldUrl] = await next<[string, string]>();
  return {
    url, oldUrl,
    served: () => { const p = next<Served>(); worker.postMessage('served'); return p; },
    close: async () => { await worker.terminate(); },
  };
}

const VARIANTS: Variant[] = [
  { label: 'fetch, client limit 64 (= width)', concurrency: 64 },
  { label: 'fetch, client limit 16 (the default)', concurrency: 16 },
  { label: 'fetch, limit 64, server ignores return_token_ids (vLLM < 0.10.2): /tokenize per sample', concurrency: 64, oldServer: true },
  { label: 'diagnostic: node:http instead of fetch, limit 64', concurrency: 64, nodeHttp: true },
  ...(quick ? [] : [{ label: 'one by one (the engine before concurrent depths), fetch, limit 64', concurrency: 64, oneByOne: true }]),
];

const ms = (x: number) => x.toFixed(0);

interface Row { v: Variant; problem: Problem; runs: Measured[]; median: Measured }

/** Run one variant on one problem RUNS times; print its row; return the runs and the median one. */
async function row(servers: Servers, v: Variant, p: Problem): Promise<Row> {
  // Warm-up right before (JIT, and open connections: a server closes idle ones after 5 s), not printed.
  if (!v.oneByOne) await measure(servers, simProblem('sim-L1-0002'), v);
  const runs: Measured[] = [];
  for (let k = 0; k < (v.oneByOne ? 1 : RUNS); k++) runs.push(await measure(servers, p, v));
  const critical = 2 * runs[0].expandRounds * LATENCY_MS;
  const withTok = critical + runs[0].tokenizeRounds * LATENCY_MS;
  const ratios = runs.map((m) => m.wallMs / critical);
  const m = runs.find((x) => x.wallMs / critical === median(ratios))!;
  const flight = inFlight(m);
  const range = runs.length > 1 ? ` (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})` : '';
  console.log(`| ${v.label} | ${p.id} | ${m.nodes} | ${m.expandRounds} | ${m.requests} | ${ms(m.wallMs)} | ${critical} | ${(m.wallMs / critical).toFixed(2)}×${range} | ${withTok} | ${(m.wallMs / withTok).toFixed(2)}× | ${Math.max(...flight)} | ${median(flight)} |`);
  return { v, problem: p, runs, median: m };
}

function printBreakdown(rows: readonly Row[]): void {
  console.log('');
  console.log('Where the time goes (the median run of each row; ms, and share of its wall time). Per round, for the request that ended it: the client still sending the round when it started it; its way to the server (fetch\'s send path, serve-sim\'s HTTP intake); the server beyond the latency (handler, late timers); its way back until the client has read the body. Between rounds: the engine and the client from one round\'s last answer to the next round\'s first request.');
  console.log('');
  console.log('| client | problem | wall | rounds | latency (rounds × 50) | client still sending | client → server | server beyond latency | server → client | between rounds | before / after |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { v, problem, median: m } of rows) {
    const b = breakdown(m);
    const pc = (x: number) => `${ms(x)} (${Math.round((100 * x) / m.wallMs)} %)`;
    console.log(`| ${v.label} | ${problem.id} | ${ms(m.wallMs)} | ${b.rounds} | ${pc(b.latency)} | ${pc(b.sending)} | ${pc(b.toServer)} | ${pc(b.serverExtra)} | ${pc(b.toClient)} | ${pc(b.between)} | ${pc(b.edges)} |`);
  }
}

function printCpu(rows: readonly Row[]): void {
  console.log('');
  console.log(`Busy time per request and CPU during the runs (medians over all runs of a row): the client's and serve-sim's event loops (busy ms per request); this process (both threads) and the rest of the machine (/proc/stat) in cores = CPU time / wall time. The machine has ${cpus().length} cores.`);
  console.log('');
  console.log('| client | client thread (ms / request) | serve-sim thread (ms / request) | this process (cores) | other processes (cores) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const v of [...new Set(rows.map((r) => r.v))]) {
    const runs = rows.filter((r) => r.v === v).flatMap((r) => r.runs);
    const others = runs.every((r) => r.machineBusyMs !== null) ? Math.max(0, median(runs.map((r) => (r.machineBusyMs! - r.cpuMs) / r.wallMs))).toFixed(2) : 'n/a';
    const server = runs.every((r) => r.serverBusyMs !== null) ? median(runs.map((r) => r.serverBusyMs! / r.requests)).toFixed(2) : 'n/a';
    console.log(`| ${v.label} | ${median(runs.map((r) => r.clientBusyMs / r.requests)).toFixed(2)} | ${server} | ${median(runs.map((r) => r.cpuMs / r.wallMs)).toFixed(2)} | ${others} |`);
  }
}

async function main(): Promise<void> {
  const sameThread = process.argv.includes('--same-thread');
  const servers = await startServers(sameThread);
  try {
    console.log(`# bench/live — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}`);
    console.log('');
    console.log(`REBASE width ${WIDTH} (official preset, seed 1), sim-7B over /v1/completions, PRM sim-PRM-34B over /pooling (8 paths per request); serve-sim in this process (${sameThread ? "on the client's thread" : 'on a worker thread'}), ${LATENCY_MS} ms per request. Median of ${RUNS} run${RUNS === 1 ? '' : 's'} per row (the range of the ratio in brackets).`);
    console.log(`Critical path = (expand rounds + score rounds) × ${LATENCY_MS} ms. "+ /tokenize" also counts the /tokenize round of every expand round with an n > 1 call (only a server without return_token_ids has one).`);
    console.log('');
    console.log('| client | problem | nodes | expand rounds | requests | wall (ms) | critical path (ms) | ratio | + /tokenize (ms) | ratio | max in flight | median in flight |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const rows: Row[] = [];
    for (const v of VARIANTS) for (const p of v.oneByOne ? PROBLEMS.slice(0, 1) : PROBLEMS) rows.push(await row(servers, v, p));
    const trees = PROBLEMS.map((p) => new Set(rows.filter((r) => r.problem === p).flatMap((r) => r.runs.map((m) => m.tree))).size);
    console.log('');
    console.log(trees.every((k) => k === 1)
      ? 'Trees: every run of a problem, in every row, built the identical tree (nodes, texts, tokens, rewards).'
      : `Trees: NOT identical across rows (distinct trees per problem: ${trees.join(', ')}).`);
    printBreakdown(rows.filter((r) => r.v === VARIANTS[0] || r.v.nodeHttp));
    printCpu(rows);
    for (const r of rows.filter((x) => x.problem === PROBLEMS[0] && (x.v === VARIANTS[0] || x.v === VARIANTS[1]))) timeline(r.v.label, r.problem.id, r.median);
  } finally {
    await servers.close();
  }
}

if (!isMainThread) {
  const got: AnswerTiming[] = [];
  const hooks = { onAnswer: (t: AnswerTiming) => { got.push(t); } };
  const latencyMs = (workerData as { serve: number }).serve;
  const [a, b] = await Promise.all([startSimServer({ port: 0, latencyMs }, hooks), startSimServer({ port: 0, latencyMs, tokenIds: false }, hooks)]);
  let elu = performance.eventLoopUtilization();
  parentPort!.on('message', () => {
    const busyMs = performance.eventLoopUtilization(elu).active;
    elu = performance.eventLoopUtilization();
    parentPort!.postMessage({ timings: got.splice(0), busyMs } satisfies Served);
  });
  parentPort!.postMessage([a.url, b.url]);
} else {
  await main();
}
