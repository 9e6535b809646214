/**
 * Statistics for sweep points (design.md §9): a mean with a 95% interval — Wilson's score interval
 * when each problem was run once, a bootstrap over problems otherwise. Randomness comes from the
 * caller's seeded rng, so an interval is reproducible from the sweep's seed.
 */
import type { Rng } from './rng';

export interface Interval {
  lo: number;
  hi: number;
}

export interface MeanInterval extends Interval {
  mean: number;
}

/** The arithmetic mean; NaN for an empty list. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Wilson score interval for a proportion `successes / n` (z = 1.96 → 95%). Unlike the normal
 * approximation it stays inside [0, 1] and is not degenerate at 0/n or n/n. For n = 0 it is the
 * whole range [0, 1]: nothing is known.
 */
export function wilson(successes: number, n: number, z = 1.96): Interval {
  if (n <= 0) return { lo: 0, hi: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/** Linear-interpolated quantile of sorted values (R's type 7, numpy's default). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface BootstrapOptions {
  /** Resamples (default 1000). */
  iterations?: number;
  /** Two-sided coverage of the percentile interval (default 0.95). */
  level?: number;
}

/**
 * Mean accuracy over problems with a percentile-bootstrap interval that resamples problems, the
 * unit the benchmark samples (seeds of one problem are not independent draws of difficulty).
 *
 * `values[i]` holds problem i's results, one per seed (1/0 for correct/wrong, or any score). Each
 * problem counts once, by the mean over its seeds; problems with no results are skipped. The
 * point estimate is the plain mean over problems, not the bootstrap mean. Advances `rng`.
 * Empty input gives NaN for all three.
 */
export function bootstrapMean(
  values: readonly (readonly number[])[],
  rng: Rng,
  iterations: number | BootstrapOptions = 1000,
): MeanInterval {
  const opts = typeof iterations === 'number' ? { iterations } : iterations;
  const b = Math.max(1, Math.floor(opts.iterations ?? 1000));
  const level = opts.level ?? 0.95;
  const perProblem: number[] = [];
  for (const seeds of values) if (seeds.length > 0) perProblem.push(mean(seeds));
  const m = perProblem.length;
  if (m === 0) return { mean: NaN, lo: NaN, hi: NaN };
  const point = mean(perProblem);
  const stats = new Float64Array(b);
  for (let k = 0; k < b; k++) {
    let sum = 0;
    for (let i = 0; i < m; i++) sum += perProblem[rng.int(m)];
    stats[k] = sum / m;
  }
  stats.sort();
  const alpha = (1 - level) / 2;
  return { mean: point, lo: quantileSorted(stats, alpha), hi: quantileSorted(stats, 1 - alpha) };
}
