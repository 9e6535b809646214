/**
 * The Scaling view's planner (issue 14): the fitted laws of the sweep's curves and the plan at the
 * rule's budget, read from the store. The budget is the chart's "what compute buys" rule (URL key
 * `rule`): the planner's slider and a drag on the chart move the same value.
 *
 * Fits are made once the sweep is done (a streaming sweep changes every frame, and a bootstrap of
 * every curve costs tens of milliseconds), from the store's points, the runner's cells and the
 * majority-voting limits; one shared memo serves the chart and the panel.
 */
import { oracleCurves, type OraclePoint } from '../../search/oracle';
import { planBudget, type Plan } from '../../search/planner';
import { fitSweep, type LawCurveFit } from '../../search/sweep-fits';
import type { SweepPoint } from '../../search/sweep-summary';
import { sweepCells } from '../../state/scaling-runner';
import { selectLimits, selectPoints, selectProblemCount, selectRule, selectStatus, useScaling } from '../../state/scaling-store';
import type { MvLimit } from '../../workers/sweep-protocol';
import { pointState } from './chart/chart-focus';

/** Bootstrap resamples per curve in the browser (the CLI's default is 200). */
export const UI_FIT_ITERATIONS = 150;

let oracleMemo: { points: readonly SweepPoint[]; oracle: OraclePoint[] } | null = null;

/** pass@n of a finished sweep (memoised on the points array). */
export function oracleFor(points: readonly SweepPoint[]): OraclePoint[] {
  if (oracleMemo?.points !== points) oracleMemo = { points, oracle: oracleCurves(points, sweepCells()) };
  return oracleMemo.oracle;
}

let memo: { points: readonly SweepPoint[]; limits: readonly MvLimit[]; fits: LawCurveFit[] } | null = null;

/** The fits of a finished sweep's points (memoised on the points and limits arrays). */
export function fitsFor(points: readonly SweepPoint[], limits: readonly MvLimit[]): LawCurveFit[] {
  if (memo && memo.points === points && memo.limits === limits) return memo.fits;
  const fits = fitSweep({ points, cells: sweepCells(), limits }, { iterations: UI_FIT_ITERATIONS });
  memo = { points, limits, fits };
  return fits;
}

export interface PlannerState {
  /** The points the planner chooses among: those the chart shows. */
  points: SweepPoint[];
  fits: LawCurveFit[];
  budget: number | null;
  plan: Plan | null;
}

const EMPTY: LawCurveFit[] = [];

export function usePlanner(): PlannerState {
  const all = useScaling(selectPoints);
  const limits = useScaling(selectLimits);
  const status = useScaling(selectStatus);
  const total = useScaling(selectProblemCount);
  const budget = useScaling(selectRule);
  const points = all.filter((p) => pointState(p, total || undefined) !== 'hidden');
  const fits = status === 'done' && points.length === all.length ? fitsFor(all, limits) : EMPTY;
  const plan = budget === null ? null : planBudget({ points }, budget, 'flops', { fits });
  return { points, fits, budget, plan };
}

/** The curves (model × strategy keys) a plan names: the best, the runner-up and the sampling baseline. */
export function planCurves(plan: Plan | null): Set<string> {
  const keys = new Set<string>();
  if (!plan) return keys;
  for (const c of [plan.best, plan.runnerUp, plan.savings?.baseline ?? null]) if (c) keys.add(`${c.model}|${c.strategy}`);
  return keys;
}
