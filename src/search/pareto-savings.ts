/**
 * "What compute buys" (design.md §9, the paper's claims 1 and 3): what the best point within a
 * FLOPs budget reaches, and how many times fewer FLOPs the Pareto frontier needs than the best
 * single-model sampling curve to reach a target accuracy. A curve is one model × strategy over its
 * budgets; between two of its points accuracy is interpolated linearly in log-FLOPs, as the chart
 * draws it on its log axis. Pure.
 */
import type { SweepStrategy } from './strategies/index';
import type { SweepPoint } from './sweep-summary';

/** The strategies that draw n whole solutions from one model and vote (design.md §3 `sample`). */
export const SAMPLING_STRATEGIES: readonly SweepStrategy[] = ['majority', 'best-of-n', 'weighted-majority'];

/** Where a curve first reaches a target accuracy. */
export interface Crossing {
  model: string;
  strategy: SweepStrategy;
  /** FLOPs per question at which the target is reached (interpolated on log-FLOPs). */
  flops: number;
}

export interface Savings {
  target: number;
  /** The cheapest way any curve reaches the target (never more than the frontier's step). */
  frontier: Crossing;
  /** The best single-model sampling curve (majority / best-of-n / weighted majority); null if none reaches the target. */
  baseline: Crossing | null;
  /** baseline.flops / frontier.flops (≥ 1): how many times fewer FLOPs the frontier needs. */
  ratio: number | null;
}

const usable = (p: SweepPoint) => Number.isFinite(p.flops) && p.flops > 0 && Number.isFinite(p.accuracy);

/** Points grouped by model × strategy (key `model \u0000 strategy`), each sorted by FLOPs. */
export function curvesOf(points: readonly SweepPoint[]): Map<string, SweepPoint[]> {
  const curves = new Map<string, SweepPoint[]>();
  for (const p of points) {
    if (!usable(p)) continue;
    const k = `${p.model}\u0000${p.strategy}`;
    const c = curves.get(k);
    if (c) c.push(p);
    else curves.set(k, [p]);
  }
  for (const c of curves.values()) c.sort((a, b) => a.flops - b.flops || a.budget - b.budget);
  return curves;
}

/**
 * FLOPs at which a curve (sorted by FLOPs) first reaches `target`: its first point if that is
 * already enough, else the log-FLOPs interpolation across the first segment that crosses it;
 * null when no point reaches it (no extrapolation).
 */
export function crossingFlops(curve: readonly SweepPoint[], target: number): number | null {
  for (let i = 0; i < curve.length; i++) {
    const b = curve[i];
    if (b.accuracy < target) continue;
    if (i === 0) return b.flops;
    const a = curve[i - 1];
    const t = (target - a.accuracy) / (b.accuracy - a.accuracy);
    return 10 ** (Math.log10(a.flops) + t * (Math.log10(b.flops) - Math.log10(a.flops)));
  }
  return null;
}

function cheapest(curves: Map<string, SweepPoint[]>, target: number, keep: (s: SweepStrategy) => boolean): Crossing | null {
  let best: Crossing | null = null;
  for (const curve of curves.values()) {
    const { model, strategy } = curve[0];
    if (!keep(strategy)) continue;
    const flops = crossingFlops(curve, target);
    if (flops !== null && (best === null || flops < best.flops)) best = { model, strategy, flops };
  }
  return best;
}

/**
 * How many times fewer FLOPs the frontier needs than the best single-model sampling curve to
 * reach `target` accuracy. The frontier's cost is the cheapest crossing of any model × strategy
 * curve, capped by the frontier's own step (its first point at or above the target), so a
 * sampling curve that is itself the frontier gives a ratio of exactly 1. Null when nothing
 * reaches the target; `baseline` and `ratio` are null when no sampling curve does.
 */
export function computeSavings(points: readonly SweepPoint[], frontier: readonly SweepPoint[], target: number): Savings | null {
  if (!Number.isFinite(target)) return null;
  const curves = curvesOf(points);
  let best = cheapest(curves, target, () => true);
  for (const p of frontier) {
    if (usable(p) && p.accuracy >= target && (best === null || p.flops < best.flops)) {
      best = { model: p.model, strategy: p.strategy, flops: p.flops };
    }
  }
  if (best === null) return null;
  const baseline = cheapest(curves, target, (s) => SAMPLING_STRATEGIES.includes(s));
  return { target, frontier: best, baseline, ratio: baseline ? baseline.flops / best.flops : null };
}

/**
 * The most accurate point costing at most `flops` per question (ties: the cheaper, then the
 * first); null when every point costs more. This is the frontier's value at `flops`.
 */
export function bestWithin(points: readonly SweepPoint[], flops: number): SweepPoint | null {
  let best: SweepPoint | null = null;
  for (const p of points) {
    if (!usable(p) || p.flops > flops) continue;
    if (best === null || p.accuracy > best.accuracy || (p.accuracy === best.accuracy && p.flops < best.flops)) best = p;
  }
  return best;
}
