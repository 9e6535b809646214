/**
 * Final answer selection (design.md §3–4): majority voting, best-of-N and weighted majority
 * voting over finished solutions, with the step-score aggregations of the official evaluation.
 */
import type { VoteBucket } from './events';
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
 * Buckets candidates by key (buckets keep the order of their first vote) and picks a winner.
 * Ties go to the bucket whose first vote came first; best-of-N ties go to the earlier candidate.
 */
export function vote(candidates: readonly Candidate[], method: Aggregate): VoteResult {
  const byKey = new Map<string, VoteBucket>();
  const buckets: VoteBucket[] = [];
  let best: Candidate | null = null;
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
  }
  let winner: VoteBucket | null = null;
  if (method === 'best-of-n') {
    winner = best ? byKey.get(best.key)! : null;
  } else {
    for (const b of buckets) {
      const v = method === 'majority' ? b.count : b.weight;
      const w = winner ? (method === 'majority' ? winner.count : winner.weight) : -Infinity;
      if (v > w) winner = b;
    }
  }
  return { buckets, winner, best };
}
