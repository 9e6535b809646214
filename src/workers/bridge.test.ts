/**
 * The bridge over the real worker module: `new Worker(new URL('./search.worker.ts', …))` and
 * Comlink, run by @vitest/web-worker in Node (same thread, real structured cloning and ports).
 */
import '@vitest/web-worker';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchEvent } from '../search/events';
import { parseSpec, type StrategySpec } from '../search/strategies/index';
import { SearchBridge, type SearchBridgeOptions } from './bridge';
import type { RunRequest } from './protocol';
import { SearchService } from './search-service';

const FIXTURE = 'sim-rebase.trace.json';
const fixtureText = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', FIXTURE), 'utf8');

const simRequest = (spec: StrategySpec, problemId = 'sim-L3-0002'): RunRequest => ({
  source: { kind: 'sim', model: 'sim-7B', prm: 'default' }, problemId, spec, seed: 1,
});
const BIG = simRequest(parseSpec({ name: 'mcts', params: { budget: 10000 } }), 'sim-L5-0001');
const SMALL = simRequest(parseSpec({ name: 'rebase', params: { width: 8 } }));

/** The events the service itself produces for a request (the reference for what arrives). */
async function serviceLog(req: RunRequest): Promise<SearchEvent[]> {
  const events: SearchEvent[] = [];
  await new SearchService().run(req, (b) => events.push(...b));
  return events;
}

/** A bridge on the real worker module, counting workers started and terminated. */
function realBridge(opts: Omit<SearchBridgeOptions, 'createWorker'> = {}) {
  const stats = { started: 0, terminated: 0 };
  const bridge = new SearchBridge({
    ...opts,
    createWorker: () => {
      stats.started++;
      const worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
      const terminate = worker.terminate.bind(worker);
      worker.terminate = () => {
        stats.terminated++;
        terminate();
      };
      return worker;
    },
  });
  bridges.push(bridge);
  return { bridge, stats };
}

const bridges: SearchBridge[] = [];
afterEach(() => {
  for (const b of bridges.splice(0)) b.dispose();
});

describe('SearchBridge over the real worker', () => {
  it('starts no worker until first used', () => {
    const { stats } = realBridge();
    expect(stats.started).toBe(0);
  });

  it('streams a run\'s events in batches and resolves with its done event', async () => {
    const { bridge, stats } = realBridge();
    const batches: SearchEvent[][] = [];
    const outcome = await bridge.run(SMALL, (b) => batches.push(b)).done;
    expect(outcome.status).toBe('done');
    const events = batches.flat();
    expect(events.at(-1)).toEqual(outcome.done);
    expect(events).toEqual(await serviceLog(SMALL));
    expect(stats.started).toBe(1);
  });

  it('a second run cancels the first: the first stops delivering, the second completes', async () => {
    const { bridge } = realBridge();
    let secondStarted = false;
    let lateBatches = 0;
    let firstBatches = 0;
    const first = bridge.run(BIG, () => {
      firstBatches++;
      if (secondStarted) lateBatches++;
    });
    await vi.waitFor(() => expect(firstBatches).toBeGreaterThan(0));
    secondStarted = true;
    const events: SearchEvent[] = [];
    const second = bridge.run(SMALL, (b) => events.push(...b));
    expect((await first.done).status).toBe('cancelled');
    const outcome = await second.done;
    expect(outcome.status).toBe('done');
    expect(events).toEqual(await serviceLog(SMALL));
    expect(lateBatches).toBe(0);
  });

  it('loads a bundle in the worker and replays it; a bad file rejects naming file and path', async () => {
    const { bridge } = realBridge();
    const summary = await bridge.loadBundle(FIXTURE, new TextEncoder().encode(fixtureText).buffer);
    expect(summary.problems.map((p) => p.id)).toEqual(['sim-L3-0002']);
    const [run] = summary.runs;
    const events: SearchEvent[] = [];
    const outcome = await bridge.run({
      source: { kind: 'bundle', bundleKey: summary.key }, problemId: run.problemId, spec: parseSpec(run.strategy), seed: run.seed,
    }, (b) => events.push(...b)).done;
    expect(outcome).toMatchObject({ status: 'done', done: { nodes: summary.nodeCount } });
    expect(events.at(-1)).toEqual(outcome.done);

    const bad = JSON.parse(fixtureText);
    delete bad.problems[0].answer;
    await expect(bridge.loadBundle('bad.trace.json', JSON.stringify(bad))).rejects.toThrow(/^bad\.trace\.json: problems\[0\]\.answer/);
  });

  it('a bundle loaded before the worker idled out still replays on the fresh worker', async () => {
    const { bridge, stats } = realBridge({ idleMs: 20 });
    const summary = await bridge.loadBundle(FIXTURE, fixtureText);
    await vi.waitFor(() => expect(stats.terminated).toBe(1));
    const [run] = summary.runs;
    const outcome = await bridge.run({
      source: { kind: 'bundle', bundleKey: summary.key }, problemId: run.problemId, spec: parseSpec(run.strategy), seed: run.seed,
    }, () => {}).done;
    expect(outcome).toMatchObject({ status: 'done', done: { nodes: summary.nodeCount } });
    expect(stats.started).toBe(2);
  });

  it('dispose terminates the worker and ends the run in flight as cancelled', async () => {
    const { bridge, stats } = realBridge();
    let batches = 0;
    const handle = bridge.run(BIG, () => { batches++; });
    await vi.waitFor(() => expect(batches).toBeGreaterThan(0));
    bridge.dispose();
    expect(stats.terminated).toBe(1);
    expect((await handle.done).status).toBe('cancelled');
  });

  it('an unknown problem resolves "error" with the reason, and the next run still works', async () => {
    const { bridge } = realBridge();
    const bad = await bridge.run({ ...SMALL, problemId: 'no-such-problem' }, () => {}).done;
    expect(bad).toMatchObject({ status: 'error', error: expect.stringContaining('no-such-problem') });
    expect((await bridge.run(SMALL, () => {}).done).status).toBe('done');
  });
});
