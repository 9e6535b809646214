/**
 * REBASE and beam search send all of a depth's expansions at once (`SearchRun.expandAll`) and
 * apply the answers in the order they were issued. The contract: the event log — node ids,
 * order, every number — is exactly what awaiting the expansions one by one gives, on the sim and
 * against a backend whose answers come back out of order; only the wall time changes.
 */
import { describe, expect, it } from 'vitest';
import { SimBackend, simProblem } from '../../sim/index';
import type { Backend, ExpandResult, ScoreResult } from '../backend';
import type { SearchEvent } from '../events';
import { createRng } from '../rng';
import { SearchRun } from '../run';
import type { Problem, SearchNode } from '../types';
import { beam } from './beam';
import { rebase } from './rebase';
import { parseSpec, type StrategySpec } from './spec';

/** The engine as it was before: each expansion of a depth awaited before the next is sent. */
class OneByOne extends SearchRun {
  override async expandAll(parents: readonly (SearchNode | null)[], counts: readonly number[], temperature: number): Promise<SearchNode[][]> {
    const out: SearchNode[][] = [];
    for (let i = 0; i < parents.length; i++) out.push(await this.expand(parents[i], counts[i], temperature));
    return out;
  }
}

interface Traffic {
  inFlight: number;
  maxInFlight: number;
  /** Expand calls in the order their answers arrived (1-based issue numbers). */
  completed: number[];
}

/**
 * Wraps a synchronous backend into an async one whose expand answers arrive out of order: the
 * answer is computed when the call is made (the rng is drawn then, as HttpBackend draws its seed),
 * and delivered after `delay(call)` ms. `fail(call)` makes that call reject, or throw at once.
 */
function outOfOrder(inner: Backend, opts: { delay?: (call: number) => number; fail?: (call: number) => 'reject' | 'throw' | null } = {}): { backend: Backend; traffic: Traffic } {
  const traffic: Traffic = { inFlight: 0, maxInFlight: 0, completed: [] };
  const delay = opts.delay ?? ((call) => (call * 7) % 5);
  let calls = 0;
  const later = <T>(value: () => T, ms: number, call?: number): Promise<T> => {
    traffic.inFlight++;
    traffic.maxInFlight = Math.max(traffic.maxInFlight, traffic.inFlight);
    return new Promise<T>((resolve, reject) => setTimeout(() => {
      traffic.inFlight--;
      if (call !== undefined) traffic.completed.push(call);
      try {
        resolve(value());
      } catch (e) {
        reject(e);
      }
    }, ms));
  };
  const backend: Backend = {
    describe: () => inner.describe(),
    expand(problem, prefix, n, o) {
      const call = ++calls;
      const failure = opts.fail?.(call) ?? null;
      if (failure === 'throw') throw new Error(`call ${call} refused`);
      const answer = inner.expand(problem, prefix, n, o) as ExpandResult;
      return later(() => {
        if (failure === 'reject') throw new Error(`call ${call} failed: HTTP 503`);
        return answer;
      }, delay(call), call);
    },
    score(problem, nodes) {
      const answer = inner.score(problem, nodes) as ScoreResult;
      return later(() => answer, 1);
    },
  };
  return { backend, traffic };
}

type Strategy = typeof rebase | typeof beam;

/** Run a strategy body on a run of the given kind; the events, and the error if it threw. */
async function events(Run: typeof SearchRun, strategy: Strategy, spec: StrategySpec, problem: Problem, backend: Backend, seed: number): Promise<{ log: SearchEvent[]; error?: string }> {
  const log: SearchEvent[] = [];
  const run = new Run(problem, backend, { rng: createRng(seed), emit: (e) => log.push(e) });
  try {
    await (strategy as (p: Problem, b: Backend, params: unknown, r: SearchRun) => Promise<unknown>)(problem, backend, spec.params, run);
    return { log };
  } catch (e) {
    return { log, error: (e as Error).message };
  }
}

const CASES: { label: string; strategy: Strategy; spec: StrategySpec }[] = [
  { label: 'REBASE width 16 (official)', strategy: rebase, spec: parseSpec({ name: 'rebase', params: { width: 16 } }) },
  { label: 'REBASE width 32 (paper)', strategy: rebase, spec: parseSpec({ name: 'rebase', params: { width: 32, preset: 'paper' } }) },
  { label: 'beam n 16, m 4', strategy: beam, spec: parseSpec({ name: 'beam', params: { n: 16, m: 4 } }) },
  { label: 'DVTS n 16, m 4', strategy: beam, spec: parseSpec({ name: 'beam', params: { n: 16, m: 4, dvts: true } }) },
];

const PROBLEMS = [simProblem('sim-L2-0004'), simProblem('sim-L4-0001'), simProblem('sim-L5-0003')];
const SEEDS = [0, 7, 1234];

describe.each(CASES)('$label: a depth at once = one by one', ({ strategy, spec }) => {
  it('on the sim, for several seeds and problems', async () => {
    for (const problem of PROBLEMS) {
      for (const seed of SEEDS) {
        const together = await events(SearchRun, strategy, spec, problem, new SimBackend({ policy: 'sim-1.4B' }), seed);
        const single = await events(OneByOne, strategy, spec, problem, new SimBackend({ policy: 'sim-1.4B' }), seed);
        expect(together.error).toBeUndefined();
        expect(JSON.stringify(together.log)).toBe(JSON.stringify(single.log));
        expect(together.log.filter((e) => e.type === 'node').length).toBeGreaterThan(16);
      }
    }
  });

  it('against a backend that answers out of order: same log as the sim, with calls overlapping', async () => {
    for (const problem of PROBLEMS.slice(1)) {
      for (const seed of SEEDS.slice(0, 2)) {
        const reference = await events(SearchRun, strategy, spec, problem, new SimBackend({ policy: 'sim-1.4B' }), seed);
        const fast = outOfOrder(new SimBackend({ policy: 'sim-1.4B' }));
        const together = await events(SearchRun, strategy, spec, problem, fast.backend, seed);
        const slow = outOfOrder(new SimBackend({ policy: 'sim-1.4B' }));
        const single = await events(OneByOne, strategy, spec, problem, slow.backend, seed);
        expect(JSON.stringify(together.log)).toBe(JSON.stringify(reference.log));
        expect(JSON.stringify(single.log)).toBe(JSON.stringify(reference.log));
        // The point of the change: several expansions in flight at once, answered out of order.
        expect(fast.traffic.maxInFlight).toBeGreaterThan(1);
        expect(slow.traffic.maxInFlight).toBe(1);
        expect(fast.traffic.completed).not.toEqual([...fast.traffic.completed].sort((a, b) => a - b));
      }
    }
  });
});

describe('a failing expansion inside a depth', () => {
  const spec = CASES[0].spec;
  const problem = PROBLEMS[2];
  // Call 1 is the root; calls 2.. are depth 1's candidates. Later calls answer first.
  const delay = (call: number) => (call >= 2 ? 30 - call : 1);

  it.each(['reject', 'throw'] as const)('leaves the tree the one-by-one loop leaves (%s), with nothing in flight', async (how) => {
    const fail = (call: number) => (call === 4 ? how : null);
    const fast = outOfOrder(new SimBackend(), { delay, fail });
    const together = await events(SearchRun, rebase, spec, problem, fast.backend, 3);
    const slow = outOfOrder(new SimBackend(), { delay, fail });
    const single = await events(OneByOne, rebase, spec, problem, slow.backend, 3);
    expect(together.error).toMatch(/^call 4 (failed: HTTP 503|refused)$/);
    expect(together.error).toBe(single.error);
    expect(JSON.stringify(together.log)).toBe(JSON.stringify(single.log));
    // Calls 2 and 3 were applied, call 4 announced, and nothing after it.
    const expands = together.log.filter((e) => e.type === 'expand');
    expect(expands).toHaveLength(4);
    expect(together.log.at(-1)?.type).toBe('expand');
    expect(fast.traffic.inFlight).toBe(0);
  });

  it('ends the run incomplete with the message when run through SearchRun directly', async () => {
    const fast = outOfOrder(new SimBackend(), { delay, fail: (call) => (call === 3 ? 'reject' : null) });
    const run = new SearchRun(problem, fast.backend, { rng: createRng(1) });
    await expect(rebase(problem, fast.backend, spec.params as Parameters<typeof rebase>[2], run)).rejects.toThrow('call 3 failed: HTTP 503');
    expect(run.nodes.length).toBeGreaterThan(16);
    expect(fast.traffic.inFlight).toBe(0);
  });
});

describe('cancelling while a depth is in flight', () => {
  it('sends nothing after the cancel and throws Cancelled once the calls already out are in', async () => {
    const signal = { aborted: false };
    const problem = PROBLEMS[1];
    const sim = new SimBackend();
    let calls = 0;
    const backend: Backend = {
      describe: () => sim.describe(),
      score: (p, nodes) => sim.score(p, nodes),
      expand(p, prefix, n, o) {
        calls++;
        if (calls === 3) signal.aborted = true;
        const answer = sim.expand(p, prefix, n, o);
        return new Promise((resolve) => setTimeout(() => resolve(answer), 1));
      },
    };
    const run = new SearchRun(problem, backend, { rng: createRng(2), signal });
    await expect(rebase(problem, backend, parseSpec({ name: 'rebase', params: { width: 16 } }).params as Parameters<typeof rebase>[2], run)).rejects.toThrow('cancelled');
    // The root (1) and depth 1's first two calls went out; nothing was sent after the cancel.
    expect(calls).toBe(3);
  });
});
