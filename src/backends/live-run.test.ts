/**
 * Real strategies from src/search, run through `runStrategy` against HttpBackend over the fake
 * server: complete runs, a server that fails mid-run (the run must end `incomplete` with the
 * failure's message and keep every node it announced), and cancellation of in-flight requests.
 */
import { describe, expect, it } from 'vitest';
import { parseSpec, type StrategySpec } from '../search/strategies/spec';
import { ofType, record } from '../search/testing/record';
import type { Problem } from '../search/types';
import { RecordingBackend } from '../trace/recording-backend';
import { createHttpBackend, type PrmConfig } from './config';
import { delay, fakeServer, json, never, until, type FakeServerOptions } from './testing/fake-server';

const BASE = 'http://127.0.0.1:8000';
const problem: Problem = { id: 'p', question: 'What is 1 + 1?', answer: '2' };
const POOLING: PrmConfig = { type: 'pooling', baseUrl: BASE, model: 'Qwen/Qwen2.5-Math-PRM-7B' };

function backend(server: FakeServerOptions, prm: PrmConfig | null = POOLING, retries = 2) {
  const f = fakeServer({ pooling: true, ...server });
  const b = createHttpBackend({ policy: { baseUrl: BASE, model: 'fake-7b', params: 7e9 }, prm, http: { retries, backoffMs: 1 } }, { fetch: f.fetch });
  return { f, b };
}

const rebase = parseSpec({ name: 'rebase', params: { width: 8, maxDepth: 6 } });

/** Every announced node is counted in `done`, and every node's parent was announced before it. */
function checkNoNodeDropped(events: ReturnType<typeof ofType<'node'>>, doneNodes: number): void {
  expect(events).toHaveLength(doneNodes);
  const ids = new Set<number>();
  for (const n of events) {
    if (n.parent !== null) expect(ids.has(n.parent)).toBe(true);
    ids.add(n.id);
  }
  expect([...ids].sort((a, b) => a - b)).toEqual(events.map((_, i) => i));
}

describe('live runs over HTTP', () => {
  it('REBASE runs to the end: every solution terminal, rewards from the PRM, FLOPs from usage', async () => {
    const { f, b } = backend({ depth: 3 });
    const { events, done } = await record(rebase, b, { problem, seed: 3 });
    expect(done.incomplete).toBeUndefined();
    expect(done.solutions).toBe(8);
    const nodes = ofType(events, 'node');
    checkNoNodeDropped(nodes, done.nodes);
    expect(ofType(events, 'score').length).toBe(nodes.length);
    const tokens = nodes.reduce((s, n) => s + n.tokens, 0);
    expect(done.compute.policyTokens).toBe(tokens);
    expect(done.compute.flops).toBe(2 * 7e9 * tokens);
    expect(done.answer).toMatch(/^[012]$/);
    expect(f.requests.some((r) => r.path === '/pooling')).toBe(true);
  });

  it('charges PRM tokens as the sim does: the question\'s prompt once plus every node read, for sampling as for REBASE', async () => {
    for (const spec of [rebase, parseSpec({ name: 'sample', params: { n: 4, aggregate: 'weighted-majority' } })]) {
      for (const complete of [true, false]) {
        const f = fakeServer({ pooling: true, depth: 3 });
        const b = createHttpBackend({ policy: { baseUrl: BASE, model: 'fake-7b', params: 7e9, complete }, prm: POOLING, http: { backoffMs: 1 } }, { fetch: f.fetch });
        const { events, done } = await record(spec, b, { problem, seed: 5 });
        expect(done.incomplete).toBeUndefined();
        // The prompt tokens of the run's first call from the question (usage.prompt_tokens).
        const firstPrompt = events.find((e) => e.compute.promptTokens > 0)!.compute.promptTokens;
        expect(firstPrompt).toBeGreaterThan(0);
        // Every solution here is finished and scored, so the PRM reads every generated token once.
        expect(done.compute.prmTokens).toBe(firstPrompt + done.compute.policyTokens);
      }
    }
  });

  it('the sampling strategies run on native complete and on expand alike', async () => {
    for (const complete of [true, false]) {
      const f = fakeServer({ depth: 3 });
      const b = createHttpBackend({ policy: { baseUrl: BASE, model: 'fake-7b', params: 7e9, complete } }, { fetch: f.fetch });
      const { done } = await record(parseSpec({ name: 'sample', params: { n: 4, aggregate: 'majority' } }), b, { problem });
      expect(done.incomplete).toBeUndefined();
      expect(done.solutions).toBe(4);
      expect(done.nodes).toBe(12);
    }
  });

  it('records through RecordingBackend into a valid bundle with every node and reward', async () => {
    const { b } = backend({ depth: 3 });
    const rec = new RecordingBackend(b);
    const { done } = await record(rebase, rec, { problem, seed: 5 });
    const bundle = rec.toBundle();
    expect(bundle.pools[0].nodes).toHaveLength(done.nodes);
    expect(bundle.pools[0].nodes.every((n) => n.reward !== null && n.reward >= 0 && n.reward <= 1)).toBe(true);
    expect(bundle.models).toMatchObject({ 'fake-7b': { role: 'policy', params: 7e9 }, 'Qwen/Qwen2.5-Math-PRM-7B': { role: 'prm', params: 7.08e9 } });
  });

  it('without a PRM, REBASE ends at once with the reason, before any request', async () => {
    const { f, b } = backend({}, null);
    const { done } = await record(rebase, b, { problem });
    expect(done.incomplete?.reason).toBe('REBASE needs a process reward model, and this backend has none');
    expect(f.requests).toHaveLength(0);
  });

  const failing: [string, FakeServerOptions['fault'], string][] = [
    ['a 500 that outlasts the retries', (req, i) => (i >= 4 && req.path === '/v1/completions' ? json({ error: 'CUDA out of memory' }, 500) : undefined),
      'http://127.0.0.1:8000: POST /v1/completions — HTTP 500: "CUDA out of memory" (gave up after 3 attempts)'],
    ['a dropped connection', (req, i) => { if (i >= 4 && req.path === '/v1/completions') throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }); return undefined; },
      'http://127.0.0.1:8000: POST /v1/completions — network error: fetch failed (ECONNRESET) (gave up after 3 attempts)'],
    ['a malformed pooling answer', (req, i) => (i >= 3 && req.path === '/pooling' ? json({ data: [{ data: 'oops' }] }) : undefined),
      'http://127.0.0.1:8000: POST /pooling — malformed response: data[0].data: must be an array of rows (one per step tag) (got "oops")'],
  ];
  for (const [what, fault, reason] of failing) {
    it(`${what} mid-run ends the run incomplete with the reason, dropping no node`, async () => {
      const { b } = backend({ depth: 6, fault });
      const { events, done } = await record(rebase, b, { problem });
      expect(done.incomplete?.reason).toBe(reason);
      expect(done.answer).toBeNull();
      const nodes = ofType(events, 'node');
      expect(nodes.length).toBeGreaterThan(0);
      checkNoNodeDropped(nodes, done.nodes);
      expect(done.compute.policyTokens).toBe(nodes.reduce((s, n) => s + n.tokens, 0));
      expect(events[events.length - 1]).toBe(done);
    });
  }

  it('cancelling a run aborts its in-flight requests and ends it "cancelled"', async () => {
    // Requests after the 12th hang: the first expansion (8 parallel requests, n > 1 off), its
    // scoring, then the next expansions block.
    const f = fakeServer({ pooling: true, depth: 6, fault: (_req, i) => (i >= 12 ? never() : undefined) });
    const b = createHttpBackend({ policy: { baseUrl: BASE, model: 'fake-7b', params: 7e9, multiSample: false }, prm: POOLING }, { fetch: f.fetch });
    const ctl = new AbortController();
    const running = record(rebase as StrategySpec, b, { problem, signal: ctl.signal });
    await until(() => f.inFlight > 0);
    await delay(20);
    const inFlight = f.inFlight;
    expect(inFlight).toBeGreaterThan(0);
    ctl.abort();
    const { done } = await running;
    expect(done.incomplete?.reason).toBe('cancelled');
    expect(f.aborted).toBe(inFlight);
    expect(f.inFlight).toBe(0);
  });

  it("the backend's own signal (a worker's cancel) also aborts PRM requests", async () => {
    const f = fakeServer({ pooling: true, depth: 6, fault: (req) => (req.path === '/pooling' ? never() : undefined) });
    const ctl = new AbortController();
    const b = createHttpBackend({ policy: { baseUrl: BASE, model: 'fake-7b', params: 7e9 }, prm: POOLING }, { fetch: f.fetch, signal: ctl.signal });
    const running = record(rebase, b, { problem });
    await until(() => f.inFlight > 0);
    expect(f.inFlight).toBe(1);
    ctl.abort();
    const { done } = await running;
    expect(done.incomplete?.reason).toBe('http://127.0.0.1:8000: POST /pooling — cancelled');
    expect(f.aborted).toBe(1);
  });
});
