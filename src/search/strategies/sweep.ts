/**
 * The seven strategies of a sweep (the paper's comparison), each a named preset with a rule that
 * turns the sweep's budget (its n) into strategy parameters. The x-axis of every chart is the
 * measured FLOPs of the runs, never this budget.
 */
import { DEFAULT_VOTE_RULE, type VoteRule } from '../aggregate';
import { BEAM_DEFAULTS } from './beam';
import { MCTS_DEFAULTS } from './mcts';
import { REBASE_DEFAULTS } from './rebase';
import { GREEDY_DEFAULTS, SAMPLE_DEFAULTS } from './sampling';
import type { StrategySpec } from './spec';

export const SWEEP_STRATEGIES = ['greedy', 'majority', 'best-of-n', 'weighted-majority', 'beam', 'mcts', 'rebase'] as const;

export type SweepStrategy = (typeof SWEEP_STRATEGIES)[number];

/** Display names of the sweep strategies (legends, markers, captions). */
export const SWEEP_STRATEGY_LABELS: Readonly<Record<SweepStrategy, string>> = {
  greedy: 'Greedy', majority: 'Majority vote', 'best-of-n': 'Best-of-N', 'weighted-majority': 'Weighted majority',
  beam: 'Beam search', mcts: 'MCTS', rebase: 'REBASE',
};

/**
 * MCTS generated-node budget per unit of sweep budget. A sampled solution or a REBASE leaf is a
 * chain of several steps (about 6–10 on MATH-like problems), so n solutions cost several n
 * generated nodes; 8·n nodes puts MCTS at a comparable measured compute for the same n.
 */
export const MCTS_NODES_PER_BUDGET = 8;

/** Beam width m of the sweep's beam search (search-and-learn's default `beam_width`). */
export const SWEEP_BEAM_WIDTH = 4;

/** Whether a string names a sweep strategy. */
export function isSweepStrategy(name: string): name is SweepStrategy {
  return (SWEEP_STRATEGIES as readonly string[]).includes(name);
}

/**
 * The spec a sweep runs for a strategy at a budget n (a whole number ≥ 1):
 * greedy ignores n; majority / best-of-n / weighted-majority sample n solutions; beam keeps
 * n beams with m = min(4, n); MCTS gets {@link MCTS_NODES_PER_BUDGET}·n generated nodes (root
 * width by the paper's rule); REBASE has width n with the official preset. Defaults otherwise;
 * `voteRule` (absent: `official`) goes to every strategy that votes.
 */
export function specForBudget(name: SweepStrategy, budget: number, voteRule: VoteRule = DEFAULT_VOTE_RULE): StrategySpec {
  const spec = baseSpecForBudget(name, budget);
  return spec.name === 'greedy' ? spec : ({ ...spec, params: { ...spec.params, voteRule } } as StrategySpec);
}

function baseSpecForBudget(name: SweepStrategy, budget: number): StrategySpec {
  if (!Number.isInteger(budget) || budget < 1) throw new RangeError(`a sweep budget must be a whole number ≥ 1, got ${budget}`);
  switch (name) {
    case 'greedy':
      return { name: 'greedy', params: { ...GREEDY_DEFAULTS } };
    case 'majority':
    case 'best-of-n':
    case 'weighted-majority':
      return { name: 'sample', params: { ...SAMPLE_DEFAULTS, n: budget, aggregate: name } };
    case 'beam':
      return { name: 'beam', params: { ...BEAM_DEFAULTS, n: budget, m: Math.min(SWEEP_BEAM_WIDTH, budget), dvts: false } };
    case 'mcts':
      return { name: 'mcts', params: { ...MCTS_DEFAULTS, budget: MCTS_NODES_PER_BUDGET * budget } };
    case 'rebase':
      return { name: 'rebase', params: { ...REBASE_DEFAULTS, width: budget } };
  }
}

/** Where a spec sits among a sweep's points: its sweep strategy and budget. */
export interface SweepSlot {
  strategy: SweepStrategy;
  budget: number;
  /** The spec is exactly what a sweep runs at that budget (`specForBudget`), so a sweep cell reproduces it. */
  exact: boolean;
}

const sameParams = (a: StrategySpec, b: StrategySpec): boolean => {
  const pa = a.params as unknown as Record<string, unknown>;
  const pb = b.params as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(pa), ...Object.keys(pb)]);
  return a.name === b.name && [...keys].every((k) => pa[k] === pb[k]);
};

/**
 * The inverse of {@link specForBudget}: the sweep strategy a spec belongs to and the budget its
 * size stands for (REBASE width, beam n, the sample count, MCTS nodes / {@link MCTS_NODES_PER_BUDGET}
 * rounded up, 1 for greedy); `exact` when the spec is the sweep's own at that budget.
 */
export function sweepSlotOf(spec: StrategySpec): SweepSlot {
  let strategy: SweepStrategy;
  let budget: number;
  switch (spec.name) {
    case 'greedy': strategy = 'greedy'; budget = 1; break;
    case 'sample': strategy = spec.params.aggregate; budget = spec.params.n; break;
    case 'beam': strategy = 'beam'; budget = spec.params.n; break;
    case 'mcts': strategy = 'mcts'; budget = Math.max(1, Math.ceil(spec.params.budget / MCTS_NODES_PER_BUDGET)); break;
    case 'rebase': strategy = 'rebase'; budget = spec.params.width; break;
  }
  return { strategy, budget, exact: sameParams(spec, specForBudget(strategy, budget)) };
}
