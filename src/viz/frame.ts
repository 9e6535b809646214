/**
 * What one frame of the tree canvas draws from, plus the style constants shared by the draw
 * passes (tree-draw.ts, labels.ts, overlays.ts). Sizes are world units (CSS px at zoom 1) unless
 * named `…Px` (screen CSS px, divided by k before use).
 */
import type { Playback, PlaybackNode } from '../search/playback';
import type { Palette, Theme } from './colors';
import type { LayoutSpacing, Orientation } from './layout';

export type Strategy = 'greedy' | 'sample' | 'beam' | 'mcts' | 'rebase';

export interface Frame {
  ctx: CanvasRenderingContext2D;
  dpr: number;
  /** Canvas size in CSS px. */
  width: number;
  height: number;
  /** screen = world × k + (tx, ty), CSS px. */
  k: number;
  tx: number;
  ty: number;
  /** Visible world rectangle, widened by a margin for rings and labels. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  pb: Playback;
  /** Displayed node positions by id (mid-animation positions while gliding). */
  px: Float64Array;
  py: Float64Array;
  count: number;
  orientation: Orientation;
  spacing: LayoutSpacing;
  strategy: Strategy;
  selection: number | null;
  /** Hovered node id, -1 = the question, null = none. */
  hover: number | null;
  theme: Theme;
  pal: Palette;
  /** Reward bucket colours (colors.ts). */
  colors: readonly string[];
  question: string;
  /** The run may still grow: frontier rings are drawn. */
  live: boolean;
  reducedMotion: boolean;
  /** MCTS back-up pulse: 0..1 through the pulse, 1 = static (reduced motion), -1 = none. */
  pulse: number;
  /** Level of detail for this zoom. */
  lod: Lod;
  /** Mark scale: node discs and badges are drawn this many times their world size (`markScale`). */
  rs: number;
  /** Text drawn this frame: how many labels, and the smallest font (CSS px) among them. */
  text: { count: number; minPx: number };
}

export interface Lod {
  /** Nodes as tiny rectangles without outlines (far out). */
  tiny: boolean;
  /** Edges as straight lines rather than curves. */
  straight: boolean;
  /** Terminal answers. */
  answers: boolean;
  /** Reward / visit numbers. */
  detail: boolean;
  /** Step text ('lr' only). */
  steps: boolean;
}

/** Zoom thresholds of the drawing style far out. */
export const LOD_K = { tiny: 0.25, curves: 0.3 } as const;

/**
 * Screen room (CSS px) each kind of text needs: labels are drawn at a fixed screen size
 * (LABEL_PX), so whether they fit depends on how far apart neighbours are on screen — `row`
 * across the growth direction, `level` along it — not on the zoom alone.
 */
export const LOD_ROOM = {
  answers: { tb: { row: 30, level: 0 }, lr: { row: 17, level: 0 } },
  detail: { tb: { row: 40, level: 56 }, lr: { row: 26, level: 110 } },
  steps: { row: 19, level: 190 },
} as const;

/** The level of detail at zoom `k` for a layout of this spacing. */
export function lodFor(k: number, spacing: Pick<LayoutSpacing, 'sibling' | 'level'> = { sibling: 44, level: 110 }, orientation: Orientation = 'tb'): Lod {
  const row = spacing.sibling * k, level = spacing.level * k;
  const a = LOD_ROOM.answers[orientation], d = LOD_ROOM.detail[orientation];
  return {
    tiny: k < LOD_K.tiny, straight: k < LOD_K.curves,
    answers: row >= a.row && level >= a.level,
    detail: row >= d.row && level >= d.level,
    steps: orientation === 'lr' && row >= LOD_ROOM.steps.row && level >= LOD_ROOM.steps.level,
  };
}

/** Least screen radius (CSS px) of a node disc, room allowing. */
export const MIN_MARK_PX = 5;

/**
 * How much larger than their world size node discs are drawn at zoom `k`: far out a disc keeps
 * MIN_MARK_PX on screen, but never more than a third of the screen distance to its neighbours
 * (MCTS discs, whose layout spaces them by radius, grow at most 1.6×).
 */
export function markScale(k: number, spacing: Pick<LayoutSpacing, 'sibling' | 'level'>, mcts: boolean): number {
  const natural = NODE_R * k;
  const room = Math.min(spacing.sibling, spacing.level) * k / 3;
  const want = Math.min(MIN_MARK_PX, room);
  const s = want > natural ? want / natural : 1;
  return mcts ? Math.min(1.6, s) : s;
}

/** Node radius, and its range under MCTS (radius grows with √N). */
export const NODE_R = 8;
export const MCTS_R_MIN = 5;
export const MCTS_R_MAX = 24;

export function nodeRadius(n: PlaybackNode, mcts: boolean): number {
  if (!mcts) return NODE_R;
  const r = MCTS_R_MIN + 3.2 * Math.sqrt(n.N);
  return r > MCTS_R_MAX ? MCTS_R_MAX : r;
}

/** Layout spacing per strategy: MCTS leaves room for its circles pair by pair (`mctsDistance`). */
export function spacingFor(strategy: Strategy, orientation: Orientation): Partial<LayoutSpacing> {
  if (strategy !== 'mcts') return {};
  return orientation === 'tb' ? { sibling: 40 } : { sibling: 36 };
}

/** MCTS: least centre distance of two neighbours — their radii plus a gap for rings and labels. */
export function mctsDistance(nodes: readonly PlaybackNode[]): (a: number, b: number) => number {
  return (a, b) => nodeRadius(nodes[a], true) + nodeRadius(nodes[b], true) + 16;
}

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Label sizes in CSS px, the same at every zoom: a label is drawn at this size or not at all
 * (LOD_ROOM). 16 px is the team's least size for text the audience reads at 1280×720.
 */
export const LABEL_PX = { detail: 16, width: 16, step: 16, answer: 17, budget: 16, tooltip: 16 } as const;

/** A font of `sizePx` CSS px in the frame's world transform (so it reads `sizePx` on screen). */
export function worldFont(f: Frame, sizePx: number, bold = false): string {
  return `${bold ? 'bold ' : ''}${(sizePx / f.k).toFixed(3)}px ${FONT_FAMILY}`;
}

/** Record `count` labels of `sizePx` drawn this frame (the test hook reports the smallest). */
export function countText(f: Frame, sizePx: number, count: number): void {
  if (count <= 0) return;
  f.text.count += count;
  if (sizePx < f.text.minPx) f.text.minPx = sizePx;
}

/** Badge of a terminal step (✓ / ✗), beside the node on the growth side. */
export const BADGE_R = 6.5;

export function badgeOffset(r: number, rs = 1): number {
  return r + BADGE_R * rs + 3 * rs;
}

/** A node's disc radius as drawn this frame (world units): its size × the mark scale. */
export function radiusOf(f: Frame, n: PlaybackNode): number {
  return nodeRadius(n, f.strategy === 'mcts') * f.rs;
}

/** Whether (x, y) ± m lies in the frame's visible rectangle (false for NaN). */
export function inView(f: Frame, x: number, y: number, m: number): boolean {
  return x + m >= f.x0 && x - m <= f.x1 && y + m >= f.y0 && y - m <= f.y1;
}

/** The displayed position of a node's parent (the question for a first step). */
export function parentX(f: Frame, n: PlaybackNode): number {
  return n.parent === null ? 0 : f.px[n.parent];
}
export function parentY(f: Frame, n: PlaybackNode): number {
  return n.parent === null ? 0 : f.py[n.parent];
}
