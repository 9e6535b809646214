/**
 * The majority-voting limits of design.md §9. Theorem 1: as n → ∞, majority voting is right on a
 * problem exactly when the most likely answer is the gold one — in the sim computed from the exact
 * answer distribution (src/sim/majority-limit.ts), elsewhere estimated from a pool of solutions.
 * Theorem 2: the reward-weighted vote converges to argmax_y p(y)·E[reward | y], always estimated
 * from a pool (the sim's PRM noise is per path, so it has no small exact form): with N solutions,
 * p(y) = count_y / N and E[reward | y] = sum_y / count_y, so the product is sum_y / N: its argmax
 * is the answer with the largest summed last-step reward, which is the weighted vote over the pool.
 */
import { answerKey, gradingStyleOf, isCorrect } from '../search/grading';
import { createRng } from '../search/rng';
import { SearchRun } from '../search/run';
import { runSeed } from '../search/sweep';
import type { Problem } from '../search/types';
import type { SimBackend } from '../sim/index';
import { majorityLimitHit } from '../sim/majority-limit';
import type { Pool } from '../trace/index';
import type { MvLimit } from './sweep-protocol';

/** One finished, answered solution of a pool: its vote key and its last step's reward (0 unscored). */
export interface PoolVote {
  key: string;
  answer: string;
  reward: number;
}

/** Whether a problem's limit is the gold answer, by count and by summed reward. */
export interface LimitHit {
  /** 1 or 0; an exact k-way tie that includes the gold answer counts 1/k. */
  majority: number;
  weighted: boolean;
  /** Solutions in the pool (answered or not); 0 when none were drawn. */
  samples: number;
  /** Exact only: whether the pruned mass cannot change `majority`. */
  certified?: boolean;
}

interface Bucket {
  answer: string;
  count: number;
  reward: number;
}

/**
 * The pool's most frequent answer and its answer of largest p·E[reward], each checked against the
 * gold answer. Ties go to the answer seen first, as in `vote` (aggregate.ts).
 */
export function limitHit(votes: readonly PoolVote[], problem: Problem, samples: number): LimitHit {
  const buckets = new Map<string, Bucket>();
  for (const v of votes) {
    const b = buckets.get(v.key);
    if (b) {
      b.count++;
      b.reward += v.reward;
    } else {
      buckets.set(v.key, { answer: v.answer, count: 1, reward: v.reward });
    }
  }
  let byCount: Bucket | null = null;
  let byReward: Bucket | null = null;
  for (const b of buckets.values()) {
    if (!byCount || b.count > byCount.count) byCount = b;
    if (!byReward || b.reward > byReward.reward) byReward = b;
  }
  const style = gradingStyleOf(problem);
  return {
    majority: byCount !== null && isCorrect(byCount.answer, problem.answer, style) ? 1 : 0,
    weighted: byReward !== null && isCorrect(byReward.answer, problem.answer, style),
    samples,
  };
}

/** The seed label of the sim's limit draws: independent of every sweep run's seed. */
export const limitSeedLabel = (samples: number): string => `mv-limit:${samples}`;

/**
 * Draw `samples` whole solutions at temperature 1 from the sim (seeded by the user's seed, the
 * model and the problem), score their last steps when the backend has a PRM, and judge the pool.
 */
export async function simLimitHit(backend: SimBackend, model: string, problem: Problem, samples: number, seed: number): Promise<LimitHit> {
  const run = new SearchRun(problem, backend, { rng: createRng(runSeed(seed, model, limitSeedLabel(samples), problem.id)) });
  const leaves = await run.complete(samples, 1, 25);
  if (run.hasPrm) await run.score(leaves.filter((l) => l.terminal));
  const votes = run.candidates(leaves, 'last').map((c) => ({ key: c.key, answer: c.answer, reward: c.score }));
  return limitHit(votes, problem, leaves.length);
}

/**
 * The sim's limit on one problem: the majority limit exact, from the answer distribution at
 * temperature 1 with the sweep's pools' limits (steps of ≤ 256 tokens, ≤ 25 steps); the weighted
 * one from `samples` drawn solutions when the backend has a PRM (none are drawn without one).
 */
export async function simExactLimitHit(backend: SimBackend, model: string, problem: Problem, samples: number, seed: number): Promise<LimitHit> {
  const exact = majorityLimitHit(backend.sampler(problem, 1), problem, { maxStepTokens: 256, maxDepth: 25 });
  const drawn = backend.prm !== null && samples > 0 ? await simLimitHit(backend, model, problem, samples, seed) : null;
  return { majority: exact.hit, weighted: drawn?.weighted ?? false, samples: drawn?.samples ?? 0, certified: exact.certified };
}

/** Judge a recorded pool on every finished solution it holds (each terminal node is one). */
export function poolLimitHit(pool: Pool, problem: Problem): LimitHit {
  const style = gradingStyleOf(problem);
  const votes: PoolVote[] = [];
  let samples = 0;
  for (const node of pool.nodes) {
    if (!node.terminal) continue;
    samples++;
    if (node.answer === undefined || node.answer === '') continue;
    votes.push({ key: answerKey(node.answer, style), answer: node.answer, reward: node.reward ?? 0 });
  }
  return limitHit(votes, problem, samples);
}

/**
 * A model's limits from its problems' hits: shares of problems. `samples` is the smallest pool
 * (a bundle's pools differ in size); `weighted` is null without a PRM.
 */
export function limitOf(model: string, hits: readonly LimitHit[], hasPrm: boolean, method: MvLimit['method']): MvLimit {
  const n = hits.length;
  let majority = 0;
  let weighted = 0;
  let uncertified = 0;
  for (const h of hits) {
    majority += h.majority;
    if (h.weighted) weighted++;
    if (h.certified === false) uncertified++;
  }
  return {
    model,
    majority: n ? majority / n : 0,
    weighted: hasPrm ? (n ? weighted / n : 0) : null,
    method,
    samples: n ? Math.min(...hits.map((h) => h.samples)) : 0,
    problems: n,
    ...(method === 'exact' ? { uncertified } : {}),
  };
}
