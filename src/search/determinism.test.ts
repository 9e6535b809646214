/**
 * Every strategy on the sim is reproducible from its seed (design.md §2: "every view must be
 * reproducible from a link"), and its event log keeps the stream's contract (design.md §3).
 */
import { describe, expect, it } from 'vitest';
import { SimBackend, simProblem } from '../sim/index';
import type { SearchEvent } from './events';
import { createRng } from './rng';
import { parseSpec, runStrategy, type StrategySpec } from './strategies/index';
import { assertComputeMonotone } from './testing/event-tree';
import { ofType } from './testing/record';

const CASES: { label: string; spec: StrategySpec; stochastic: boolean }[] = [
  { label: 'greedy', spec: parseSpec({ name: 'greedy' }), stochastic: false },
  { label: 'majority vote', spec: parseSpec({ name: 'sample', params: { n: 8, aggregate: 'majority' } }), stochastic: true },
  { label: 'best-of-N', spec: parseSpec({ name: 'sample', params: { n: 8, aggregate: 'best-of-n' } }), stochastic: true },
  { label: 'weighted majority', spec: parseSpec({ name: 'sample', params: { n: 8, aggregate: 'weighted-majority' } }), stochastic: true },
  { label: 'beam search', spec: parseSpec({ name: 'beam', params: { n: 8, m: 4 } }), stochastic: true },
  { label: 'MCTS', spec: parseSpec({ name: 'mcts', params: { budget: 32 } }), stochastic: true },
  { label: 'REBASE (official preset)', spec: parseSpec({ name: 'rebase', params: { width: 8, preset: 'official' } }), stochastic: true },
  { label: 'REBASE (paper preset)', spec: parseSpec({ name: 'rebase', params: { width: 8, preset: 'paper' } }), stochastic: true },
];

/** Two problems of different difficulty, so a log is more than one lucky path. */
const PROBLEMS = [simProblem('sim-L2-0004'), simProblem('sim-L4-0001')];

/** The whole event log of one run, on a fresh sim backend (no state shared between runs). */
async function log(spec: StrategySpec, problemIndex: number, seed: number): Promise<SearchEvent[]> {
  const events: SearchEvent[] = [];
  await runStrategy(PROBLEMS[problemIndex], new SimBackend({ policy: 'sim-1.4B' }), spec, {
    rng: createRng(seed),
    emit: (e) => events.push(e),
  });
  return events;
}

describe.each(CASES)('$label on the sim', ({ spec, stochastic }) => {
  it.each([0, 1])('the same seed gives the identical event log (problem %i)', async (p) => {
    const a = await log(spec, p, 1234);
    const b = await log(spec, p, 1234);
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.length).toBeGreaterThan(3);
  });

  it(stochastic ? 'another seed gives another log' : 'is deterministic: another seed gives the same log (temperature 0)', async () => {
    const a = await log(spec, 1, 1234);
    const b = await log(spec, 1, 98765);
    if (stochastic) expect(JSON.stringify(b)).not.toBe(JSON.stringify(a));
    else expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it.each([0, 1])('keeps the stream contract: compute never goes down, ends with done, counts its nodes, never expands a terminal node (problem %i)', async (p) => {
    const events = await log(spec, p, 7);
    expect(assertComputeMonotone(events)).toBe(events.length);

    const done = events.at(-1)!;
    expect(done.type).toBe('done');
    expect(ofType(events, 'done')).toHaveLength(1);
    const nodes = ofType(events, 'node');
    expect(done.type === 'done' && done.nodes).toBe(nodes.length);
    expect(nodes.length).toBeGreaterThan(0);
    // The final compute is the sum over the announced nodes (the paper's convention).
    expect(done.compute.policyTokens).toBe(nodes.reduce((s, n) => s + n.tokens, 0));

    const terminal = new Set(nodes.filter((n) => n.terminal).map((n) => n.id));
    expect(nodes.filter((n) => n.parent !== null && terminal.has(n.parent))).toEqual([]);
    expect(ofType(events, 'expand').filter((e) => e.parent !== null && terminal.has(e.parent))).toEqual([]);
  });
});
