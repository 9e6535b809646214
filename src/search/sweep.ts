/**
 * Sweeps (design.md §9): models × strategies × budgets × problems × seeds. Pure: the caller
 * supplies a Backend per model and problem (the sim, a replay, a live server), so the same code
 * runs in the CLI, in benchmarks and in the browser's worker pool.
 *
 * Work is split into units (one model, one problem chunk, one seed, some strategies, some
 * budgets); each unit returns one cell per (strategy, budget, problem); cells merge into points in
 * any order, and the split never changes a cell (every run is seeded from its own identity).
 */
import { DEFAULT_VOTE_RULE, vote, votedAnswer, type Aggregate, type VoteRule } from './aggregate';
import type { Backend } from './backend';
import { PrmReads } from './compute';
import { hashSeed, createRng } from './rng';
import { SearchRun } from './run';
import { runStrategy, specForBudget, type StrategySpec, type SweepStrategy } from './strategies/index';
import type { Problem, SearchNode } from './types';

export interface SweepSpec {
  models: string[];
  strategies: SweepStrategy[];
  budgets: number[];
  problems: Problem[];
  seeds: number[];
  /**
   * Sampling strategies draw one pool of max(budgets) solutions per problem, model and seed and
   * sub-sample n of them without replacement for every budget n (as the paper and
   * search-and-learn do). Off: a fresh run per budget.
   */
  subsample: boolean;
  /** Ties and `[invalid]` answers of every voting strategy (aggregate.ts); absent = `official`. */
  voteRule?: VoteRule;
}

/** One strategy × budget on one problem with one seed. */
export interface SweepCell {
  model: string;
  strategy: SweepStrategy;
  budget: number;
  problemId: string;
  seed: number;
  answer: string | null;
  correct: boolean;
  /** FLOPs under the paper's convention; token counts allow the other conventions. */
  flops: number;
  policyTokens: number;
  promptTokens: number;
  prmTokens: number;
  solutions: number;
  incomplete?: string;
  /**
   * Sub-sampled sampling cells only: whether any of the n solutions has the gold answer (pass@n,
   * the oracle ceiling above the votes). Added for the planner (issue 14).
   */
  anyCorrect?: boolean;
}

export interface SweepUnit {
  model: string;
  strategies: SweepStrategy[];
  budgets: number[];
  problems: Problem[];
  seed: number;
  subsample: boolean;
  /** As {@link SweepSpec.voteRule}; absent = `official`. */
  voteRule?: VoteRule;
}

/**
 * A backend for one strategy run of a model on a problem. `runUnit` calls it once per run (the
 * sampling pool of a problem is one run), so a replay factory must return a fresh
 * `ReplayBackend` on every call: a replay serves each recorded node once per run.
 */
export type BackendFactory = (model: string, problem: Problem) => Backend;

const SAMPLING: ReadonlySet<SweepStrategy> = new Set<SweepStrategy>(['majority', 'best-of-n', 'weighted-majority']);

/** Budgets a strategy is run at: greedy has exactly one. */
export function budgetsFor(strategy: SweepStrategy, budgets: readonly number[]): number[] {
  return strategy === 'greedy' ? [1] : [...budgets];
}

export interface SplitOptions {
  /** Finer units for a worker pool: each strategy × budget of a chunk is a unit, except the
   * sub-sampled sampling family: one unit per (model, seed, chunk) for every budget (one shared
   * pool). Units come in rounds (chunk by chunk, seed by seed), cheapest first within a round
   * ({@link unitCost}): the first points arrive at once, and after each round every curve
   * covers the same problems. */
  byStrategy?: boolean;
}

/** Split a sweep into units of at most `chunk` problems (per model and seed). */
export function splitSweep(spec: SweepSpec, chunk = 25, opts: SplitOptions = {}): SweepUnit[] {
  if (opts.byStrategy) return splitFine(spec, chunk);
  const units: SweepUnit[] = [];
  for (const model of spec.models) {
    for (const seed of spec.seeds) {
      for (let i = 0; i < spec.problems.length; i += chunk) {
        units.push({
          model, seed, strategies: spec.strategies, budgets: spec.budgets,
          problems: spec.problems.slice(i, i + chunk), subsample: spec.subsample,
          ...(spec.voteRule ? { voteRule: spec.voteRule } : {}),
        });
      }
    }
  }
  return units;
}

function splitFine(spec: SweepSpec, chunk: number): SweepUnit[] {
  const pooled = spec.subsample ? spec.strategies.filter((s) => SAMPLING.has(s)) : [];
  const single = spec.strategies.filter((s) => !pooled.includes(s));
  const units: SweepUnit[] = [];
  for (let i = 0; i < spec.problems.length; i += chunk) {
    const problems = spec.problems.slice(i, i + chunk);
    for (const seed of spec.seeds) {
      const round: SweepUnit[] = [];
      for (const model of spec.models) {
        const base = { model, seed, problems, subsample: spec.subsample, ...(spec.voteRule ? { voteRule: spec.voteRule } : {}) };
        if (pooled.length) round.push({ ...base, strategies: pooled, budgets: spec.budgets });
        for (const strategy of single) {
          for (const budget of budgetsFor(strategy, spec.budgets)) round.push({ ...base, strategies: [strategy], budgets: [budget] });
        }
      }
      units.push(...round.map((u) => ({ u, cost: unitCost(u) })).sort((a, b) => a.cost - b.cost).map(({ u }) => u));
    }
  }
  return units;
}

/** Relative work per problem of a run at budget n, in sampled solutions (measured on the sim). */
const RUN_OVERHEAD = 5;
const PER_BUDGET: Record<SweepStrategy, number> = {
  greedy: 1, majority: 1, 'best-of-n': 1, 'weighted-majority': 1, beam: 1.5, rebase: 1.5, mcts: 3,
};

/**
 * A unit's estimated work, in arbitrary units proportional to run time on the sim (within a
 * factor of ~2): ordering units cheapest first and an ETA need no more. A sub-sampled sampling
 * family costs one pool of max(budgets) solutions, scored, per problem.
 */
export function unitCost(unit: SweepUnit): number {
  const pooled = unit.subsample ? unit.strategies.filter((s) => SAMPLING.has(s)) : [];
  let perProblem = pooled.length ? RUN_OVERHEAD + 1.2 * Math.max(...unit.budgets) : 0;
  for (const s of unit.strategies.filter((x) => !pooled.includes(x))) {
    for (const b of budgetsFor(s, unit.budgets)) perProblem += RUN_OVERHEAD + PER_BUDGET[s] * b;
  }
  return perProblem * unit.problems.length;
}

/**
 * Parameters that only decide how the finished solutions are voted on, never what is sampled:
 * left out of the seed, so both vote rules vote over the same tree and the seeds of specs
 * written before `voteRule` existed are unchanged.
 */
const NOT_SEEDED: ReadonlySet<string> = new Set(['voteRule']);

/** A spec as a canonical string (sorted keys, without {@link NOT_SEEDED}), so equal specs give equal seeds. */
export function canonicalSpec(spec: StrategySpec): string {
  const params = spec.params as unknown as Record<string, unknown>;
  return `${spec.name}{${Object.keys(params).filter((k) => !NOT_SEEDED.has(k)).sort().map((k) => `${k}:${String(params[k])}`).join(',')}}`;
}

/**
 * The seed of one run, from the user's seed, the model, the strategy spec and the problem: the
 * CLI's `run`, a sweep cell and the Explorer all derive it the same way, so the same seed and
 * parameters give the same tree everywhere.
 */
export function runSeed(seed: number, model: string, spec: StrategySpec | string, problemId: string): number {
  return hashSeed(seed, `${model}|${typeof spec === 'string' ? spec : canonicalSpec(spec)}|${problemId}`);
}

export interface UnitOptions {
  signal?: { readonly aborted: boolean };
  /** Called after each problem with the cells it produced (progress, streaming). */
  onCells?: (cells: SweepCell[]) => void;
}

/** Run one unit; returns its cells in a deterministic order. */
export async function runUnit(unit: SweepUnit, backendFor: BackendFactory, opts: UnitOptions = {}): Promise<SweepCell[]> {
  const all: SweepCell[] = [];
  const sampling = unit.subsample ? unit.strategies.filter((s) => SAMPLING.has(s)) : [];
  const others = unit.strategies.filter((s) => !sampling.includes(s));
  for (const problem of unit.problems) {
    if (opts.signal?.aborted) break;
    const cells: SweepCell[] = [];
    if (sampling.length) cells.push(...(await subsampledCells(unit, problem, backendFor(unit.model, problem), sampling)));
    for (const strategy of others) {
      for (const budget of budgetsFor(strategy, unit.budgets)) {
        const spec = specForBudget(strategy, budget, unit.voteRule);
        const rng = createRng(runSeed(unit.seed, unit.model, spec, problem.id));
        const done = await runStrategy(problem, backendFor(unit.model, problem), spec, { rng, signal: opts.signal });
        cells.push({
          model: unit.model, strategy, budget, problemId: problem.id, seed: unit.seed,
          answer: done.answer, correct: done.correct, flops: done.compute.flops,
          policyTokens: done.compute.policyTokens, promptTokens: done.compute.promptTokens,
          prmTokens: done.compute.prmTokens, solutions: done.solutions,
          ...(done.incomplete ? { incomplete: done.incomplete.reason } : {}),
        });
      }
    }
    opts.onCells?.(cells);
    all.push(...cells);
  }
  return all;
}

/** Tokens of a whole chain (a solution is its leaf's path). */
function chainTokens(leaf: SearchNode): number {
  let t = 0;
  for (let n: SearchNode | null = leaf; n; n = n.parentNode) t += n.tokens;
  return t;
}

/**
 * One pool of max(budgets) solutions per problem, shared by majority, best-of-n and weighted
 * voting; each budget n votes over a seeded subset of n solutions and is charged those n chains.
 */
async function subsampledCells(unit: SweepUnit, problem: Problem, backend: Backend, strategies: SweepStrategy[]): Promise<SweepCell[]> {
  const M = Math.max(...unit.budgets);
  const run = new SearchRun(problem, backend, { rng: createRng(runSeed(unit.seed, unit.model, `pool:${M}`, problem.id)) });
  const pool = await run.complete(M, 1, 25);
  const needsPrm = strategies.some((s) => s !== 'majority');
  if (needsPrm && run.hasPrm) await run.score(pool.filter((l) => l.terminal));
  const flopsPerToken = 2 * run.policyParams;
  // The question is prefilled once per run whatever n is (prefix cache), as in a real run.
  const promptTokens = run.compute.promptTokens;
  const shortfall = run.shortfall();
  const cells: SweepCell[] = [];
  for (const budget of unit.budgets) {
    const subset = sampleWithoutReplacement(pool, Math.min(budget, pool.length), createRng(runSeed(unit.seed, unit.model, `subsample:${budget}`, problem.id)));
    let tokens = 0;
    let solutions = 0;
    let anyCorrect = false;
    for (const leaf of subset) {
      tokens += chainTokens(leaf);
      if (leaf.terminal) solutions++;
      if (leaf.terminal && leaf.answer !== undefined && run.isCorrect(leaf.answer)) anyCorrect = true;
    }
    // What the PRM read to score this subset as one run would: the question once, and the whole
    // chain of every scored solution (no two chains share a node), as `SearchRun.score` charges.
    const prmTokens = new PrmReads().charge(subset.filter((l) => l.reward !== null), run.prmQuestionTokens);
    const rule = unit.voteRule ?? DEFAULT_VOTE_RULE;
    const cands = run.candidates(subset, 'last', rule);
    for (const strategy of strategies) {
      const result = vote(cands, strategy as Aggregate, rule);
      const answer = votedAnswer(result, strategy as Aggregate);
      cells.push({
        model: unit.model, strategy, budget, problemId: problem.id, seed: unit.seed, answer,
        correct: answer !== null && run.isCorrect(answer),
        flops: flopsPerToken * tokens, policyTokens: tokens,
        promptTokens,
        prmTokens: strategy === 'majority' ? 0 : prmTokens,
        solutions, anyCorrect,
        ...(shortfall || budget > pool.length ? { incomplete: shortfall?.reason ?? `pool has ${pool.length} of ${budget} solutions` } : {}),
      });
    }
  }
  return cells;
}

/** A uniformly random subset of k items, in their original order (partial Fisher–Yates on indices). */
function sampleWithoutReplacement<T>(items: readonly T[], k: number, rng: { int(n: number): number }): T[] {
  if (k >= items.length) return [...items];
  const idx = items.map((_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(idx.length - i);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, k).sort((a, b) => a - b).map((i) => items[i]);
}
