/**
 * REBASE's width allocation (design.md §4 step 3): split the remaining budget B of children over
 * the candidate nodes of one depth in proportion to softmax(R / T_b). Pure and allocation-light,
 * because sweeps call it once per depth of millions of runs.
 */

/** `reference` = the official code's sorted sequential ceil; `paper` = Eq. 1's independent Round. */
export type AllocationMode = 'reference' | 'paper';

export interface Allocation {
  /** Candidate indices in allocation order: reward highest first, equal rewards in input (tree) order. */
  order: number[];
  /** Softmax weights exp(R_j / T_b) / Σ exp(R_k / T_b), aligned with the input. */
  weights: number[];
  /** Children given to each candidate, aligned with the input; 0 = pruned. */
  widths: number[];
  /** Σ widths. Equals the budget in `reference` mode; may differ from it in `paper` mode. */
  allocated: number;
}

/**
 * Relative tolerance of the floating-point guard. A ceil argument within
 * `ALLOCATION_EPSILON · max(1, B_rem)` above an integer is taken as that integer, and a paper-mode
 * product within the same distance of k + 0.5 is taken as an exact tie. Rounding error of the
 * float64 arithmetic here is ~1e-15 relative, far below it; a genuine excess that small cannot be
 * told apart from rounding error and is treated the same way (see docs/decisions.md).
 */
export const ALLOCATION_EPSILON = 1e-9;

/**
 * Softmax of `rewards / tb`, computed stably: the max reward is subtracted before `exp`, which
 * leaves every ratio unchanged but keeps a small T_b (large exponents) from overflowing.
 */
export function softmaxWeights(rewards: readonly number[], tb: number): number[] {
  if (!(tb > 0) || !Number.isFinite(tb)) throw new RangeError(`REBASE balance temperature must be a positive number, got ${tb}`);
  let max = -Infinity;
  for (let i = 0; i < rewards.length; i++) {
    const r = rewards[i];
    if (!Number.isFinite(r)) throw new RangeError(`REBASE candidate ${i} has reward ${r}; rewards must be finite numbers`);
    if (r > max) max = r;
  }
  const w = new Array<number>(rewards.length);
  let sum = 0;
  for (let i = 0; i < rewards.length; i++) {
    w[i] = Math.exp((rewards[i] - max) / tb);
    sum += w[i];
  }
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

/**
 * Round to the nearest integer, halves to the even neighbour (Python's `round`, numpy's `round`):
 * 0.5 → 0, 1.5 → 2, 2.5 → 2. Values within the guard of a half count as the half.
 */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (Math.abs(d - 0.5) <= ALLOCATION_EPSILON * Math.max(1, Math.abs(x))) return f % 2 === 0 ? f : f + 1;
  return d < 0.5 ? f : f + 1;
}

/** Indices sorted by reward, highest first; equal rewards keep input order. */
function rewardOrder(rewards: readonly number[]): number[] {
  const order = new Array<number>(rewards.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => rewards[b] - rewards[a] || a - b);
}

/**
 * Allocate `budget` children over candidates with the given rewards (design.md §4).
 *
 * - `reference`: walk the candidates in `order`, giving each `ceil(B_rem · w_j / S_rem)` (clamped
 *   to `B_rem`), then `B_rem -= n_j`, `S_rem -= w_j`. The widths sum to exactly `budget` and are
 *   non-increasing along `order`. Float guard: `S_rem` is the exact suffix sum of the weights not
 *   yet walked (summed from the smallest up) instead of a running difference, so the last
 *   positive-weight candidate's share is exactly 1; the ceil argument is lowered by
 *   {@link ALLOCATION_EPSILON}·max(1, B_rem) so that ties (e.g. 1.0000000000000002) never round up
 *   to an extra child; and n_j is clamped to [0, B_rem].
 * - `paper`: `W_j = roundHalfEven(budget · w_j)` for each candidate independently; `allocated`
 *   reports the sum, which may be above or below `budget`.
 *
 * A budget ≤ 0 gives every candidate 0.
 */
export function allocate(rewards: readonly number[], budget: number, tb: number, mode: AllocationMode): Allocation {
  const weights = softmaxWeights(rewards, tb);
  const order = rewardOrder(rewards);
  const widths = new Array<number>(rewards.length).fill(0);
  const b = Math.max(0, Math.floor(budget));
  let allocated = 0;
  if (b === 0 || rewards.length === 0) return { order, weights, widths, allocated };
  if (mode === 'paper') {
    for (let i = 0; i < weights.length; i++) {
      widths[i] = roundHalfEven(b * weights[i]);
      allocated += widths[i];
    }
    return { order, weights, widths, allocated };
  }
  const suffix = new Array<number>(order.length + 1);
  suffix[order.length] = 0;
  for (let k = order.length - 1; k >= 0; k--) suffix[k] = suffix[k + 1] + weights[order[k]];
  let bRem = b;
  for (let k = 0; k < order.length && bRem > 0; k++) {
    const j = order[k];
    const sRem = suffix[k];
    const share = sRem > 0 ? weights[j] / sRem : 1;
    let n = Math.ceil(bRem * share - ALLOCATION_EPSILON * Math.max(1, bRem));
    if (n > bRem) n = bRem;
    if (n < 0) n = 0;
    widths[j] = n;
    bRem -= n;
    allocated += n;
  }
  return { order, weights, widths, allocated };
}
