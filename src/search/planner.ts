/**
 * The compute-optimal planner (issue 14, the paper's question "given a budget, which model,
 * strategy and n?"): among a sweep's measured points, the most accurate one costing at most the
 * budget per question, the runner-up (the best point of another model × strategy), and how much
 * compute the best saves against the best sampling strategy (majority, best-of-N or weighted
 * majority, any model) at equal accuracy. Pure.
 *
 * Ties are broken the same way whatever order the points come in: higher accuracy, then lower
 * cost, then the simpler strategy (sweep order: greedy, majority, best-of-N, weighted majority,
 * beam, MCTS, REBASE), then the model id, then the smaller n. Only measured points are chosen —
 * n is discrete, and a fitted law is not a configuration one can run — so a bigger budget never
 * gives a worse best accuracy.
 */
import { crossingFlops, curvesOf, SAMPLING_STRATEGIES } from './pareto-savings';
import { costFor } from './scaling-law';
import { SWEEP_STRATEGIES, type SweepStrategy } from './strategies/index';
import type { SweepPoint } from './sweep-summary';
import { costOf, type LawCurveFit, type PlanAxis, type SweepData } from './sweep-fits';

export interface PlanChoice {
  model: string;
  strategy: SweepStrategy;
  /** The budget parameter n. */
  n: number;
  accuracy: number;
  lo: number;
  hi: number;
  /** Cost per question on the plan's axis. */
  cost: number;
  point: SweepPoint;
}

export interface PlanBaseline {
  model: string;
  strategy: SweepStrategy;
  /** Cost per question at which this sampling curve first reaches the best's accuracy. */
  cost: number;
  /** Read off the curve's fitted law beyond its measured budgets (no measured point reaches it). */
  extrapolated: boolean;
}

export interface PlanSavings {
  /** The cheapest sampling curve reaching the best's accuracy; null when none does (nor its law within reach). */
  baseline: PlanBaseline | null;
  /** baseline.cost / best.cost: how many times more compute sampling needs; null without a baseline. */
  ratio: number | null;
  /** baseline.cost − best.cost. */
  saved: number | null;
}

export interface Plan {
  budget: number;
  axis: PlanAxis;
  best: PlanChoice | null;
  runnerUp: PlanChoice | null;
  /** The runner-up's 95 % interval overlaps the best's: the sweep cannot tell them apart. */
  overlap: boolean;
  savings: PlanSavings | null;
  /** Measured points within the budget. */
  candidates: number;
}

export interface PlanOptions {
  /** Fitted laws (`fitSweep` on the same axis): a sampling curve that never reaches the best's accuracy is read off its law. */
  fits?: readonly LawCurveFit[];
  /**
   * How far beyond its largest measured cost a law may be read (default 10×: a decade). Over the
   * 1–2 decades a sweep measures, a free asymptote is poorly pinned, so reading a law further is
   * guesswork.
   */
  maxExtrapolation?: number;
}

const strategyRank = (s: SweepStrategy) => SWEEP_STRATEGIES.indexOf(s);

/** The planner's order: negative when `a` is the better choice. */
export function comparePlanPoints(a: SweepPoint, b: SweepPoint, axis: PlanAxis): number {
  return b.accuracy - a.accuracy || costOf(a, axis) - costOf(b, axis) || strategyRank(a.strategy) - strategyRank(b.strategy)
    || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0) || a.budget - b.budget;
}

const usable = (p: SweepPoint, axis: PlanAxis) => Number.isFinite(costOf(p, axis)) && costOf(p, axis) > 0 && Number.isFinite(p.accuracy);

const choice = (p: SweepPoint, axis: PlanAxis): PlanChoice => ({
  model: p.model, strategy: p.strategy, n: p.budget, accuracy: p.accuracy, lo: p.lo, hi: p.hi, cost: costOf(p, axis), point: p,
});

/**
 * The cheapest sampling curve that reaches `target`: measured (log-cost interpolation within the
 * curve, as the chart draws it), else read off a fitted law no further than `maxExtrapolation`
 * times the curve's largest measured cost — for majority voting the law whose asymptote is its
 * Theorem-1 limit, when known (a free fit over a short range can run past the limit).
 */
export function samplingBaseline(points: readonly SweepPoint[], target: number, axis: PlanAxis, opts: PlanOptions = {}): PlanBaseline | null {
  const onAxis = points.filter((p) => SAMPLING_STRATEGIES.includes(p.strategy) && usable(p, axis)).map((p) => ({ ...p, flops: costOf(p, axis) }));
  let best: PlanBaseline | null = null;
  for (const curve of curvesOf(onAxis).values()) {
    const cost = crossingFlops(curve, target);
    if (cost !== null && (best === null || cost < best.cost || (cost === best.cost && strategyRank(curve[0].strategy) < strategyRank(best.strategy)))) {
      best = { model: curve[0].model, strategy: curve[0].strategy, cost, extrapolated: false };
    }
  }
  if (best) return best;
  const reach = opts.maxExtrapolation ?? 10;
  for (const f of opts.fits ?? []) {
    if (!SAMPLING_STRATEGIES.includes(f.strategy) || f.axis !== axis) continue;
    // Majority voting cannot pass its Theorem-1 limit: its limit-fixed law is read when there is one.
    const law = (f.limit ?? f.free).fit;
    const cost = costFor(law.params, law.c0, target);
    if (cost === null || cost > f.range[1] * reach) continue;
    if (best === null || cost < best.cost) best = { model: f.model, strategy: f.strategy, cost, extrapolated: true };
  }
  return best;
}

/** The plan at `budget` per question on `axis` (FLOPs under the points' convention, or generated tokens). */
export function planBudget(sweep: SweepData, budget: number, axis: PlanAxis = 'flops', opts: PlanOptions = {}): Plan {
  const within = sweep.points.filter((p) => usable(p, axis) && costOf(p, axis) <= budget).sort((a, b) => comparePlanPoints(a, b, axis));
  const top = within[0];
  if (!top) return { budget, axis, best: null, runnerUp: null, overlap: false, savings: null, candidates: 0 };
  const second = within.find((p) => p.model !== top.model || p.strategy !== top.strategy);
  const best = choice(top, axis);
  const runnerUp = second ? choice(second, axis) : null;
  let baseline = samplingBaseline(sweep.points, best.accuracy, axis, opts);
  // A sampling best is its own baseline unless another sampling curve reaches its accuracy cheaper.
  if (SAMPLING_STRATEGIES.includes(best.strategy) && (baseline === null || baseline.cost >= best.cost)) {
    baseline = { model: best.model, strategy: best.strategy, cost: best.cost, extrapolated: false };
  }
  return {
    budget, axis, best, runnerUp,
    overlap: runnerUp !== null && runnerUp.hi >= best.lo && runnerUp.lo <= best.hi,
    savings: { baseline, ratio: baseline ? baseline.cost / best.cost : null, saved: baseline ? baseline.cost - best.cost : null },
    candidates: within.length,
  };
}
