/**
 * The whole-solution strategies (design.md §3): greedy decoding and sampling n solutions with
 * majority voting, best-of-N or weighted majority voting.
 */
import type { Aggregate, ScoreAgg, VoteRule } from '../aggregate';
import type { Backend } from '../backend';
import type { DoneEvent } from '../events';
import type { SearchRun } from '../run';
import type { Problem } from '../types';
import { finishVote, needsPrm, pruneAtMaxDepth } from './common';

export interface GreedyParams {
  /** Steps after which an unfinished solution is cut off. */
  maxDepth: number;
}

export const GREEDY_DEFAULTS: GreedyParams = { maxDepth: 25 };

/**
 * One solution at temperature 0 (the most likely step every time). Its answer is the run's
 * answer; nothing is scored.
 */
export async function greedy(_problem: Problem, _backend: Backend, params: GreedyParams, run: SearchRun): Promise<DoneEvent> {
  const leaves = await run.complete(1, 0, params.maxDepth);
  pruneAtMaxDepth(run, leaves, params.maxDepth);
  return run.finish(leaves, 'majority', 'last');
}

export interface SampleParams {
  /** Whole solutions to sample. */
  n: number;
  aggregate: Aggregate;
  /** Path score for best-of-N and weighted voting (default `last`, the official evaluation's). */
  scoreAgg: ScoreAgg;
  /** Ties and `[invalid]` answers (aggregate.ts `VoteRule`; default `official`). */
  voteRule: VoteRule;
  /** Sampling temperature (the paper: 1). */
  temperature: number;
  maxDepth: number;
}

export const SAMPLE_DEFAULTS: SampleParams = {
  n: 32,
  aggregate: 'weighted-majority',
  scoreAgg: 'last',
  voteRule: 'official',
  temperature: 1,
  maxDepth: 25,
};

/**
 * Sample n whole solutions and pick an answer. Scores only what the aggregation needs: nothing
 * for majority voting, the final steps for `scoreAgg: 'last'`, whole paths otherwise. Ties and
 * unanswered solutions follow `voteRule` (official: the first class to reach the winning total;
 * `[invalid]` votes); best-of-N ties go to the earlier solution.
 * Best-of-N and weighted voting need a PRM; without one the run ends incomplete at once.
 */
export async function sample(_problem: Problem, _backend: Backend, params: SampleParams, run: SearchRun): Promise<DoneEvent> {
  if (params.aggregate !== 'majority' && !run.hasPrm) return needsPrm(run, `Sampling with ${params.aggregate}`);
  const leaves = await run.complete(params.n, params.temperature, params.maxDepth);
  pruneAtMaxDepth(run, leaves, params.maxDepth);
  return finishVote(run, leaves, params);
}
