/**
 * Colours of the tree views: PRM reward on a perceptual scale (viridis — monotone in lightness,
 * readable for colour-blind viewers and on washed-out projectors), quantised into buckets so the
 * canvas fills all nodes of one colour with one path; grey for unscored steps; correct / wrong
 * markers from the Okabe–Ito palette, always paired with a shape (✓ vs ✗) so colour is never the
 * only cue. Pure: the React legend and the canvas read the same numbers.
 */
import { interpolateViridis } from 'd3';

export type Theme = 'light' | 'dark';

/** Reward colours the canvas batches by. */
export const REWARD_BUCKETS = 32;
/** Bucket index of an unscored node (after the reward buckets). */
export const UNSCORED_BUCKET = REWARD_BUCKETS;

/**
 * The slice of viridis each theme uses: on white the last tenth (pale yellow) nearly vanishes,
 * on a dark background the first tenth (near-black purple) does.
 */
const WINDOW: Record<Theme, readonly [number, number]> = { light: [0, 0.9], dark: [0.12, 1] };

/** Grey for a step the PRM has not scored (yet): no hue, mid lightness, visible on both themes. */
export const UNSCORED_COLOR = '#9a9a9a';

/** Bucket of a reward in [0, 1] (clamped); null / NaN = the unscored bucket. */
export function rewardBucket(reward: number | null | undefined): number {
  if (reward === null || reward === undefined || !(reward === reward)) return UNSCORED_BUCKET;
  const b = Math.floor(reward * REWARD_BUCKETS);
  return b < 0 ? 0 : b >= REWARD_BUCKETS ? REWARD_BUCKETS - 1 : b;
}

/** Continuous reward colour (the legend's gradient); clamped to [0, 1]. */
export function rewardColorContinuous(reward: number, theme: Theme = 'light'): string {
  const [lo, hi] = WINDOW[theme];
  const r = reward < 0 ? 0 : reward > 1 ? 1 : reward;
  return interpolateViridis(lo + (hi - lo) * r);
}

const bucketCache: Partial<Record<Theme, readonly string[]>> = {};

/** Colour of each bucket (index UNSCORED_BUCKET = grey), computed once per theme. */
export function bucketColors(theme: Theme = 'light'): readonly string[] {
  let colors = bucketCache[theme];
  if (!colors) {
    const list: string[] = [];
    for (let b = 0; b < REWARD_BUCKETS; b++) list.push(rewardColorContinuous((b + 0.5) / REWARD_BUCKETS, theme));
    list.push(UNSCORED_COLOR);
    colors = bucketCache[theme] = list;
  }
  return colors;
}

/** The colour a node of this reward is drawn with (its bucket's colour; grey when unscored). */
export function rewardColor(reward: number | null | undefined, theme: Theme = 'light'): string {
  return bucketColors(theme)[rewardBucket(reward)];
}

export interface LegendStop {
  /** Position along the legend, 0..1 (= reward). */
  offset: number;
  color: string;
}

export interface LegendTick {
  reward: number;
  offset: number;
  label: string;
}

export interface RewardLegend {
  title: string;
  /** Gradient stops, for a CSS `linear-gradient` or an SVG `<linearGradient>`. */
  stops: LegendStop[];
  ticks: LegendTick[];
  /** Swatch for "not scored". */
  unscored: { color: string; label: string };
  /** The terminal-step markers, for the same legend. */
  marks: { correct: MarkStyle; wrong: MarkStyle; ungraded: MarkStyle };
}

/** Everything a React legend needs to match the canvas. */
export function rewardLegend(opts: { theme?: Theme; stops?: number; ticks?: number } = {}): RewardLegend {
  const theme = opts.theme ?? 'light';
  const nStops = Math.max(2, opts.stops ?? 11);
  const nTicks = Math.max(2, opts.ticks ?? 5);
  const stops: LegendStop[] = [];
  for (let i = 0; i < nStops; i++) {
    const offset = i / (nStops - 1);
    stops.push({ offset, color: rewardColorContinuous(offset, theme) });
  }
  const ticks: LegendTick[] = [];
  for (let i = 0; i < nTicks; i++) {
    const reward = i / (nTicks - 1);
    ticks.push({ reward, offset: reward, label: reward === 0 || reward === 1 ? String(reward) : reward.toFixed(2).replace(/0$/, '') });
  }
  return {
    title: 'PRM reward',
    stops,
    ticks,
    unscored: { color: UNSCORED_COLOR, label: 'not scored' },
    marks: { correct: MARKS.correct, wrong: MARKS.wrong, ungraded: MARKS.ungraded },
  };
}

export interface MarkStyle {
  /** Badge fill. */
  color: string;
  /** The glyph drawn in white on the badge (the canvas draws it as strokes). */
  glyph: '✓' | '✗' | '•';
  shape: 'check' | 'cross' | 'dot';
  label: string;
}

/**
 * Terminal-step markers: Okabe–Ito bluish green and vermillion darkened to ≥ 4.5:1 on white (a
 * projector washes out lighter marks); they stay apart under protanopia, deuteranopia and
 * tritanopia, and the check vs cross shape carries the meaning on its own.
 */
export const MARKS: { correct: MarkStyle; wrong: MarkStyle; ungraded: MarkStyle } = {
  correct: { color: '#007a5e', glyph: '✓', shape: 'check', label: 'correct answer' },
  wrong: { color: '#c44d00', glyph: '✗', shape: 'cross', label: 'wrong answer' },
  ungraded: { color: '#6b6b6b', glyph: '•', shape: 'dot', label: 'answer (not graded)' },
};

/** Non-reward colours of the tree canvas. */
export interface Palette {
  /** Text, the question marker, rings. */
  fg: string;
  muted: string;
  edge: string;
  /** Background (label halos and node outlines are drawn in it). */
  bg: string;
  halo: string;
  nodeStroke: string;
  selection: string;
  /** MCTS: the latest selection path. */
  selectPath: string;
  /** MCTS: the latest back-up. */
  backup: string;
  /** REBASE: allocated width and softmax weight bars. */
  widthBar: string;
  weightBar: string;
}

const PALETTES: Record<Theme, Palette> = {
  light: {
    fg: '#1f2328', muted: '#57606a', edge: '#8c959f', bg: '#ffffff', halo: 'rgba(255,255,255,0.88)',
    nodeStroke: 'rgba(31,35,40,0.75)', selection: '#0072B2', selectPath: '#a85300', backup: '#8e3b76',
    widthBar: '#0072B2', weightBar: '#57606a',
  },
  dark: {
    fg: '#e6edf3', muted: '#9da7b3', edge: '#768390', bg: '#0d1117', halo: 'rgba(13,17,23,0.88)',
    nodeStroke: 'rgba(230,237,243,0.8)', selection: '#56B4E9', selectPath: '#E69F00', backup: '#CC79A7',
    widthBar: '#56B4E9', weightBar: '#9da7b3',
  },
};

export function palette(theme: Theme = 'light'): Palette {
  return PALETTES[theme];
}
