/**
 * One frame of the tree canvas around the draw passes: setting the frame's view (zoom, visible
 * rectangle, level of detail, mark scale), running the passes in order, and what the frame shows
 * (the fit's margins for the labels it will draw, the drawn tree's box for the test hook).
 * Used by the controller (tree-canvas.ts); no state of its own.
 */
import type { Playback } from '../search/playback';
import type { ScreenTransform } from './camera';
import { fitBox, fitMargins, type Margins } from './fit';
import { bucketColors, palette } from './colors';
import { lodFor, markScale, MCTS_R_MAX, NODE_R, radiusOf, type Frame } from './frame';
import { drawNodeLabels, drawQuestion, QUESTION_MARK_PX, type LabelCache } from './labels';
import type { Orientation, TreeLayout } from './layout';
import { drawPathOverlays, drawRebaseBars } from './overlays';
import { cull, drawBadges, drawEdges, drawNodes, drawRings, drawSelectionPath, type DrawBuffers } from './tree-draw';

/** A frame to reuse across paints, reading node positions from `motion` (tree-canvas.ts fills the rest). */
export function newFrame(ctx: CanvasRenderingContext2D, motion: { x: Float64Array; y: Float64Array }): Frame {
  return {
    ctx, dpr: 1, width: 0, height: 0, k: 1, tx: 0, ty: 0, x0: 0, y0: 0, x1: 0, y1: 0,
    pb: null as unknown as Playback, px: motion.x, py: motion.y, count: 0, orientation: 'tb',
    spacing: { sibling: 1, level: 1, cousin: 1 }, strategy: 'rebase', selection: null, hover: null,
    theme: 'light', pal: palette('light'), colors: bucketColors('light'), question: '', live: false,
    reducedMotion: false, pulse: -1, lod: lodFor(1), rs: 1, text: { count: 0, minPx: Infinity },
  };
}

/** A new canvas of `width × height` CSS px at `scale` device px each, and its 2D context (exports). */
export function blankCanvas(width: number, height: number, scale: number): [HTMLCanvasElement, CanvasRenderingContext2D] {
  const out = document.createElement('canvas');
  out.width = Math.max(1, Math.round(width * scale));
  out.height = Math.max(1, Math.round(height * scale));
  const c = out.getContext('2d');
  if (!c) throw new Error('Canvas 2D is not available');
  return [out, c];
}

/** Point the frame at transform `t`: zoom, visible world rectangle (widened for labels), LOD, mark scale. */
export function setView(f: Frame, t: ScreenTransform): void {
  f.k = t.k;
  f.tx = t.x;
  f.ty = t.y;
  const spacing = f.spacing;
  f.lod = lodFor(t.k, spacing, f.orientation);
  f.rs = markScale(t.k, spacing, f.strategy === 'mcts');
  f.text.count = 0;
  f.text.minPx = Infinity;
  const labels = f.lod.answers ? (f.orientation === 'lr' ? spacing.level + 80 / t.k : spacing.sibling + 40 / t.k) : 0;
  const margin = (f.strategy === 'mcts' ? MCTS_R_MAX : NODE_R) * f.rs + 12 / t.k + labels;
  f.x0 = -t.x / t.k - margin;
  f.y0 = -t.y / t.k - margin;
  f.x1 = (f.width - t.x) / t.k + margin;
  f.y1 = (f.height - t.y) / t.k + margin;
}

/** The draw passes, bottom to top; returns how many nodes were in view. */
export function drawTree(f: Frame, buffers: DrawBuffers, labels: LabelCache): number {
  const drawn = cull(f, buffers);
  drawEdges(f, buffers);
  drawSelectionPath(f);
  drawPathOverlays(f);
  drawNodes(f, buffers);
  drawBadges(f, buffers);
  drawRings(f, buffers);
  drawRebaseBars(f);
  drawNodeLabels(f, buffers, labels);
  drawQuestion(f);
  return drawn;
}

/**
 * The margins of a fit of `layout` in a `width × height` pane: fit.ts's, plus room for REBASE's
 * "budget B" beside its candidates' level, and no room for answer labels at a zoom too far out to
 * draw them.
 */
export function treeMargins(width: number, height: number, orientation: Orientation, rebase: boolean, layout: TreeLayout | undefined): Margins {
  const make = (answers: boolean): Margins => {
    const m = fitMargins(width, height, orientation, answers);
    if (rebase && orientation === 'tb') m.left += 80;
    if (rebase && orientation === 'lr') m.top += 20;
    return m;
  };
  const m = make(true);
  if (layout && !lodFor(fitBox(layout.bounds, width, height, m).k, layout.spacing, orientation).answers) return make(false);
  return m;
}

/** The box (canvas CSS px) of the tree as drawn at transform `t`: node discs and the question mark. */
export function drawnExtent(pb: Playback, f: Frame, positions: { x: Float64Array; y: Float64Array; count: number }, t: ScreenTransform) {
  const q = QUESTION_MARK_PX;
  let left = t.x - q, right = t.x + q, top = t.y - q, bottom = t.y + q;
  const n = Math.min(positions.count, pb.nodes.length);
  for (let i = 0; i < n; i++) {
    const node = pb.nodes[i];
    const x = positions.x[i], y = positions.y[i];
    if (!node || !(x === x)) continue;
    const r = radiusOf(f, node) * t.k;
    const sx = x * t.k + t.x, sy = y * t.k + t.y;
    if (sx - r < left) left = sx - r;
    if (sx + r > right) right = sx + r;
    if (sy - r < top) top = sy - r;
    if (sy + r > bottom) bottom = sy + r;
  }
  return { left, right, top, bottom };
}
