/**
 * Fit and Follow, pure: how a tree canvas chooses its camera and its level spacing so the whole
 * tree fills the pane, and how the camera glides to that choice.
 *
 * - The tree's extent across its growth direction (siblings) does not depend on the level spacing;
 *   its extent along it is `levels × level`. So a pane of any shape can be filled: the zoom comes
 *   from the cross extent, and the level spacing is stretched or squeezed (within limits) so the
 *   depth fills the other side (`fitLevel`).
 * - Margins are CSS px, so the room left for labels (answers after the last level, drawn at a
 *   fixed screen size) does not shrink with the zoom (`fitMargins`, `fitBox`).
 * - Follow: while the camera follows, each frame moves it part of the way to the fitted camera
 *   (`followCamera`); under reduced motion it jumps.
 */
import { FIT_MAX_K, type Bounds, type Camera } from './camera';
import type { Orientation } from './layout';

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Room (CSS px) the fit leaves for an answer label after the deepest level ('lr': right; 'tb': below). */
export const ANSWER_ROOM_PX = { lr: 64, tb: 30 } as const;

/** The least level spacing (world units) a fit squeezes to: levels stay apart at any zoom. */
export const MIN_LEVEL = 34;

/**
 * Margins of a fit in a `width × height` pane: ~5% of the smaller side (12–32 px) all round, plus
 * room for answer labels on the growth side when they will be drawn (`answers`).
 */
export function fitMargins(width: number, height: number, orientation: Orientation, answers = true): Margins {
  const m = Math.round(Math.min(32, Math.max(12, Math.min(width, height) * 0.05)));
  const room = answers ? ANSWER_ROOM_PX[orientation] : 0;
  return orientation === 'lr'
    ? { top: m, bottom: m, left: m, right: m + room }
    : { top: m, bottom: m + room, left: m, right: m };
}

/**
 * The camera that shows `bounds` whole inside the pane minus `margins`, centred in what is left,
 * zoomed in no further than `maxK`.
 */
export function fitBox(bounds: Bounds, width: number, height: number, margins: Margins, maxK = FIT_MAX_K): Camera {
  const availW = Math.max(1, width - margins.left - margins.right);
  const availH = Math.max(1, height - margins.top - margins.bottom);
  const bw = Math.max(bounds.maxX - bounds.minX, 1);
  const bh = Math.max(bounds.maxY - bounds.minY, 1);
  const k = Math.min(maxK, availW / bw, availH / bh);
  // The centre of the available rectangle is offset from the pane's by half the margin difference.
  const cx = (bounds.minX + bounds.maxX) / 2 - (margins.left - margins.right) / (2 * k);
  const cy = (bounds.minY + bounds.maxY) / 2 - (margins.top - margins.bottom) / (2 * k);
  return { x: cx, y: cy, k };
}

export interface TreeExtent {
  /** Extent across the growth direction (world units; independent of the level spacing). */
  cross: number;
  /** Levels below the question (the deepest node's depth). */
  levels: number;
}

/** A tree's extent from its layout bounds (question at 0, deepest level at `levels × level`). */
export function treeExtent(bounds: Bounds, orientation: Orientation, level: number): TreeExtent {
  const lr = orientation === 'lr';
  const cross = lr ? bounds.maxY - bounds.minY : bounds.maxX - bounds.minX;
  const along = lr ? bounds.maxX - bounds.minX : bounds.maxY - bounds.minY;
  return { cross: Math.max(cross, 0), levels: Math.max(0, Math.round(along / level)) };
}

/**
 * The level spacing that lets the tree fill the pane: the zoom the cross extent allows (at most
 * `maxK`), then the spacing at which the levels fill the growth side at that zoom, clamped to
 * [`minLevel`, `maxLevel`]. With no levels yet it is `maxLevel`.
 */
export function fitLevel(extent: TreeExtent, width: number, height: number, margins: Margins, orientation: Orientation,
  maxLevel: number, minLevel = MIN_LEVEL, maxK = FIT_MAX_K): number {
  if (extent.levels <= 0) return maxLevel;
  const availW = Math.max(1, width - margins.left - margins.right);
  const availH = Math.max(1, height - margins.top - margins.bottom);
  const lr = orientation === 'lr';
  const availCross = lr ? availH : availW;
  const availAlong = lr ? availW : availH;
  const k = Math.min(maxK, availCross / Math.max(extent.cross, 1));
  const level = availAlong / (extent.levels * k);
  return Math.min(maxLevel, Math.max(minLevel, level));
}

/**
 * Whether a layout made at level spacing `current` should be redone at `wanted`: when the tree
 * would otherwise come out more than ~8% smaller (squeeze), or ~15% (stretch). The band keeps a
 * growing tree from relayouting at every batch for a few pixels.
 */
export function relevel(current: number, wanted: number): boolean {
  return wanted < current * 0.92 || wanted > current * 1.15;
}

/** Time constant of the follow glide (ms): ~95% of the way in 3 τ ≈ 400 ms. */
export const FOLLOW_TAU_MS = 130;

/**
 * One frame of the follow glide: `dtMs` after showing `from`, the camera moved towards `to` (zoom
 * geometrically, centre linearly), exponentially with time constant FOLLOW_TAU_MS; under reduced
 * motion, or once within a fraction of a pixel, `to` itself.
 */
export function followCamera(from: Camera, to: Camera, dtMs: number, reducedMotion: boolean, width: number, height: number): Camera {
  if (reducedMotion || !(dtMs > 0) || settled(from, to, width, height)) return to;
  const t = 1 - Math.exp(-Math.min(dtMs, 250) / FOLLOW_TAU_MS);
  return { x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t, k: from.k * Math.pow(to.k / from.k, t) };
}

/** Whether two cameras show the same picture to within half a CSS px at the pane's edges. */
export function settled(a: Camera, b: Camera, width: number, height: number): boolean {
  return Math.abs(a.x - b.x) * b.k < 0.5 && Math.abs(a.y - b.y) * b.k < 0.5 && Math.abs(a.k / b.k - 1) * Math.max(width, height) / 2 < 0.5;
}
