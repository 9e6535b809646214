/**
 * Fitted inference scaling laws (issue 14): one model × strategy curve of accuracy against
 * compute, fitted with the saturating power law
 *
 *     acc(C) = a − b · (C / C0)^(−c),   a ≤ 1, b ≥ 0, c > 0,
 *
 * where C is the cost per question (FLOPs, or tokens), C0 the curve's cheapest measured cost (a
 * unit only: it keeps the numbers readable and the fit well conditioned), `a` the accuracy the
 * curve saturates at, `b` how far below it the curve starts at C0 and `c` how fast the gap closes.
 * It is a common saturating power law: error toward a floor, `a − acc ∝ C^(−c)`. The paper's
 * Theorem 1 says majority voting converges to a limit (the share of problems whose most likely
 * answer is the gold one), so for majority voting `a` can be fixed at that limit instead of
 * fitted ({@link FitOptions.asymptote}); the Scaling view and `plan` show both fits.
 *
 * How: variable projection. For a fixed c the law is linear in (a, b), solved in closed form by
 * least squares (unweighted, in accuracy) under the constraints; c is found by a log-spaced grid
 * then a golden-section refinement of the residual on ln c. Deterministic; pure.
 *
 * Uncertainty: a percentile bootstrap over problems (the unit a benchmark samples), with the
 * caller's seeded rng: resample the problems with replacement, recompute every budget's accuracy
 * from the same resampled problems (budgets of one curve share their problems, so their errors
 * are correlated and must be resampled together), refit. The costs stay the measured means.
 */
import { createRng, type Rng } from './rng';

/** The law's name, for legends and docs. */
export const LAW_FORM = 'acc(C) = a − b·(C/C0)^−c';

export interface LawParams {
  /** The accuracy the curve saturates at (≤ 1). */
  a: number;
  /** The gap below `a` at C = C0 (≥ 0). */
  b: number;
  /** The exponent (> 0): how fast the gap closes per decade. */
  c: number;
}

export interface CurveData {
  /** Cost per question of each measured budget (> 0). */
  cost: readonly number[];
  /** Measured accuracy at each cost. */
  accuracy: readonly number[];
}

export interface FitOptions {
  /** Fix `a` at this value (majority voting: the Theorem-1 limit); otherwise it is fitted. */
  asymptote?: number;
  /** The cost unit C0; default the smallest cost. */
  c0?: number;
}

export interface LawFit {
  params: LawParams;
  c0: number;
  /** Whether `a` was fixed (the Theorem-1 limit) rather than fitted. */
  fixedAsymptote: boolean;
  /** Root-mean-square residual over the fitted points, in accuracy. */
  rmse: number;
  points: number;
}

const C_MIN = 0.01;
const C_MAX = 4;
const GRID = 64;

/** acc at cost `cost` under a fit's parameters. */
export function predict(params: LawParams, c0: number, cost: number): number {
  return params.a - params.b * (cost / c0) ** -params.c;
}

/** The cost at which the law reaches `acc`; null when it never does (acc ≥ a, or a flat law). */
export function costFor(params: LawParams, c0: number, acc: number): number | null {
  const gap = params.a - acc;
  if (gap <= 0 || params.b <= 0) return null;
  return c0 * (params.b / gap) ** (1 / params.c);
}

/** The best (a, b) for a fixed c, under a ≤ 1 and b ≥ 0; with its residual sum of squares. */
function solveLinear(u: readonly number[], y: readonly number[], fixedA: number | undefined): { a: number; b: number; sse: number } {
  const n = u.length;
  let a: number, b: number;
  if (fixedA !== undefined) {
    a = fixedA;
    let num = 0, den = 0;
    for (let i = 0; i < n; i++) { num += (a - y[i]) * u[i]; den += u[i] * u[i]; }
    b = den > 0 ? Math.max(0, num / den) : 0;
  } else {
    let su = 0, sy = 0;
    for (let i = 0; i < n; i++) { su += u[i]; sy += y[i]; }
    const mu = su / n, my = sy / n;
    let cov = 0, vu = 0;
    for (let i = 0; i < n; i++) { cov += (u[i] - mu) * (y[i] - my); vu += (u[i] - mu) ** 2; }
    // y = a − b·u: the regression slope on u is −b.
    b = vu > 1e-300 ? Math.max(0, -cov / vu) : 0;
    a = my + b * mu;
    if (a > 1) {
      a = 1;
      let num = 0, den = 0;
      for (let i = 0; i < n; i++) { num += (1 - y[i]) * u[i]; den += u[i] * u[i]; }
      b = den > 0 ? Math.max(0, num / den) : 0;
    }
  }
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i] - a + b * u[i]) ** 2;
  return { a, b, sse };
}

/** Fewest points a fit needs: three free parameters, or two with the asymptote fixed. */
export function minPoints(opts: FitOptions = {}): number {
  return opts.asymptote === undefined ? 3 : 2;
}

/**
 * Least-squares fit of {@link LAW_FORM} to one curve. Null with fewer than {@link minPoints}
 * usable points (finite, cost > 0) or fewer than two distinct costs.
 */
export function fitScalingLaw(data: CurveData, opts: FitOptions = {}): LawFit | null {
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < data.cost.length; i++) {
    const x = data.cost[i], y = data.accuracy[i];
    if (Number.isFinite(x) && x > 0 && Number.isFinite(y)) { xs.push(x); ys.push(y); }
  }
  if (xs.length < minPoints(opts) || new Set(xs).size < 2) return null;
  const c0 = opts.c0 ?? Math.min(...xs);
  const lx = xs.map((x) => Math.log(x / c0));
  const at = (c: number) => solveLinear(lx.map((l) => Math.exp(-c * l)), ys, opts.asymptote);
  // Grid on ln c, then golden section inside the best cell's neighbours.
  const lo = Math.log(C_MIN), hi = Math.log(C_MAX);
  let bestI = 0, bestSse = Infinity;
  for (let i = 0; i <= GRID; i++) {
    const s = at(Math.exp(lo + ((hi - lo) * i) / GRID)).sse;
    if (s < bestSse - 1e-15) { bestSse = s; bestI = i; }
  }
  let l = lo + ((hi - lo) * Math.max(0, bestI - 1)) / GRID;
  let r = lo + ((hi - lo) * Math.min(GRID, bestI + 1)) / GRID;
  const g = (Math.sqrt(5) - 1) / 2;
  let m1 = r - g * (r - l), m2 = l + g * (r - l);
  let f1 = at(Math.exp(m1)).sse, f2 = at(Math.exp(m2)).sse;
  for (let k = 0; k < 60 && r - l > 1e-10; k++) {
    if (f1 <= f2) { r = m2; m2 = m1; f2 = f1; m1 = r - g * (r - l); f1 = at(Math.exp(m1)).sse; }
    else { l = m1; m1 = m2; f1 = f2; m2 = l + g * (r - l); f2 = at(Math.exp(m2)).sse; }
  }
  const c = Math.exp((l + r) / 2);
  const { a, b, sse } = at(c);
  return { params: { a, b, c }, c0, fixedAsymptote: opts.asymptote !== undefined, rmse: Math.sqrt(sse / xs.length), points: xs.length };
}

export interface HeldOut {
  /** Costs of the held-out (largest) budgets. */
  cost: number[];
  actual: number[];
  predicted: number[];
  /** Mean absolute error over the held-out budgets, in accuracy. */
  mae: number;
  /** Largest absolute error. */
  maxError: number;
}

/**
 * Fit on all but the `k` most expensive points, then the error of the extrapolation at those `k`
 * (predicted − actual). Null when the remaining points cannot be fitted.
 */
export function heldOutError(data: CurveData, k = 1, opts: FitOptions = {}): HeldOut | null {
  const order = data.cost.map((_, i) => i).filter((i) => Number.isFinite(data.cost[i]) && data.cost[i] > 0 && Number.isFinite(data.accuracy[i]))
    .sort((i, j) => data.cost[i] - data.cost[j]);
  if (k < 1 || order.length - k < minPoints(opts)) return null;
  const train = order.slice(0, order.length - k), test = order.slice(order.length - k);
  const fit = fitScalingLaw({ cost: train.map((i) => data.cost[i]), accuracy: train.map((i) => data.accuracy[i]) }, opts);
  if (!fit) return null;
  const cost = test.map((i) => data.cost[i]);
  const actual = test.map((i) => data.accuracy[i]);
  const predicted = cost.map((x) => predict(fit.params, fit.c0, x));
  const errs = predicted.map((p, i) => Math.abs(p - actual[i]));
  return { cost, actual, predicted, mae: errs.reduce((s, e) => s + e, 0) / errs.length, maxError: Math.max(...errs) };
}

export interface CurveSample {
  cost: readonly number[];
  /** One row per problem: its score at each budget (mean over seeds, 0–1); NaN where missing. */
  scores: readonly (readonly number[])[];
}

/** Accuracy per budget: the mean over the rows present there (NaN when none). */
export function accuracyOf(scores: readonly (readonly number[])[], budgets: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < budgets; j++) {
    let s = 0, n = 0;
    for (const row of scores) if (Number.isFinite(row[j])) { s += row[j]; n++; }
    out.push(n ? s / n : NaN);
  }
  return out;
}

export interface BootstrapFit {
  fit: LawFit;
  /** One parameter set per bootstrap resample that could be fitted. */
  samples: LawParams[];
}

/**
 * The fit of a curve's problem-level data with a percentile-bootstrap over problems: `iterations`
 * resamples (default 200) from `rng` (or seed 0). The point fit uses all problems.
 */
export function bootstrapFit(sample: CurveSample, opts: FitOptions & { iterations?: number; rng?: Rng } = {}): BootstrapFit | null {
  const m = sample.cost.length;
  const fit = fitScalingLaw({ cost: sample.cost, accuracy: accuracyOf(sample.scores, m) }, opts);
  if (!fit) return null;
  const rng = opts.rng ?? createRng(0);
  const rows = sample.scores;
  const samples: LawParams[] = [];
  const iterations = Math.max(0, Math.floor(opts.iterations ?? 200));
  for (let k = 0; k < iterations && rows.length > 0; k++) {
    const pick: (readonly number[])[] = [];
    for (let i = 0; i < rows.length; i++) pick.push(rows[rng.int(rows.length)]);
    const f = fitScalingLaw({ cost: sample.cost, accuracy: accuracyOf(pick, m) }, { ...opts, c0: fit.c0 });
    if (f) samples.push(f.params);
  }
  return { fit, samples };
}

/** Linear-interpolated quantile of an ascending list (numpy's default). */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const i = Math.floor(pos), j = Math.min(i + 1, sorted.length - 1);
  return sorted[i] + (sorted[j] - sorted[i]) * (pos - i);
}

/** The bootstrap band of the law at `cost` (default 95 %); null without samples. */
export function bandAt(samples: readonly LawParams[], c0: number, cost: number, level = 0.95): { lo: number; hi: number } | null {
  if (samples.length === 0) return null;
  const v = samples.map((p) => predict(p, c0, cost)).sort((x, y) => x - y);
  return { lo: quantile(v, (1 - level) / 2), hi: quantile(v, 1 - (1 - level) / 2) };
}

/** A parameter's percentile interval over the bootstrap samples (default 95 %). */
export function paramInterval(samples: readonly LawParams[], key: keyof LawParams, level = 0.95): { lo: number; hi: number } | null {
  if (samples.length === 0) return null;
  const v = samples.map((p) => p[key]).sort((x, y) => x - y);
  return { lo: quantile(v, (1 - level) / 2), hi: quantile(v, 1 - (1 - level) / 2) };
}
