/**
 * The fitted scaling law of every model × strategy curve of a sweep (scaling-law.ts): the free
 * fit with its bootstrap over problems, the held-out error at the largest budget, and for majority
 * voting a second fit whose asymptote is the model's Theorem-1 limit. Pure.
 */
import { hashSeed, createRng } from './rng';
import {
  bandAt, bootstrapFit, heldOutError, paramInterval, predict, type BootstrapFit, type HeldOut, type LawFit, type LawParams,
} from './scaling-law';
import type { SweepStrategy } from './strategies/index';
import type { SweepCell } from './sweep';
import type { SweepPoint } from './sweep-summary';

/** What a plan or a fit is measured against: FLOPs per question (under the sweep's convention) or generated tokens. */
export type PlanAxis = 'flops' | 'tokens';

/** A point's cost on an axis. */
export const costOf = (p: Pick<SweepPoint, 'flops' | 'tokens'>, axis: PlanAxis): number => (axis === 'tokens' ? p.tokens : p.flops);

/** The Theorem-1 limit of a model (design.md §9; `MvLimit` of the sweep pool has this shape). */
export interface ModelLimit {
  model: string;
  majority: number;
}

/** A sweep as the planner reads it: its points, and the cells and limits when known. */
export interface SweepData {
  points: readonly SweepPoint[];
  /** The cells behind the points: needed for the bootstrap bands (none without them). */
  cells?: readonly SweepCell[];
  limits?: readonly ModelLimit[];
}

export interface LawCurveFit {
  model: string;
  strategy: SweepStrategy;
  axis: PlanAxis;
  /** The free fit (a fitted), with its bootstrap parameter sets (empty without cells). */
  free: BootstrapFit;
  /** Majority voting with a known limit: the fit whose asymptote is that limit. */
  limit: BootstrapFit | null;
  /** Error of the free law fitted without the largest budget, at that budget. */
  heldOut: HeldOut | null;
  heldOutLimit: HeldOut | null;
  /** Measured cost range: beyond it the law is an extrapolation. */
  range: [number, number];
}

export interface FitSweepOptions {
  axis?: PlanAxis;
  /** Bootstrap resamples per fit (default 200; 0 = no bands). */
  iterations?: number;
  /** Seed of the bootstraps (each curve forks its own from it). */
  seed?: number;
}

const curveKey = (model: string, strategy: string) => `${model}\u0000${strategy}`;

/** Per curve, per problem: the mean correctness over seeds at each budget of `budgets`. */
function scoresByCurve(cells: readonly SweepCell[]): Map<string, Map<string, Map<number, [number, number]>>> {
  const out = new Map<string, Map<string, Map<number, [number, number]>>>();
  for (const c of cells) {
    const k = curveKey(c.model, c.strategy);
    let byProblem = out.get(k);
    if (!byProblem) out.set(k, (byProblem = new Map()));
    let byBudget = byProblem.get(c.problemId);
    if (!byBudget) byProblem.set(c.problemId, (byBudget = new Map()));
    const s = byBudget.get(c.budget) ?? [0, 0];
    s[0] += c.correct ? 1 : 0;
    s[1] += 1;
    byBudget.set(c.budget, s);
  }
  return out;
}

/**
 * Fit every curve of at least three measured budgets (greedy has one and is never fitted). Curves
 * come in the points' order; each bootstrap is seeded by the seed and the curve, so a curve's fit
 * does not depend on which other curves the sweep holds.
 */
export function fitSweep(sweep: SweepData, opts: FitSweepOptions = {}): LawCurveFit[] {
  const axis = opts.axis ?? 'flops';
  const groups = new Map<string, SweepPoint[]>();
  for (const p of sweep.points) {
    if (!Number.isFinite(costOf(p, axis)) || costOf(p, axis) <= 0 || !Number.isFinite(p.accuracy)) continue;
    const k = curveKey(p.model, p.strategy);
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  const scores = sweep.cells ? scoresByCurve(sweep.cells) : null;
  const out: LawCurveFit[] = [];
  for (const [k, pts] of groups) {
    pts.sort((a, b) => a.budget - b.budget);
    const { model, strategy } = pts[0];
    const cost = pts.map((p) => costOf(p, axis));
    const accuracy = pts.map((p) => p.accuracy);
    const rows = [...(scores?.get(k)?.entries() ?? [])].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([, byBudget]) => pts.map((p) => { const s = byBudget.get(p.budget); return s ? s[0] / s[1] : NaN; }));
    const iterations = rows.length ? opts.iterations ?? 200 : 0;
    // With cells the point fit reads the same per-problem rows its bootstrap resamples; without
    // them one row of the points' accuracies (and no resamples).
    const fitOne = (asymptote?: number) => bootstrapFit({ cost, scores: rows.length ? rows : [accuracy] }, {
      asymptote, iterations, rng: createRng(hashSeed(opts.seed ?? 0, `${k}\u0000${asymptote ?? 'free'}`)),
    });
    const free = fitOne();
    if (!free) continue;
    const lim = strategy === 'majority' ? sweep.limits?.find((l) => l.model === model)?.majority : undefined;
    const limit = lim === undefined ? null : fitOne(lim);
    out.push({
      model, strategy, axis, free, limit,
      heldOut: heldOutError({ cost, accuracy }, 1),
      heldOutLimit: lim === undefined ? null : heldOutError({ cost, accuracy }, 1, { asymptote: lim }),
      range: [Math.min(...cost), Math.max(...cost)],
    });
  }
  return out;
}

export interface FitSample {
  cost: number;
  acc: number;
  /** The bootstrap band; null without cells. */
  lo: number | null;
  hi: number | null;
  /** Beyond the measured range (drawn dashed). */
  extrapolated: boolean;
}

/** The law and its band at `n` log-spaced costs from `from` to `to`, for drawing. */
export function sampleFit(fit: BootstrapFit, range: readonly [number, number], from: number, to: number, n = 48): FitSample[] {
  const out: FitSample[] = [];
  const [l, r] = [Math.log10(from), Math.log10(to)];
  for (let i = 0; i < n; i++) {
    const cost = 10 ** (l + ((r - l) * i) / (n - 1));
    const band = bandAt(fit.samples, fit.fit.c0, cost);
    out.push({ cost, acc: predict(fit.fit.params, fit.fit.c0, cost), lo: band?.lo ?? null, hi: band?.hi ?? null, extrapolated: cost < range[0] * (1 - 1e-9) || cost > range[1] * (1 + 1e-9) });
  }
  return out;
}

/** A fit's parameters with their 95 % bootstrap intervals, for tables. */
export function describeFit(fit: LawFit, samples: readonly LawParams[]): Record<keyof LawParams, { value: number; lo: number | null; hi: number | null }> {
  const one = (key: keyof LawParams) => ({ value: fit.params[key], lo: paramInterval(samples, key)?.lo ?? null, hi: paramInterval(samples, key)?.hi ?? null });
  return { a: one('a'), b: one('b'), c: one('c') };
}
