/**
 * The three winners of a vote tally, whatever method the run used, so the panel can show what
 * majority, weighted and best-of-N voting would each have picked. A vote event that carries its
 * `picks` (computed in src/search/aggregate.ts under the run's tie rule) is taken as it is; an
 * older one without them is recomputed from the buckets with first-vote ties (buckets are in
 * first-vote order and the earlier wins), which is all the buckets can tell.
 */
import type { VoteBucket, VotePicks } from '../../../search/events';

export interface Winners {
  /** Most votes. */
  majority: VoteBucket | null;
  /** Largest Σ score. */
  weighted: VoteBucket | null;
  /** Holds the single best-scored solution. */
  best: VoteBucket | null;
  /** Whether any solution had a PRM score (else weighted and best-of-N are meaningless). */
  scored: boolean;
}

function argmax(buckets: readonly VoteBucket[], value: (b: VoteBucket) => number): VoteBucket | null {
  let win: VoteBucket | null = null;
  for (const b of buckets) if (win === null || value(b) > value(win)) win = b;
  return win;
}

/** Winners under each method: the event's `picks` when given, else first-vote ties from the buckets. */
export function winners(buckets: readonly VoteBucket[], picks?: VotePicks): Winners {
  const scored = buckets.some((b) => b.weight > 0 || b.best > 0);
  if (picks) {
    const find = (key: string | null) => (key === null ? null : (buckets.find((b) => b.key === key) ?? null));
    return { majority: find(picks.majority), weighted: scored ? find(picks.weighted) : null, best: scored ? find(picks.best) : null, scored };
  }
  return {
    majority: argmax(buckets, (b) => b.count),
    weighted: scored ? argmax(buckets, (b) => b.weight) : null,
    best: scored ? argmax(buckets, (b) => b.best) : null,
    scored,
  };
}

/** Buckets ordered for display by the run's own method, stable (ties keep first-vote order). */
export function rankBuckets(buckets: readonly VoteBucket[], method: 'majority' | 'best-of-n' | 'weighted-majority'): VoteBucket[] {
  const key = method === 'majority' ? (b: VoteBucket) => b.count : method === 'best-of-n' ? (b: VoteBucket) => b.best : (b: VoteBucket) => b.weight;
  return buckets
    .map((b, i) => ({ b, i }))
    .sort((x, y) => key(y.b) - key(x.b) || y.b.count - x.b.count || x.i - y.i)
    .map((x) => x.b);
}
