/**
 * What the chart puts in front of an audience, pure: which curves are drawn at full strength
 * ("loud") and which faded, and which points are solid, provisional (hollow) or not drawn yet.
 * Rules (docs/scaling.md "Reading the chart"):
 * - At most MAX_LOUD curves are loud by default: the emphasised ones, in the order given (the
 *   Stage: its two panes' strategies on the panes' model, then the story's weighted and plain
 *   majority voting). With no emphasis every curve is loud (the Scaling view). A legend toggle
 *   overrides the default for one strategy; a hovered curve is loud while hovered.
 * - A point is drawn once MIN_SHOWN problems are behind it, hollow ("provisional") until it has
 *   SOLID_AT problems (or every problem of the sweep, when the sweep has fewer).
 */
import type { SweepStrategy } from '../../../search/strategies/index';
import type { SweepPoint } from '../../../search/sweep-summary';
import type { Curve } from './chart-model';

/** Curves at full strength by default, at most. */
export const MAX_LOUD = 4;
/** Problems behind a point before it is drawn at all. */
export const MIN_SHOWN = 20;
/** Problems behind a point before it is drawn solid (hollow = provisional before that). */
export const SOLID_AT = 100;

/** Curves of a model and/or strategy (a field left out matches any). */
export interface Emphasis {
  model?: string;
  strategy?: string;
}

export const matchesEmphasis = (c: Pick<Curve, 'model' | 'strategy'>, e: Emphasis): boolean =>
  (e.model === undefined || c.model === e.model) && (e.strategy === undefined || c.strategy === e.strategy);

export interface LoudInput {
  /** Emphasised curves in priority order; empty = every curve is loud. */
  emphasis: readonly Emphasis[];
  /** Legend toggles: strategy → loud (true) or faded (false), overriding the default. */
  toggles?: ReadonlyMap<SweepStrategy, boolean>;
  /** A hovered curve's key: loud while hovered. */
  hover?: string | null;
  max?: number;
}

/**
 * Keys of the loud curves. By default the emphasised curves, first come first, capped at `max`
 * (or every curve with no emphasis); then the legend toggles: a strategy toggled on is loud on the
 * emphasised models (every model when the emphasis names none), one toggled off is faded.
 */
export function loudCurves(curves: readonly Curve[], { emphasis, toggles, hover = null, max = MAX_LOUD }: LoudInput): Set<string> {
  const loud = new Set<string>();
  if (emphasis.length === 0) for (const c of curves) loud.add(c.key);
  for (const e of emphasis) {
    for (const c of curves) if (loud.size < max && matchesEmphasis(c, e)) loud.add(c.key);
  }
  const models = new Set(emphasis.map((e) => e.model).filter((m): m is string => m !== undefined));
  for (const [strategy, on] of toggles ?? []) {
    for (const c of curves) {
      if (c.strategy !== strategy) continue;
      if (!on) loud.delete(c.key);
      else if (models.size === 0 || models.has(c.model)) loud.add(c.key);
    }
  }
  if (hover) loud.add(hover);
  return loud;
}

/** Whether a strategy has a loud curve (its legend entry's pressed state). */
export const strategyLoud = (curves: readonly Curve[], loud: ReadonlySet<string>, s: SweepStrategy): boolean =>
  curves.some((c) => c.strategy === s && loud.has(c.key));

export type PointState = 'hidden' | 'provisional' | 'solid';

/**
 * How a point is drawn: not at all below MIN_SHOWN problems, hollow below SOLID_AT, solid from
 * there. `total` = the problems the sweep will put behind each point: a sweep smaller than the
 * thresholds lowers them to its size, so a finished sweep is always solid.
 */
export function pointState(p: Pick<SweepPoint, 'problems'>, total?: number): PointState {
  const all = total !== undefined && total > 0 ? total : Infinity;
  if (p.problems < Math.min(MIN_SHOWN, all)) return 'hidden';
  return p.problems < Math.min(SOLID_AT, all) ? 'provisional' : 'solid';
}

/** The legend's sentence for the rule. */
export function provisionalNote(total?: number): string {
  const all = total !== undefined && total > 0 ? total : Infinity;
  return `Points appear at ≥ ${Math.min(MIN_SHOWN, all)} problems; hollow = provisional (< ${Math.min(SOLID_AT, all)}).`;
}
