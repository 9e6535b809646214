/**
 * Final answer selection (design.md §3–4): majority voting, best-of-N and weighted majority
 * voting over finished solutions, with the step-score aggregations of the official evaluation.
 */
import type { VoteBucket, VotePicks } from './events';
import type { SearchNode } from './types';

export type Aggregate = 'majority' | 'best-of-n' | 'weighted-majority';
export type ScoreAgg = 'last' | 'min' | 'mean' | 'prod';

/**
 * A solution's score from its path's step rewards. Unscored steps are skipped (a sampling run
 * with `last` scores only the final step); a path with no scored step scores 0.
 */
export function pathScore(leaf: SearchNode, agg: ScoreAgg): number {
  if (agg === 'last') return leaf.reward ?? 0;
  let min = Infinity;
  let sum = 0;
  let prod = 1;
  let count = 0;
  for (let n: SearchNode | null = leaf; n; n = n.parentNode) {
    if (n.reward === null) continue;
    const r = n.reward;
    if (r < min) min = r;
    sum += r;
    prod *= r;
    count++;
  }
  if (count === 0) return 0;
  return agg === 'min' ? min : agg === 'mean' ? sum / count : prod;
}

export interface Candidate {
  /** Raw answer as extracted. */
  answer: string;
  /** Normalised vote key. */
  key: string;
  /** Aggregated reward (pathScore); 0 when the strategy has no PRM. */
  score: number;
  node: SearchNode;
}

export interface VoteResult {
  buckets: VoteBucket[];
  winner: VoteBucket | null;
  /** For best-of-n: the single best candidate. */
  best: Candidate | null;
}

/**
 * How a vote breaks ties and what it does with finished solutions that have no extractable answer.
 *
 * - `official` (the default): as `majority_vote` and `evaluate` in thu-wyz/inference_scaling's
 *   `math_evaluate.py`. Candidates are walked in order, each class's total is accumulated, and the
 *   running winner changes only when a class's total becomes strictly greater than the current
 *   maximum (which starts at 0) — so on a final tie the class that first *reached* the winning total
 *   wins, and a class whose total stays 0 never wins. A finished solution without an answer is the
 *   class `[invalid]` (the script's `INVALID_ANS`): it votes, it can win, and it is graded wrong.
 *   Best-of-N is a strict `>` over all candidates, `[invalid]` ones included (the first maximum wins).
 * - `first-vote`: the rule this app used before: ties go to the class whose first vote came first,
 *   the first class wins even with total 0, and solutions without an answer cast no vote.
 *
 * An absent rule (older URLs, bundles, sweep requests) means `official`.
 */
export type VoteRule = 'official' | 'first-vote';
export const VOTE_RULES: readonly VoteRule[] = ['official', 'first-vote'];
export const DEFAULT_VOTE_RULE: VoteRule = 'official';
/** Short names of the rules for selects and captions. */
export const VOTE_RULE_LABEL: Readonly<Record<VoteRule, string>> = {
  official: 'official: ties to the first to reach, [invalid] votes',
  'first-vote': 'first-vote ties, invalid dropped',
};

/** The class and answer of a finished solution with no extractable answer (official rule). */
export const INVALID_ANSWER = '[invalid]';

/**
 * Buckets candidates by key (buckets keep the order of their first vote) and picks a winner under
 * `rule` (see {@link VoteRule}). Best-of-N picks the first candidate with the highest score under
 * both rules; which candidates exist (whether `[invalid]` ones do) is the caller's part
 * (`SearchRun.candidates`).
 */
export function vote(candidates: readonly Candidate[], method: Aggregate, rule: VoteRule = DEFAULT_VOTE_RULE): VoteResult {
  const byKey = new Map<string, VoteBucket>();
  const buckets: VoteBucket[] = [];
  let best: Candidate | null = null;
  let winner: VoteBucket | null = null;
  let max = 0;
  const total = method === 'majority' ? (b: VoteBucket) => b.count : (b: VoteBucket) => b.weight;
  for (const c of candidates) {
    let b = byKey.get(c.key);
    if (!b) {
      b = { key: c.key, answer: c.answer, count: 0, weight: 0, best: -Infinity };
      byKey.set(c.key, b);
      buckets.push(b);
    }
    b.count++;
    b.weight += c.score;
    if (c.score > b.best) b.best = c.score;
    if (!best || c.score > best.score) best = c;
    // The official running maximum: replaced only when a total becomes strictly greater.
    if (rule === 'official' && method !== 'best-of-n' && total(b) > max) {
      max = total(b);
      winner = b;
    }
  }
  if (method === 'best-of-n') {
    winner = best ? byKey.get(best.key)! : null;
  } else if (rule === 'first-vote') {
    for (const b of buckets) if (!winner || total(b) > total(winner)) winner = b;
  }
  return { buckets, winner, best };
}

/** The answer a vote gives: best-of-N's best candidate, otherwise the winning class's answer. */
export function votedAnswer(result: VoteResult, method: Aggregate): string | null {
  return method === 'best-of-n' ? (result.best?.answer ?? null) : (result.winner?.answer ?? null);
}

/** What each method would pick from the same candidates under `rule` (for the vote tally). */
export function votePicks(candidates: readonly Candidate[], rule: VoteRule): VotePicks {
  const key = (r: VoteResult) => r.winner?.key ?? null;
  return {
    majority: key(vote(candidates, 'majority', rule)),
    weighted: key(vote(candidates, 'weighted-majority', rule)),
    best: key(vote(candidates, 'best-of-n', rule)),
  };
}
