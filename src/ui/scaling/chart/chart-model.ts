/**
 * The Pareto chart's data model: the plot rectangle and scales, curves (model × strategy, in
 * legend order), stable point ids, and keyboard moves between points. Pure.
 */
import type { ScaleLinear, ScaleLogarithmic } from 'd3';
import type { FlopsConvention } from '../../../search/compute';
import type { SweepStrategy } from '../../../search/strategies/index';
import type { SweepPoint } from '../../../search/sweep-summary';
import { modelSize, strategyOrder } from './chart-style';

/** The plot area in px: x0 left, x1 right, y0 top, y1 bottom. */
export interface PlotRect {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The chart's scales: log FLOPs → x px, accuracy → y px. */
export interface ChartScales {
  x: ScaleLogarithmic<number, number>;
  y: ScaleLinear<number, number>;
}

export interface Curve {
  key: string;
  model: string;
  strategy: SweepStrategy;
  /** By budget: the curve is drawn in the order n grows. */
  points: SweepPoint[];
}

/** Key of a model × strategy curve (also a DOM attribute: XML-safe characters only). */
export const curveKey = (model: string, strategy: string): string => `${model}|${strategy}`;

/** Stable id of a point (a DOM data attribute and the roving focus). */
export const pointId = (p: Pick<SweepPoint, 'model' | 'strategy' | 'budget'>): string => `${p.model}|${p.strategy}|${p.budget}`;

const drawable = (p: SweepPoint) => Number.isFinite(p.flops) && p.flops > 0 && Number.isFinite(p.accuracy);

/** Points grouped into curves: strategies in sweep order, then models smallest first. */
export function buildCurves(points: readonly SweepPoint[]): Curve[] {
  const byKey = new Map<string, Curve>();
  for (const p of points) {
    if (!drawable(p)) continue;
    const key = curveKey(p.model, p.strategy);
    const c = byKey.get(key);
    if (c) c.points.push(p);
    else byKey.set(key, { key, model: p.model, strategy: p.strategy, points: [p] });
  }
  const curves = [...byKey.values()];
  for (const c of curves) c.points.sort((a, b) => a.budget - b.budget);
  return curves.sort((a, b) => strategyOrder(a.strategy) - strategyOrder(b.strategy) || modelSize(a.model) - modelSize(b.model) || (a.model < b.model ? -1 : 1));
}

/**
 * The point a key moves to from `p`: ←/→ along its curve (n down / up), Home/End its ends, ↑/↓ the
 * nearest point in FLOPs (log) on the curve above / below in legend order; null at an edge.
 */
export function neighbourPoint(curves: readonly Curve[], p: SweepPoint, key: string): SweepPoint | null {
  const ci = curves.findIndex((c) => c.model === p.model && c.strategy === p.strategy);
  if (ci < 0) return null;
  const pts = curves[ci].points;
  const pi = pts.findIndex((q) => q.budget === p.budget);
  switch (key) {
    case 'ArrowRight': return pts[pi + 1] ?? null;
    case 'ArrowLeft': return pi > 0 ? pts[pi - 1] : null;
    case 'Home': return pts[0];
    case 'End': return pts[pts.length - 1];
    case 'ArrowUp':
    case 'ArrowDown': {
      const other = curves[ci + (key === 'ArrowUp' ? -1 : 1)];
      if (!other) return null;
      const lx = Math.log10(p.flops);
      return other.points.reduce((b, q) => (Math.abs(Math.log10(q.flops) - lx) < Math.abs(Math.log10(b.flops) - lx) ? q : b));
    }
    default: return null;
  }
}

/**
 * Why the paper's points cannot be drawn under a convention, or null under the paper's own. The
 * paper's FLOPs count generated policy tokens only (docs/compute.md); its prompt and PRM token
 * counts are not published, so the points cannot be converted, and drawn as they are they would
 * sit left of the sweep's points by the PRM's (or prefill's) share: they are hidden instead.
 */
export function overlayHiddenReason(conv: FlopsConvention): string | null {
  if (!conv.prefill && !conv.prm) return null;
  const under = conv.prefill && conv.prm ? '+ prefill + PRM' : conv.prm ? '+ PRM' : '+ prefill';
  return `Paper points hidden under ${under}: they are policy-only FLOPs`;
}
