/**
 * Theorem 1's limit on one problem, from the sim's exact answer distribution: majority voting
 * with n → ∞ samples is right exactly when the gold answer is the most likely one.
 *
 * Answers are bucketed by the vote's own key (`answerKey`, as `vote` and the sweep's pools do);
 * unfinished solutions cast no vote. The enumeration drops paths below a probability ε, so each
 * bucket's mass is a lower bound and may be short by at most the pruned mass P. The decision is
 * certified when P cannot change it: the gold answer leads the next answer by more than P, or
 * another answer leads the gold one by more than P. Otherwise ε shrinks tenfold, down to
 * `minEpsilon`; a decision still open there is taken from the enumerated mass and counted as
 * uncertified. At the sim's levels 4–5 the answers spread over tens of thousands of wrong values,
 * so P stays far above the gaps between the leading answers at any affordable ε; but the pruned
 * paths are many-error paths, each ending on its own value, and they rarely add up on a leading
 * answer: on levels 3–5 of the default set, sim-7B's decisions at ε = 1e-4 and 1e-6 differ on 3 of
 * 300 problems, at 1e-5 and 1e-6 on none (docs/performance.md).
 * Exact ties (equal probabilities to 1e-12): an infinite vote splits them evenly, so a tie of k
 * answers that includes the gold one counts 1/k.
 */
import { answerKey, gradingStyleOf } from '../search/grading';
import type { Problem } from '../search/types';
import { answerDistribution, type AnswerDistribution } from './answer-distribution';
import type { StepSampler } from './policy';

export interface MajorityLimitHit {
  /** 1 when the gold answer is the most likely, 0 when not, 1/k in a k-way tie that includes it. */
  hit: number;
  /** The decision cannot be changed by the pruned mass. */
  certified: boolean;
  /** The finest ε used, and the mass it pruned. */
  epsilon: number;
  pruned: number;
  /** The probabilities of the gold answer and of the most likely other answer. */
  gold: number;
  rival: number;
  /** Hidden states expanded, over all passes. */
  states: number;
}

export interface MajorityLimitOptions {
  /** Steps longer than this are cut (default 256, as `SearchRun`). */
  maxStepTokens?: number;
  /** Solutions stop after this many steps (default 25, as the sweep's pools). */
  maxDepth?: number;
  /** The first ε (default 1e-4). */
  epsilon?: number;
  /** The finest ε tried while the decision is uncertified (default: `epsilon`, one pass). */
  minEpsilon?: number;
}

/** The pruning threshold of the app's limits: about 2 s per model for 500 problems on one core. */
export const DEFAULT_LIMIT_EPSILON = 1e-4;
const TIE = 1e-12;

/** Bucket a distribution by vote key; the gold bucket's mass and the largest other one's. */
function goldAndRival(d: AnswerDistribution, problem: Problem): { gold: number; rival: number; ties: number } {
  const style = gradingStyleOf(problem);
  const goldKey = answerKey(problem.answer, style);
  const buckets = new Map<string, number>();
  for (const { answer, p } of d.answers) {
    const key = answerKey(answer, style);
    if (key === '') continue;
    buckets.set(key, (buckets.get(key) ?? 0) + p);
  }
  const gold = buckets.get(goldKey) ?? 0;
  let rival = 0;
  let ties = 0;
  for (const [key, p] of buckets) {
    if (key === goldKey) continue;
    if (p > rival) rival = p;
    if (gold > 0 && Math.abs(p - gold) <= TIE * gold) ties++;
  }
  return { gold, rival, ties };
}

/**
 * Whether majority voting over infinitely many samples of `sampler` (a model on a problem at a
 * temperature) gives the gold answer, from the exact answer distribution.
 */
export function majorityLimitHit(sampler: StepSampler, problem: Problem, opts: MajorityLimitOptions = {}): MajorityLimitHit {
  const maxStepTokens = opts.maxStepTokens ?? 256;
  const maxDepth = opts.maxDepth ?? 25;
  const first = opts.epsilon ?? DEFAULT_LIMIT_EPSILON;
  const minEpsilon = Math.min(first, opts.minEpsilon ?? first);
  let states = 0;
  for (let epsilon = first; ; epsilon = Math.max(minEpsilon, epsilon / 10)) {
    const d = answerDistribution(sampler, maxStepTokens, maxDepth, { epsilon });
    states += d.states;
    const { gold, rival, ties } = goldAndRival(d, problem);
    const certified = gold - rival > d.pruned || rival - gold > d.pruned;
    if (certified || epsilon <= minEpsilon) {
      const hit = gold === 0 || rival - gold > TIE * gold ? 0 : 1 / (ties + 1);
      return { hit, certified, epsilon, pruned: d.pruned, gold, rival, states };
    }
  }
}
