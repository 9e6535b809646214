/**
 * The plumbing of live runs between the worker and the page: the Batcher carries record deltas
 * with the events they belong to (and alone when no event follows), a sim run's batches carry
 * none, and the bridge over the real worker module (@vitest/web-worker: real structured cloning
 * and ports) delivers a live run's key-bearing request to serve-sim and hands the recorder every
 * batch — also those after cancel, which the view no longer gets.
 */
import '@vitest/web-worker';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimServer, type SimServer } from '../cli/serve-sim/index';
import type { SearchEvent } from '../search/events';
import { parseSpec } from '../search/strategies/index';
import { simProblem } from '../sim/index';
import { Batcher, mergeDelta } from './batcher';
import { SearchBridge } from './bridge';
import type { RecordDelta, RunRequest } from './protocol';
import { SearchService } from './search-service';

const node = (id: number): SearchEvent => ({ type: 'node', id, parent: null, depth: 1, text: `s${id}`, tokens: 1, terminal: false, compute: { policyTokens: 0, promptTokens: 0, prmTokens: 0, flops: 0, calls: 0, wallMs: 0 } });
const poolNode = (id: string) => ({ id, parent: null, text: id, tokens: 1, reward: null, terminal: false });

describe('Batcher with record deltas', () => {
  it('sends a delta with the events of the same flush, merged in order', async () => {
    const got: { events: SearchEvent[]; record?: RecordDelta }[] = [];
    let t = 0;
    const b = new Batcher((events, record) => { got.push({ events, ...(record ? { record } : {}) }); }, 30, () => t);
    b.pushRecord({ nodes: [poolNode('n1')], promptTokens: 12 });
    b.push(node(0));
    b.pushRecord({ nodes: [poolNode('n2')], rewards: [['n1', 0.5]], promptTokens: 99 });
    b.push(node(1));
    t = 31;
    b.push(node(2)); // 30 ms passed: flush inline
    await b.finish();
    expect(got).toEqual([{ events: [node(0), node(1), node(2)], record: { nodes: [poolNode('n1'), poolNode('n2')], rewards: [['n1', 0.5]], promptTokens: 12 } }]);
  });

  it('sends a delta on its own by timer when no event follows (a slow server), and none for a sim run', async () => {
    vi.useFakeTimers();
    try {
      const got: unknown[][] = [];
      const b = new Batcher((...args) => { got.push(args); });
      b.pushRecord({ rewards: [['n1', 1]] });
      vi.advanceTimersByTime(31);
      expect(got).toEqual([[[], { rewards: [['n1', 1]] }]]);
    } finally {
      vi.useRealTimers();
    }
    const sim: unknown[][] = [];
    await new SearchService().run({ source: { kind: 'sim', model: 'sim-7B', prm: 'default' }, problemId: 'sim-L1-0000', spec: parseSpec({ name: 'greedy', params: {} }), seed: 0 }, (...args) => { sim.push(args); });
    expect(sim.length).toBeGreaterThan(0);
    expect(sim.every((args) => args.length === 1)).toBe(true);
  });

  it('mergeDelta keeps the first start and prompt-token count', () => {
    const start = { models: {}, problem: simProblem('sim-L1-0000'), pool: { problemId: 'sim-L1-0000', policy: 'p', prm: null, sampling: { temperature: 1 } } };
    expect(mergeDelta({ promptTokens: 5 }, { start, promptTokens: 7, nodes: [poolNode('n1')] })).toEqual({ start, promptTokens: 5, nodes: [poolNode('n1')] });
  });
});

describe('SearchBridge with a live run, over the real worker module', () => {
  const KEY = 'sk-bridge-7';
  let sim: SimServer;
  beforeAll(async () => {
    sim = await startSimServer({ port: 0, latencyMs: 40, apiKey: KEY });
  });
  afterAll(async () => {
    await sim?.close();
  });

  const live = (): RunRequest => ({
    source: {
      kind: 'live', problem: simProblem('sim-L3-0002'),
      config: { policy: { baseUrl: sim.url, model: 'sim-7B', params: 6.74e9, apiKey: KEY }, prm: { type: 'pooling', baseUrl: sim.url, model: 'sim-PRM-34B', params: 3.37e10, apiKey: KEY } },
    },
    problemId: 'sim-L3-0002', spec: parseSpec({ name: 'rebase', params: { width: 6 } }), seed: 0,
  });

  it('streams events and record deltas; the recorder also hears what comes after cancel', async () => {
    const bridge = new SearchBridge({ createWorker: () => new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' }), graceMs: 5000 });
    try {
      const seen: SearchEvent[] = [];
      const recorded: SearchEvent[] = [];
      const deltas: RecordDelta[] = [];
      const handle = bridge.run(live(), (events) => seen.push(...events), {
        onRecord: (events, record) => {
          recorded.push(...events);
          if (record) deltas.push(record);
        },
      });
      await vi.waitFor(() => expect(seen.filter((e) => e.type === 'node').length).toBeGreaterThan(6), { timeout: 10_000 });
      handle.cancel();
      const outcome = await handle.done;
      expect(outcome.status).toBe('cancelled');
      // The view stopped at cancel; the recorder got the rest, down to the cancelled `done`.
      expect(recorded.at(-1)).toMatchObject({ type: 'done', incomplete: { reason: 'cancelled' } });
      expect(seen.some((e) => e.type === 'done')).toBe(false);
      expect(recorded.slice(0, seen.length)).toEqual(seen);
      const nodes = deltas.flatMap((d) => d.nodes ?? []);
      expect(nodes.length).toBeGreaterThanOrEqual(recorded.filter((e) => e.type === 'node').length);
      expect(deltas[0].start?.models).toEqual({ 'sim-7B': { role: 'policy', name: 'sim-7B', params: 6.74e9 }, 'sim-PRM-34B': { role: 'prm', name: 'sim-PRM-34B', params: 3.37e10 } });
      expect(JSON.stringify([recorded, deltas, outcome])).not.toContain(KEY);
    } finally {
      bridge.dispose();
    }
  });
});
