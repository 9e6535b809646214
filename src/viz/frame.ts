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
}

export interface Lod {
  /** Nodes as tiny rectangles without outlines (far out). */
  tiny: boolean;
  /** Edges as straight lines rather than curves. */
  straight: boolean;
  /** Terminal answers. */
  answers: boolean;
  /** Reward / visit numbers and (in 'lr') step text. */
  detail: boolean;
}

/** Zoom thresholds of each level of detail. */
export const LOD_K = { tiny: 0.25, curves: 0.3, answers: 0.45, detail: 0.9 } as const;

export function lodFor(k: number): Lod {
  return { tiny: k < LOD_K.tiny, straight: k < LOD_K.curves, answers: k >= LOD_K.answers, detail: k >= LOD_K.detail };
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

/** Fonts (world px, so 14–16 px on screen at zoom 1). */
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const FONT = {
  detail: `12px ${FONT_FAMILY}`,
  width: `bold 13px ${FONT_FAMILY}`,
  step: `14px ${FONT_FAMILY}`,
  answer: `bold 15px ${FONT_FAMILY}`,
  question: 16,
  tooltip: `14px ${FONT_FAMILY}`,
} as const;

/** Badge of a terminal step (✓ / ✗), beside the node on the growth side. */
export const BADGE_R = 6.5;

export function badgeOffset(r: number): number {
  return r + BADGE_R + 3;
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
