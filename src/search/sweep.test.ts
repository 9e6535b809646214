/**
 * Sweeps on the sim (design.md §9): chunking and order do not change the result, seeds reproduce,
 * points carry the right means and intervals, and FLOPs follow the conventions of §5.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIM_MODELS, SIM_PRM, SimBackend, simProblem, type SimModelId } from '../sim/index';
import { parseBundleText, ReplayBackend } from '../trace/index';
import type { Backend } from './backend';
import { conventionFromId } from './compute';
import { SWEEP_STRATEGIES } from './strategies/index';
import { runSeed, runUnit, splitSweep, unitCost, type BackendFactory, type SweepCell, type SweepSpec } from './sweep';
import { specForBudget } from './strategies/index';
import { summarize, type SummaryOptions, type SweepPoint } from './sweep-summary';
import type { StepSample } from './types';

/** Ten sim problems, two per level. */
const PROBLEMS = [1, 2, 3, 4, 5].flatMap((l) => [simProblem(`sim-L${l}-0000`), simProblem(`sim-L${l}-0001`)]);
const BUDGETS = [1, 2, 4];
const MODEL: SimModelId = 'sim-1.4B';
const PARAMS = SIM_MODELS.find((m) => m.id === MODEL)!.params;

const spec = (over: Partial<SweepSpec> = {}): SweepSpec => ({
  models: [MODEL], strategies: [...SWEEP_STRATEGIES], budgets: BUDGETS, problems: PROBLEMS, seeds: [0], subsample: true, ...over,
});

/** A fresh sim backend per model, as the CLI makes them. */
function simBackends(): BackendFactory {
  const backends = new Map<string, SimBackend>();
  return (model) => {
    let b = backends.get(model);
    if (!b) backends.set(model, (b = new SimBackend({ policy: model as SimModelId })));
    return b;
  };
}

async function sweep(s: SweepSpec, chunk = 25, backendFor: BackendFactory = simBackends(), byStrategy = false): Promise<SweepCell[]> {
  const cells: SweepCell[] = [];
  for (const unit of splitSweep(s, chunk, { byStrategy })) cells.push(...(await runUnit(unit, backendFor)));
  return cells;
}

const cellKey = (c: SweepCell) => `${c.model}|${c.seed}|${c.strategy}|${c.budget}|${c.problemId}`;
const sorted = (cells: SweepCell[]) => [...cells].sort((a, b) => (cellKey(a) < cellKey(b) ? -1 : cellKey(a) > cellKey(b) ? 1 : 0));
/** A cell without the seed it was run with, so two seeds can be compared on what they produced. */
const outcome = ({ seed: _seed, ...rest }: SweepCell) => rest;

const summaryOptions: SummaryOptions = { policyParams: () => PARAMS, prmParams: SIM_PRM.params };
const pointKey = (p: Pick<SweepPoint, 'strategy' | 'budget'>) => `${p.strategy}@${p.budget}`;

describe('sweep vote rule', () => {
  it('passes the rule to every unit and spec; both rules vote over the same trees (the rule is not part of the seed)', async () => {
    expect(splitSweep(spec({ voteRule: 'first-vote' }), 3, { byStrategy: true }).every((u) => u.voteRule === 'first-vote')).toBe(true);
    expect(splitSweep(spec(), 3).every((u) => u.voteRule === undefined)).toBe(true);
    expect(specForBudget('rebase', 8, 'first-vote').params).toMatchObject({ voteRule: 'first-vote' });
    expect(specForBudget('rebase', 8).params).toMatchObject({ voteRule: 'official' });
    expect(runSeed(0, MODEL, specForBudget('majority', 4, 'first-vote'), 'p')).toBe(runSeed(0, MODEL, specForBudget('majority', 4), 'p'));
    for (const subsample of [true, false]) {
      const s = spec({ strategies: ['majority', 'weighted-majority'], problems: PROBLEMS.slice(0, 4), subsample });
      const official = sorted(await sweep(s));
      const firstVote = sorted(await sweep({ ...s, voteRule: 'first-vote' }));
      expect(firstVote.map((c) => [cellKey(c), c.flops, c.policyTokens, c.solutions])).toEqual(official.map((c) => [cellKey(c), c.flops, c.policyTokens, c.solutions]));
    }
  });
});

describe('sweep on the sim', () => {
  it('gives the same cells and points whether the problems run in chunks of 3 or in one unit, in any order', async () => {
    const s = spec({ seeds: [0, 1] });
    expect(splitSweep(s, 3)).toHaveLength(8); // ⌈10/3⌉ chunks × 2 seeds
    expect(splitSweep(s, 100)).toHaveLength(2);
    const chunked = await sweep(s, 3);
    const whole = await sweep(s, 100);
    expect(chunked).toHaveLength(whole.length);
    expect(sorted(chunked)).toEqual(sorted(whole));
    const points = summarize(whole, summaryOptions);
    expect(summarize(chunked, summaryOptions)).toEqual(points);
    // A worker pool delivers units in any order: points, intervals included, depend only on the set of cells.
    expect(summarize([...whole].reverse(), summaryOptions)).toEqual(points);
  });

  it('summarises one seed the same whatever order its cells arrive in', async () => {
    const cells = await sweep(spec());
    const points = summarize(cells, summaryOptions);
    expect(summarize([...cells].reverse(), summaryOptions)).toEqual(points);
    expect(summarize(sorted(cells), summaryOptions)).toEqual(points);
  });

  it('reproduces its cells from the seed, and another seed gives other outcomes', async () => {
    const a = await sweep(spec({ seeds: [5] }));
    const b = await sweep(spec({ seeds: [5] }));
    expect(b).toEqual(a);
    const c = await sweep(spec({ seeds: [6] }));
    expect(c.map(outcome)).not.toEqual(a.map(outcome));
  });

  it('summarises one seed as accuracy = correct / n with a Wilson interval around it, FLOPs as the mean per question', async () => {
    const cells = await sweep(spec());
    const points = summarize(cells, summaryOptions);
    // 6 sampled/searched strategies × 3 budgets + greedy once.
    expect(points).toHaveLength(6 * BUDGETS.length + 1);
    for (const p of points) {
      const group = cells.filter((c) => c.strategy === p.strategy && c.budget === p.budget);
      const n = group.length;
      expect(n).toBe(PROBLEMS.length);
      const correct = group.filter((c) => c.correct).length;
      expect(p.accuracy).toBe(correct / n);
      // Wilson score interval, z = 1.96, written out independently of stats.ts.
      const z = 1.96, q = correct / n;
      const centre = (q + (z * z) / (2 * n)) / (1 + (z * z) / n);
      const half = (z * Math.sqrt((q * (1 - q)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
      expect(p.lo).toBeCloseTo(Math.max(0, centre - half), 12);
      expect(p.hi).toBeCloseTo(Math.min(1, centre + half), 12);
      expect(p.lo).toBeLessThanOrEqual(p.accuracy);
      expect(p.hi).toBeGreaterThanOrEqual(p.accuracy);
      expect(p.hi - p.lo).toBeGreaterThan(0.2); // ten problems: a wide interval, never a point
      expect(p.flops).toBeCloseTo(group.reduce((s, c) => s + c.flops, 0) / n, 0);
      expect(p.tokens).toBeCloseTo(group.reduce((s, c) => s + c.policyTokens, 0) / n, 9);
      expect(p).toMatchObject({ problems: 10, seeds: 1, incomplete: 0 });
    }
  });

  it('with two seeds gives a bootstrap interval over problems that contains the mean', async () => {
    const cells = await sweep(spec({ seeds: [0, 1] }));
    const points = summarize(cells, summaryOptions);
    for (const p of points) {
      const group = cells.filter((c) => c.strategy === p.strategy && c.budget === p.budget);
      expect(group).toHaveLength(20);
      expect(p.accuracy).toBeCloseTo(group.filter((c) => c.correct).length / 20, 12);
      expect(p.lo).toBeLessThanOrEqual(p.accuracy);
      expect(p.hi).toBeGreaterThanOrEqual(p.accuracy);
      expect(p).toMatchObject({ problems: 10, seeds: 2 });
    }
    // Not degenerate: wherever problems disagree, the interval has width.
    const mixed = points.filter((p) => p.accuracy > 0 && p.accuracy < 1);
    expect(mixed.length).toBeGreaterThan(0);
    for (const p of mixed) expect(p.hi).toBeGreaterThan(p.lo);
  });

  it('charges more FLOPs under the prefill and PRM conventions than under the paper\'s, except where nothing was scored', async () => {
    const cells = await sweep(spec());
    const paper = new Map(summarize(cells, summaryOptions).map((p) => [pointKey(p), p]));
    const prefill = summarize(cells, { ...summaryOptions, convention: conventionFromId('prefill') });
    const prm = summarize(cells, { ...summaryOptions, convention: conventionFromId('prm') });
    const both = summarize(cells, { ...summaryOptions, convention: conventionFromId('prefill+prm') });
    for (const p of prefill) expect(p.flops).toBeGreaterThan(paper.get(pointKey(p))!.flops);
    for (const p of prm) {
      const base = paper.get(pointKey(p))!.flops;
      // Majority voting and greedy never call the PRM, so the PRM switch adds nothing to them.
      if (p.strategy === 'majority' || p.strategy === 'greedy') expect(p.flops).toBeCloseTo(base, 0);
      else expect(p.flops).toBeGreaterThan(base);
    }
    for (const p of both) {
      const group = cells.filter((c) => c.strategy === p.strategy && c.budget === p.budget);
      const expected = group.reduce((s, c) => s + 2 * PARAMS * (c.policyTokens + c.promptTokens) + 2 * SIM_PRM.params * c.prmTokens, 0) / group.length;
      expect(p.flops / expected).toBeCloseTo(1, 12);
    }
  });

  it('runs greedy once, at budget 1, and every other strategy at every budget', async () => {
    const cells = await sweep(spec());
    const budgetsOf = (s: string) => [...new Set(cells.filter((c) => c.strategy === s).map((c) => c.budget))].sort((a, b) => a - b);
    expect(budgetsOf('greedy')).toEqual([1]);
    for (const s of SWEEP_STRATEGIES.filter((x) => x !== 'greedy')) expect(budgetsOf(s)).toEqual(BUDGETS);
    expect(summarize(cells).filter((p) => p.strategy === 'greedy').map((p) => p.budget)).toEqual([1]);
  });

  it('charges a sub-sampled budget-n cell exactly the tokens of n chains of the pool, the same for all three votes; majority reads no PRM tokens', async () => {
    // Watch the pools: every `complete` call of n = max(budgets) at temperature 1 is one problem's pool.
    const pools = new Map<string, number[]>();
    const sim = new SimBackend({ policy: MODEL });
    const spy: Backend = {
      describe: () => sim.describe(),
      expand: (problem, prefix, n, opts) => sim.expand(problem, prefix, n, opts),
      score: (problem, nodes) => sim.score(problem, nodes),
      complete: (problem, n, opts) => {
        const res = sim.complete(problem, n, opts);
        if (n === Math.max(...BUDGETS) && opts.temperature === 1) {
          expect(pools.has(problem.id)).toBe(false); // one pool per problem, shared by every budget
          pools.set(problem.id, res.solutions.map((chain: StepSample[]) => chain.reduce((s, step) => s + step.tokens, 0)));
        }
        return res;
      },
    };
    const cells = await sweep(spec({ strategies: ['majority', 'best-of-n', 'weighted-majority'] }), 25, () => spy);
    expect(pools.size).toBe(PROBLEMS.length);

    /** Every total of k distinct chains of a pool. */
    const subsetSums = (tokens: number[], k: number): Set<number> => {
      const out = new Set<number>();
      const walk = (from: number, left: number, sum: number) => {
        if (left === 0) return void out.add(sum);
        for (let i = from; i < tokens.length; i++) walk(i + 1, left - 1, sum + tokens[i]);
      };
      walk(0, k, 0);
      return out;
    };
    for (const c of cells) {
      const pool = pools.get(c.problemId)!;
      expect(pool).toHaveLength(4);
      expect(subsetSums(pool, c.budget).has(c.policyTokens)).toBe(true);
      if (c.budget === 4) expect(c.policyTokens).toBe(pool.reduce((s, t) => s + t, 0));
      expect(c.flops).toBe(2 * PARAMS * c.policyTokens);
      const same = cells.filter((d) => d.problemId === c.problemId && d.budget === c.budget);
      expect(same.map((d) => d.policyTokens)).toEqual([c.policyTokens, c.policyTokens, c.policyTokens]);
      // The PRM reads only finished solutions: a sub-sample of chains that all ran into a loop reads nothing.
      if (c.strategy === 'majority' || c.solutions === 0) expect(c.prmTokens).toBe(0);
      else expect(c.prmTokens).toBeGreaterThan(0);
    }
    // Budget 1 draws different chains on different problems (a real sub-sample, not always the first).
    expect(cells.filter((c) => c.budget === 1).some((c) => c.policyTokens !== pools.get(c.problemId)![0])).toBe(true);
  });
});

describe('the fine split for a worker pool', () => {
  it('gives exactly the cells of the coarse split, with or without sub-sampling, over two models and seeds', async () => {
    for (const subsample of [true, false]) {
      const s = spec({ models: ['sim-1.4B', 'sim-7B'], seeds: [0, 3], subsample });
      const fine = await sweep(s, 4, simBackends(), true);
      const coarse = await sweep(s, 25);
      expect(fine).toHaveLength(coarse.length);
      expect(sorted(fine)).toEqual(sorted(coarse));
    }
  });

  it('keeps the sub-sampled family in one unit per chunk for every budget, and every other strategy × budget alone', () => {
    const units = splitSweep(spec(), 5, { byStrategy: true });
    // Per chunk of 5: one sampling pool + greedy + 3 strategies × 3 budgets; two chunks.
    expect(units).toHaveLength(2 * (1 + 1 + 3 * BUDGETS.length));
    const pools = units.filter((u) => u.strategies.length > 1);
    expect(pools.map((u) => [u.strategies, u.budgets, u.problems.length])).toEqual([
      [['majority', 'best-of-n', 'weighted-majority'], BUDGETS, 5], [['majority', 'best-of-n', 'weighted-majority'], BUDGETS, 5],
    ]);
    for (const u of units.filter((x) => x.strategies.length === 1)) expect(u.budgets).toHaveLength(1);
    // No sub-sampling: every strategy × budget alone, greedy once.
    expect(splitSweep(spec({ subsample: false }), 10, { byStrategy: true })).toHaveLength(1 + 6 * BUDGETS.length);
  });

  it('orders units chunk by chunk, cheapest first within a chunk: greedy leads, the largest budgets trail', () => {
    const units = splitSweep(spec({ models: ['sim-1.4B', 'sim-7B'], budgets: [1, 4, 32] }), 5, { byStrategy: true });
    expect(units.slice(0, 2).map((u) => [u.model, u.strategies])).toEqual([['sim-1.4B', ['greedy']], ['sim-7B', ['greedy']]]);
    const round = units.filter((u) => u.problems[0].id === PROBLEMS[0].id);
    expect(units.slice(0, round.length)).toEqual(round); // the first chunk's units all come first
    const costs = round.map(unitCost);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(round.at(-1)).toMatchObject({ strategies: ['mcts'], budgets: [32] });
  });

  it('replays a bundle to the same cells in both splits when the factory gives a fresh replay per run', async () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'sim-sampling-pool.trace.json'), 'utf8');
    const bundle = parseBundleText(text);
    const calls: string[] = [];
    const replays: BackendFactory = (model, problem) => {
      calls.push(problem.id);
      return new ReplayBackend(bundle, problem.id, model);
    };
    const s = spec({ models: ['sim-1.4B'], problems: bundle.problems, budgets: [2, 8] });
    const coarse = await sweep(s, 25, replays);
    const runs = calls.length;
    const fine = await sweep(s, 2, replays, true);
    expect(sorted(fine)).toEqual(sorted(coarse));
    // One replay per run: the pool once per problem, then greedy once and 3 searches × 2 budgets.
    expect(runs).toBe(bundle.problems.length * (1 + 1 + 3 * 2));
    // The later runs of a problem were served too (a shared replay would have nothing left for them).
    for (const c of coarse.filter((x) => x.strategy === 'beam' || x.strategy === 'rebase')) expect(c.solutions).toBeGreaterThan(0);
  });
});
