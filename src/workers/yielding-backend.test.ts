/**
 * The yielding wrapper lets a worker read messages (the cancel) and fire timers (the batch flush)
 * during a run of the synchronous sim, without changing what the run produces.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../search/backend';
import type { SearchEvent } from '../search/events';
import { createRng } from '../search/rng';
import { parseSpec, runStrategy, type StrategySpec } from '../search/strategies/index';
import { SimBackend, simProblem } from '../sim/index';
import { nextTask, YieldingBackend } from './yielding-backend';

const problem = simProblem('sim-L4-0003');

async function log(backend: Backend, spec: StrategySpec, onEvent?: (e: SearchEvent) => void): Promise<SearchEvent[]> {
  const events: SearchEvent[] = [];
  await runStrategy(problem, backend, spec, {
    rng: createRng(99),
    emit: (e) => {
      events.push(e);
      onEvent?.(e);
    },
  });
  return events;
}

describe('YieldingBackend', () => {
  it.each([
    ['REBASE', parseSpec({ name: 'rebase', params: { width: 32 } })],
    ['MCTS', parseSpec({ name: 'mcts', params: { budget: 128 } })],
    ['majority voting (native complete)', parseSpec({ name: 'sample', params: { n: 16, aggregate: 'majority' } })],
  ])('%s gives the same events whether or not it yields', async (_label, spec) => {
    const plain = await log(new SimBackend({ policy: 'sim-7B' }), spec);
    // sliceMs 0: yield at every backend call, the most a run can be interleaved.
    const yielding = await log(new YieldingBackend(new SimBackend({ policy: 'sim-7B' }), 0), spec);
    expect(yielding).toEqual(plain);
  });

  it('lets a queued task run before the run ends (a cancel message would be read)', async () => {
    let taskRan = false;
    let eventsBeforeTask = -1;
    setTimeout(() => { taskRan = true; }, 0);
    const seen: SearchEvent[] = [];
    await log(new YieldingBackend(new SimBackend({ policy: 'sim-7B' }), 0), parseSpec({ name: 'rebase', params: { width: 64 } }), (e) => {
      seen.push(e);
      if (taskRan && eventsBeforeTask < 0) eventsBeforeTask = seen.length;
    });
    expect(eventsBeforeTask).toBeGreaterThan(0);
    expect(eventsBeforeTask).toBeLessThan(seen.length);
  });

  it('without yielding, the same queued task waits for the whole run (why the wrapper exists)', async () => {
    let taskRan = false;
    setTimeout(() => { taskRan = true; }, 0);
    let ranDuring = false;
    await log(new SimBackend({ policy: 'sim-7B' }), parseSpec({ name: 'rebase', params: { width: 32 } }), () => {
      ranDuring ||= taskRan;
    });
    expect(ranDuring).toBe(false);
  });

  it('keeps the inner backend\'s shape: no `complete` when the inner one has none', () => {
    const sim = new SimBackend();
    const noComplete: Backend = { describe: () => sim.describe(), expand: (...a) => sim.expand(...a), score: (...a) => sim.score(...a) };
    expect(new YieldingBackend(noComplete).complete).toBeUndefined();
    expect(new YieldingBackend(sim).complete).toBeTypeOf('function');
  });

  describe('where there is no setImmediate (browsers, workers)', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('still yields, through a MessageChannel, and gives the same events', async () => {
      vi.stubGlobal('setImmediate', undefined);
      const spec = parseSpec({ name: 'rebase', params: { width: 64 } });
      let taskRan = false;
      let ranDuring = false;
      setTimeout(() => { taskRan = true; }, 0);
      const events = await log(new YieldingBackend(new SimBackend({ policy: 'sim-7B' }), 0), spec, () => {
        ranDuring ||= taskRan;
      });
      expect(ranDuring).toBe(true);
      expect(events).toEqual(await log(new SimBackend({ policy: 'sim-7B' }), spec));
      await expect(nextTask()).resolves.toBeUndefined();
    });
  });
});
