/**
 * Fault injection on live runs, through the whole page-side path (Explorer actions → in-thread
 * worker service → HTTP → recorder → IndexedDB): a timeout, a 429 and a 500 that outlast the
 * retries, malformed JSON, a connection dropped mid-run (fake server; and serve-sim over real
 * sockets), and a page that goes away mid-run. Each run ends incomplete with the reason shown in
 * the Explorer, and nothing that was recorded is lost: every node the run announced is in the
 * recording, and a replay of the recording follows the live run event for event up to the fault.
 */
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer, json, never, type FakeServerOptions } from '../backends/testing/fake-server';
import { startSimServer, type SimServer } from '../cli/serve-sim/index';
import type { SearchEvent } from '../search/events';
import { createRng } from '../search/rng';
import { parseSpec, runStrategy } from '../search/strategies/index';
import { simProblem } from '../sim/index';
import { ReplayBackend, type Bundle } from '../trace/index';
import { explorer } from './explorer-actions';
import { useExplorer } from './explorer-store';
import type { LiveServer } from './live-config';
import { blankDraft, checkDraft } from './live-draft';
import { live } from './live-actions';
import { recordingsIdle } from './live-run';
import { getPlayback } from './playback-store';
import { bundleOfChunks, closeRecordingDb, INTERRUPTED, isInterrupted, listRecordings, readRecording } from './recording-db';
import { cancelRun } from './run-controller';
import { resetFakeBridge } from './testing/fake-bridge';
import { clearRecordings, resetLiveState } from './testing/live-env';

vi.mock('../workers/bridge', async () => (await import('./testing/fake-bridge')).fakeBridgeModule());

const PROBLEM = 'sim-L3-0002';
const state = () => useExplorer.getState();
const settled = () => vi.waitFor(() => expect(state().status).not.toMatch(/idle|running/), { timeout: 20_000 });
const noWall = (e: SearchEvent) => ({ ...e, compute: { ...e.compute, wallMs: 0 } });
const rebase = parseSpec({ name: 'rebase', params: { width: 6, maxDepth: 8 } });

/** A server config for `url` with fast retries (the faults must outlast them). */
function configure(url: string, http: Partial<LiveServer['http']> = {}): void {
  const checked = checkDraft({ ...blankDraft(), name: 'faulty', baseUrl: url, model: 'sim-7B', prmType: 'pooling', prmModel: 'sim-PRM-34B' }, 'faulty');
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  live.saveServer({ ...checked.server, http: { concurrency: 16, timeoutMs: 120_000, retries: 1, ...http } });
}

/** Start a live REBASE run from the Explorer on the configured server. */
function runLive(): void {
  explorer.init(`?src=sim&problem=${PROBLEM}&s=rebase&width=6&maxDepth=8&seed=1`);
  cancelRun();
  expect(explorer.runLive('faulty')).toBe(true);
}

/** The one recording, read back as a later page would, and its bundle. */
async function stored(): Promise<{ meta: Awaited<ReturnType<typeof listRecordings>>[number]; bundle: Bundle }> {
  await recordingsIdle();
  await closeRecordingDb();
  const all = await listRecordings();
  expect(all).toHaveLength(1);
  const rec = (await readRecording(all[0].id))!;
  return { meta: rec.meta, bundle: bundleOfChunks(rec.meta, rec.chunks, 'next-page') };
}

/**
 * Nothing recorded was lost: every announced node is in the pool (which may hold more: samples
 * of calls that answered after the failing one, which the run never announced), and a replay
 * follows the live run event for event up to its last node.
 */
async function checkNothingLost(events: readonly SearchEvent[], bundle: Bundle): Promise<void> {
  const nodes = events.filter((e) => e.type === 'node');
  expect(nodes.length).toBeGreaterThan(0);
  expect(bundle.pools[0].nodes.length).toBeGreaterThanOrEqual(nodes.length);
  const recorded = new Set(bundle.pools[0].nodes.map((n) => n.text));
  for (const n of nodes) expect(recorded.has(n.type === 'node' ? n.text : '')).toBe(true);
  const replayed: SearchEvent[] = [];
  await runStrategy(simProblem(PROBLEM), new ReplayBackend(bundle, PROBLEM), rebase, { rng: createRng(0), emit: (e) => replayed.push(e) });
  const upTo = events.findLastIndex((e) => e.type === 'node') + 1;
  expect(replayed.slice(0, upTo).map(noWall)).toEqual(events.slice(0, upTo).map(noWall));
}

let sim: SimServer;
beforeAll(async () => {
  // serve-sim dropping a tenth of its connections (seeded: with one request at a time, the same
  // requests drop every time — here the 11th, after 20 nodes). It ignores `return_token_ids`, like
  // vLLM before 0.10.2, so the client also asks /tokenize and the run makes enough requests to meet
  // the drop (with token ids it finishes in 18).
  sim = await startSimServer({ port: 0, dropRate: 0.1, seed: 0, tokenIds: false });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(resetLiveState);
afterEach(clearRecordings);

const completions = (i: number, path: string) => i >= 8 && path === '/v1/completions';
const FAULTS: [string, FakeServerOptions['fault'], Partial<LiveServer['http']>, RegExp][] = [
  ['a timeout', (req, i) => (completions(i, req.path) ? never() : undefined), { timeoutMs: 60 }, /POST \/v1\/completions — no answer within 0.06 s \(gave up after 2 attempts\)/],
  ['a 429 that outlasts the retries', (req, i) => (completions(i, req.path) ? json({ error: { message: 'rate limited' } }, 429) : undefined), {}, /HTTP 429: "rate limited" \(gave up after 2 attempts\)/],
  ['a 500 that outlasts the retries', (req, i) => (completions(i, req.path) ? json({ error: { message: 'CUDA out of memory' } }, 500) : undefined), {}, /HTTP 500: "CUDA out of memory" \(gave up after 2 attempts\)/],
  ['malformed JSON', (req, i) => (completions(i, req.path) ? new Response('{"choices": [{"text": "Step', { status: 200, headers: { 'content-type': 'application/json' } }) : undefined), {}, /POST \/v1\/completions — malformed response/],
  ['a connection dropped mid-run', (req, i) => { if (completions(i, req.path)) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }); return undefined; }, {}, /network error: fetch failed \(ECONNRESET\) \(gave up after 2 attempts\)/],
];

describe('faults mid-run: the run ends incomplete with the reason, and nothing recorded is lost', () => {
  it.each(FAULTS)('%s', async (_what, fault, http, reason) => {
    const f = fakeServer({ pooling: true, depth: 5, fault });
    resetFakeBridge({ fetch: f.fetch });
    configure('http://127.0.0.1:8000', { backoffMs: 1, ...http } as Partial<LiveServer['http']>);
    runLive();
    await settled();
    expect(state().status).toBe('done');
    const events = getPlayback().events.slice();
    const done = events.at(-1) as Extract<SearchEvent, { type: 'done' }>;
    expect(done.incomplete?.reason).toMatch(reason);
    expect(state().runNote).toBe(`The run ended early: ${done.incomplete!.reason}.`);
    const { meta, bundle } = await stored();
    expect(meta).toMatchObject({ status: 'incomplete', reason: done.incomplete!.reason, nodeCount: done.nodes, eventCount: events.length });
    expect(bundle.runs![0].result.incomplete?.reason).toBe(done.incomplete!.reason);
    await checkNothingLost(events, bundle);
  });

  it('opened from the Library, a recording that holds answers past the failure shows what the live run showed', async () => {
    // One call of a depth fails; the calls after it in that depth answer and are recorded, though
    // the run never used them. A re-run on the pool would use them and go past the failure.
    const f = fakeServer({ pooling: true, depth: 5, fault: (req, i) => (req.path === '/v1/completions' && i === 11 ? json({ error: { message: 'CUDA out of memory' } }, 500) : undefined) });
    resetFakeBridge({ fetch: f.fetch });
    configure('http://127.0.0.1:8000', { retries: 0 });
    runLive();
    await settled();
    const events = getPlayback().events.slice();
    const done = events.at(-1) as Extract<SearchEvent, { type: 'done' }>;
    expect(done.incomplete?.reason).toMatch(/CUDA out of memory/);
    const { meta, bundle } = await stored();
    expect(bundle.pools[0].nodes.length).toBeGreaterThan(done.nodes);
    await explorer.openRecording(meta.id);
    await vi.waitFor(() => expect(getPlayback().finished).toBe(true), { timeout: 10_000 });
    await vi.waitFor(() => expect(state().status).toBe('done'), { timeout: 10_000 });
    expect(getPlayback().events.map(noWall)).toEqual(events.map(noWall));
    expect(state().runNote).toBe(`The run ended early: ${done.incomplete!.reason}.`);
  });

  it('a server that fails its very first request: the reason is shown, and the Library holds no empty recording', async () => {
    const f = fakeServer({ pooling: true, depth: 5, fault: (req) => (req.path === '/v1/completions' ? json({ error: { message: 'model not loaded' } }, 500) : undefined) });
    resetFakeBridge({ fetch: f.fetch });
    configure('http://127.0.0.1:8000', { backoffMs: 1 } as Partial<LiveServer['http']>);
    runLive();
    await settled();
    const done = getPlayback().events.at(-1) as Extract<SearchEvent, { type: 'done' }>;
    expect(done).toMatchObject({ type: 'done', nodes: 0, incomplete: { reason: expect.stringMatching(/HTTP 500: "model not loaded" \(gave up after 2 attempts\)/) } });
    // The Explorer's live strip shows this note (LivePanel.test.tsx) instead of "finished — in the Library".
    expect(state().runNote).toBe(`The run ended early: ${done.incomplete!.reason}.`);
    await recordingsIdle();
    expect(await listRecordings()).toEqual([]);
  });

  it('connections dropped by serve-sim over real sockets (no retries)', async () => {
    resetFakeBridge();
    configure(sim.url, { retries: 0, concurrency: 1 });
    runLive();
    await settled();
    const events = getPlayback().events.slice();
    const done = events.at(-1) as Extract<SearchEvent, { type: 'done' }>;
    expect(done.incomplete?.reason).toMatch(/network error/);
    const { meta, bundle } = await stored();
    expect(meta.status).toBe('incomplete');
    // The drop hit one request of a depth; the calls of that depth that did answer were recorded
    // too (the run announced only those before the failed one), so the recording holds more.
    expect(done.nodes).toBe(24);
    expect(meta.nodeCount).toBeGreaterThanOrEqual(done.nodes);
    await checkNothingLost(events, bundle);
  });

  it('a page that goes away mid-run keeps every node the Explorer had shown, listed as interrupted', async () => {
    // Completions after the 10th hang: the run is stuck mid-way, as when a tab is closed.
    const f = fakeServer({ pooling: true, depth: 5, fault: (req, i) => (completions(i - 2, req.path) ? never() : undefined) });
    resetFakeBridge({ fetch: f.fetch });
    configure('http://127.0.0.1:8000');
    runLive();
    await vi.waitFor(() => expect(f.inFlight).toBeGreaterThan(0), { timeout: 10_000 });
    await vi.waitFor(() => expect(getPlayback().events.filter((e) => e.type === 'node').length).toBeGreaterThan(6), { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 100)); // the last batch's frame and write
    expect(state().status).toBe('running');
    const shown = getPlayback().events.slice();
    const { meta, bundle } = await stored();
    expect(isInterrupted(meta, 'next-page')).toBe(true);
    expect(meta.nodeCount).toBe(shown.filter((e) => e.type === 'node').length);
    expect(bundle.runs![0].result.incomplete?.reason).toBe(INTERRUPTED);
    expect(bundle.runs![0].events.map(noWall)).toEqual(shown.map(noWall));
    await checkNothingLost(shown, bundle);
  });
});
