/**
 * How the Pareto chart tells curves apart: colour by strategy (a palette safe under the three
 * common colour-vision deficiencies and dark enough for text on white; see STRATEGY_COLOR) and,
 * redundantly, line dash + marker shape by model size, so a curve is identifiable in greyscale and
 * by viewers who cannot separate two hues.
 */
import { symbol, symbolCircle, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye, type SymbolType } from 'd3';
import { findModelParams } from '../../../search/models';
import { SWEEP_STRATEGIES, SWEEP_STRATEGY_LABELS, type SweepStrategy } from '../../../search/strategies/index';

/** Text and axis ink, muted text, grid lines (the app's panel colours). */
export const INK = '#1f2328';
export const MUTED = '#57606a';
export const GRID = '#d0d7de';
/**
 * The frontier: a thin, muted olive line (a dark Okabe–Ito yellow), under the curves; visible,
 * never louder than a curve (2.5 px, full opacity).
 */
export const FRONTIER_COLOR = '#a89a00';
export const FRONTIER_WIDTH = 4;
export const FRONTIER_OPACITY = 0.45;
/** Majority-vote limits and live run markers. */
export const LIMIT_COLOR = '#3d444d';
export const MARKER_COLOR = '#1f2328';
/** The "what compute buys" rule. */
export const RULE_COLOR = '#0072B2';

export interface StrategyStyle {
  color: string;
  label: string;
}

/**
 * One colour per sweep strategy, chosen for a projector (docs/decisions.md "Strategy palette"):
 * every colour has contrast ≥ 4.5:1 on white (WCAG AA for text — curve labels and pane titles are
 * written in it), and any two stay ≥ 20 ΔE apart for normal vision and under protanopia,
 * deuteranopia and tritanopia; the Stage's four loud curves (majority, weighted majority, MCTS,
 * REBASE) ≥ 35 ΔE. Okabe–Ito's light hues fail the contrast on white, and darkening them makes
 * majority's orange and REBASE's vermillion one brown for red–green-blind viewers; hence these.
 */
const STRATEGY_COLOR: Readonly<Record<SweepStrategy, string>> = {
  greedy: '#000000', majority: '#662930', 'best-of-n': '#1c807a', 'weighted-majority': '#1d4ad1',
  beam: '#5a7b4a', mcts: '#845ea1', rebase: '#b24206',
};
export const STRATEGY_STYLE: Readonly<Record<SweepStrategy, StrategyStyle>> = Object.fromEntries(
  SWEEP_STRATEGIES.map((s) => [s, { color: STRATEGY_COLOR[s], label: SWEEP_STRATEGY_LABELS[s] }]),
) as Record<SweepStrategy, StrategyStyle>;

/** Display name of a strategy ("REBASE", "Best-of-N"). */
export const strategyLabel = (s: SweepStrategy): string => STRATEGY_STYLE[s]?.label ?? s;

/** Strategies in the legend's order (the sweep's order: cheap to expensive searches). */
export const strategyOrder = (s: SweepStrategy): number => SWEEP_STRATEGIES.indexOf(s);

export interface ModelStyle {
  /** 0 = smallest model shown. */
  rank: number;
  /** SVG stroke-dasharray; null = solid. */
  dash: string | null;
  shape: SymbolType;
  shapeName: string;
}

const DASHES: readonly (string | null)[] = [null, '9 5', '2.5 4', '12 4 3 4'];
const SHAPES: readonly [SymbolType, string][] = [
  [symbolCircle, 'circle'], [symbolSquare, 'square'], [symbolTriangle, 'triangle'],
  [symbolDiamond, 'diamond'], [symbolStar, 'star'], [symbolWye, 'wye'],
];
const UNITS: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };
const SIZE_IN_NAME = /(\d+(?:\.\d+)?)\s*([kmbt])(?![a-z])/i;

/**
 * Parameter count of a model for ordering: the registry's figure, else a size in the name
 * ("sim-410M" → 4.1e8, "qwen2.5:7b" → 7e9); Infinity when unknown (sorted last, by name).
 */
export function modelSize(name: string): number {
  const known = findModelParams(name);
  if (known !== undefined) return known;
  const m = SIZE_IN_NAME.exec(name);
  return m ? Number(m[1]) * UNITS[m[2].toLowerCase()] : Infinity;
}

/** Models ordered smallest first (ties and unknown sizes by name). */
export function sortModels(models: Iterable<string>): string[] {
  return [...new Set(models)].sort((a, b) => modelSize(a) - modelSize(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Dash and marker shape of each model by size rank; patterns repeat past the fourth/sixth model. */
export function modelStyles(models: Iterable<string>): Map<string, ModelStyle> {
  const styles = new Map<string, ModelStyle>();
  sortModels(models).forEach((m, rank) => {
    const [shape, shapeName] = SHAPES[rank % SHAPES.length];
    styles.set(m, { rank, dash: DASHES[rank % DASHES.length], shape, shapeName });
  });
  return styles;
}

/** SVG path of a marker of `area` square pixels centred on (0, 0). */
export function symbolPath(shape: SymbolType, area = 80): string {
  return symbol(shape, area)() ?? '';
}
