/**
 * The tree canvas's main draw passes: edges, nodes, terminal badges and rings. Every pass batches
 * by style — one path per stroke / fill colour (node fills quantised into reward buckets) — and
 * skips what is outside the view. No per-node allocation: the index buffers live in `DrawBuffers`
 * and are reused across frames.
 */
import type { PlaybackNode } from '../search/playback';
import { MARKS, REWARD_BUCKETS } from './colors';
import { BADGE_R, badgeOffset, inView, parentX, parentY, radiusOf, type Frame } from './frame';

/** Opacity of pruned nodes and their edges. */
export const FADED = 0.25;

const KEYS = 2 * (REWARD_BUCKETS + 1);

export class DrawBuffers {
  /** Ids of the nodes drawn this frame, in id order, and how many. */
  ids: Int32Array = new Int32Array(1024);
  n = 0;
  /** Node ids sorted by style key (counting sort). */
  order: Int32Array = new Int32Array(1024);
  key: Uint8Array = new Uint8Array(1024);
  /** Far-out edge de-duplication: the last child cell drawn per parent (slot count = the question). */
  lastCell: Int32Array = new Int32Array(1025);
  readonly counts = new Int32Array(KEYS + 1);

  ensure(n: number): void {
    if (this.ids.length >= n) return;
    const size = Math.max(n, this.ids.length * 2);
    this.ids = new Int32Array(size);
    this.order = new Int32Array(size);
    this.key = new Uint8Array(size);
    this.lastCell = new Int32Array(size + 1);
  }
}

/** Collect the nodes in view; returns how many. */
export function cull(f: Frame, buf: DrawBuffers): number {
  buf.ensure(f.count);
  const nodes = f.pb.nodes;
  const ids = buf.ids;
  let drawn = 0;
  for (let i = 0; i < f.count; i++) {
    const n = nodes[i];
    if (n !== undefined && inView(f, f.px[i], f.py[i], radiusOf(f, n))) ids[drawn++] = i;
  }
  buf.n = drawn;
  return drawn;
}

function edge(path: Path2D, f: Frame, x0: number, y0: number, x1: number, y1: number): void {
  path.moveTo(x0, y0);
  if (f.lod.straight) {
    path.lineTo(x1, y1);
  } else if (f.orientation === 'tb') {
    const my = (y0 + y1) / 2;
    path.bezierCurveTo(x0, my, x1, my, x1, y1);
  } else {
    const mx = (x0 + x1) / 2;
    path.bezierCurveTo(mx, y0, mx, y1, x1, y1);
  }
}

/** Screen px → world units at this zoom. */
export function px(f: Frame, screenPx: number): number {
  return screenPx / f.k;
}

/**
 * A stroke width in CSS px that shrinks with the zoom (`perK` px per unit of k) between one
 * device pixel and `max`. Zoomed out, more strokes are on screen, so each gets thinner: strokes
 * wider than a device pixel cost ~20× more in software rasterisation (headless Chromium, 10,000
 * edges: 8 ms as hairlines, 200 ms at 1.5 device px).
 */
export function strokePx(f: Frame, perK: number, max: number): number {
  return Math.min(max, Math.max(1 / f.dpr, perK * f.k));
}

/** Edge width: 2 px at zoom 1, at most 3 px, at least one device pixel. */
function edgeWidthPx(f: Frame): number {
  return strokePx(f, 2, 3);
}

/**
 * All parent → child edges: live ones in one path, pruned ones (faded) in another. Far out, the
 * edges from one parent to children that land in the same 2 px cell are drawn once: thousands of
 * overlapping anti-aliased segments otherwise dominate the frame (60+ ms at DPR 2, 10,000 nodes).
 */
export function drawEdges(f: Frame, buf: DrawBuffers): void {
  const { ctx, pb } = f;
  const live = new Path2D();
  const faded = new Path2D();
  const dedupe = f.lod.tiny;
  const lastCell = buf.lastCell;
  if (dedupe) lastCell.fill(-1, 0, f.count + 1);
  for (let i = 0; i < f.count; i++) {
    const n = pb.nodes[i];
    if (!n) continue;
    const x = f.px[i], y = f.py[i];
    const ax = parentX(f, n), ay = parentY(f, n);
    // Cull by the segment's bounding box.
    if ((x < ax ? x : ax) > f.x1 || (x > ax ? x : ax) < f.x0 || (y < ay ? y : ay) > f.y1 || (y > ay ? y : ay) < f.y0) continue;
    if (!(x === x && ax === ax)) continue;
    if (dedupe) {
      const cell = (((y * f.k + f.ty) * 0.5) | 0) * 65536 + (((x * f.k + f.tx) * 0.5) | 0) + (n.pruned === null ? 0 : 1 << 30);
      const slot = n.parent === null ? f.count : n.parent;
      if (lastCell[slot] === cell) continue;
      lastCell[slot] = cell;
    }
    edge(n.pruned === null ? live : faded, f, ax, ay, x, y);
  }
  ctx.lineWidth = px(f, edgeWidthPx(f));
  ctx.lineCap = 'round';
  ctx.strokeStyle = f.pal.edge;
  ctx.stroke(live);
  ctx.globalAlpha = FADED;
  ctx.stroke(faded);
  ctx.globalAlpha = 1;
}

/**
 * A root-first chain of node ids from the question, following the edges (for highlighted
 * paths); stops at the first id that is not drawn.
 */
export function chainPath(f: Frame, ids: readonly number[]): Path2D {
  const path = new Path2D();
  let ax = 0, ay = 0;
  for (const id of ids) {
    const x = f.px[id], y = f.py[id];
    if (!(id < f.count && x === x)) break;
    edge(path, f, ax, ay, x, y);
    ax = x;
    ay = y;
  }
  return path;
}

/** The path from the question to the selected node, under the nodes. */
export function drawSelectionPath(f: Frame): void {
  const sel = f.selection;
  if (sel === null || sel < 0 || sel >= f.count || !f.pb.nodes[sel]) return;
  const { ctx, pb } = f;
  const path = new Path2D();
  let n: PlaybackNode | undefined = pb.nodes[sel];
  while (n) {
    edge(path, f, parentX(f, n), parentY(f, n), f.px[n.id], f.py[n.id]);
    n = n.parent === null ? undefined : pb.nodes[n.parent];
  }
  ctx.strokeStyle = f.pal.selection;
  ctx.lineWidth = px(f, Math.max(2, edgeWidthPx(f) * 2.2));
  ctx.lineCap = 'round';
  ctx.stroke(path);
}

/** Node discs, one fill per (reward bucket × faded) style; outlines in the same path. */
export function drawNodes(f: Frame, buf: DrawBuffers): void {
  const { ctx, pb } = f;
  const counts = buf.counts;
  counts.fill(0);
  for (let j = 0; j < buf.n; j++) {
    const i = buf.ids[j];
    const n = pb.nodes[i];
    const b = n.reward === null ? REWARD_BUCKETS : rewardBucketFast(n.reward);
    const key = n.pruned === null ? b : b + REWARD_BUCKETS + 1;
    buf.key[i] = key;
    counts[key + 1]++;
  }
  for (let kk = 1; kk <= KEYS; kk++) counts[kk] += counts[kk - 1];
  for (let j = 0; j < buf.n; j++) buf.order[counts[buf.key[buf.ids[j]]]++] = buf.ids[j];
  // counts[key] is now the end of each key's run; runs start where the previous one ended.
  const tiny = f.lod.tiny;
  const minSide = px(f, 1.5);
  ctx.lineWidth = px(f, strokePx(f, 1.5, 1.25));
  ctx.strokeStyle = f.pal.nodeStroke;
  let start = 0;
  for (let key = 0; key < KEYS; key++) {
    const end = counts[key];
    if (end === start) continue;
    ctx.beginPath();
    for (let j = start; j < end; j++) {
      const i = buf.order[j];
      const x = f.px[i], y = f.py[i];
      const r = radiusOf(f, pb.nodes[i]);
      if (tiny) {
        const s = r > minSide ? r : minSide;
        ctx.rect(x - s, y - s, 2 * s, 2 * s);
      } else {
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
    }
    const faded = key > REWARD_BUCKETS;
    ctx.fillStyle = f.colors[faded ? key - REWARD_BUCKETS - 1 : key];
    ctx.globalAlpha = faded ? FADED : 1;
    ctx.fill();
    if (!tiny) ctx.stroke();
    start = end;
  }
  ctx.globalAlpha = 1;
}

/** rewardBucket without the null checks (the caller has them). */
function rewardBucketFast(r: number): number {
  const b = Math.floor(r * REWARD_BUCKETS);
  return b < 0 ? 0 : b >= REWARD_BUCKETS ? REWARD_BUCKETS - 1 : b;
}

/** ✓ / ✗ badges on terminal steps (shape and colour), beside the node on the growth side. */
export function drawBadges(f: Frame, buf: DrawBuffers): void {
  // Far out the badges would bury the reward colours; the vote panel tells the outcome.
  if (f.lod.tiny) return;
  const { ctx, pb } = f;
  const tb = f.orientation === 'tb';
  const kinds = [MARKS.correct, MARKS.wrong, MARKS.ungraded] as const;
  const br = BADGE_R * f.rs;
  const g = br * 0.5;
  for (let kind = 0; kind < 3; kind++) {
    const disc = new Path2D();
    const glyph = new Path2D();
    let any = false;
    for (let j = 0; j < buf.n; j++) {
      const i = buf.ids[j];
      const n = pb.nodes[i];
      if (!n.terminal) continue;
      const k = n.correct === true ? 0 : n.correct === false ? 1 : 2;
      if (k !== kind) continue;
      any = true;
      const off = badgeOffset(radiusOf(f, n), f.rs);
      const bx = tb ? f.px[i] : f.px[i] + off;
      const by = tb ? f.py[i] + off : f.py[i];
      disc.moveTo(bx + br, by);
      disc.arc(bx, by, br, 0, 2 * Math.PI);
      if (kind === 0) {
        glyph.moveTo(bx - g, by + 0.1 * g);
        glyph.lineTo(bx - 0.25 * g, by + 0.8 * g);
        glyph.lineTo(bx + g, by - 0.75 * g);
      } else if (kind === 1) {
        glyph.moveTo(bx - 0.75 * g, by - 0.75 * g);
        glyph.lineTo(bx + 0.75 * g, by + 0.75 * g);
        glyph.moveTo(bx + 0.75 * g, by - 0.75 * g);
        glyph.lineTo(bx - 0.75 * g, by + 0.75 * g);
      } else {
        glyph.moveTo(bx + 0.3 * g, by);
        glyph.arc(bx, by, 0.3 * g, 0, 2 * Math.PI);
      }
    }
    if (!any) continue;
    ctx.fillStyle = kinds[kind].color;
    ctx.fill(disc);
    ctx.strokeStyle = f.pal.bg;
    ctx.lineWidth = 1.2 * f.rs;
    ctx.stroke(disc);
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2 * f.rs;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.stroke(glyph);
    if (kind === 2) {
      ctx.fillStyle = '#ffffff';
      ctx.fill(glyph);
    }
  }
}

function ring(path: Path2D, x: number, y: number, r: number): void {
  path.moveTo(x + r, y);
  path.arc(x, y, r, 0, 2 * Math.PI);
}

/**
 * Rings: the live frontier (dashed), beams kept (solid), then hover and selection on top.
 * Far out only the selection and hover are ringed.
 */
export function drawRings(f: Frame, buf: DrawBuffers): void {
  const { ctx, pb } = f;
  const gap = px(f, 3.5);
  if (!f.lod.tiny) {
    const frontier = new Path2D();
    const kept = new Path2D();
    for (let j = 0; j < buf.n; j++) {
      const i = buf.ids[j];
      const n = pb.nodes[i];
      if (n.pruned !== null) continue;
      const r = radiusOf(f, n) + gap;
      if (f.strategy === 'beam' && n.kept === true) ring(kept, f.px[i], f.py[i], r);
      else if (f.live && !n.terminal && n.children.length === 0) ring(frontier, f.px[i], f.py[i], r);
    }
    ctx.strokeStyle = f.pal.fg;
    ctx.lineWidth = px(f, strokePx(f, 2.5, 2));
    ctx.stroke(kept);
    ctx.setLineDash([px(f, 4), px(f, 3)]);
    ctx.stroke(frontier);
    ctx.setLineDash([]);
  }
  const one = (id: number | null, color: string, widthPx: number, extraPx: number, alpha: number) => {
    if (id === null || id < 0 || id >= f.count || !pb.nodes[id] || !(f.px[id] === f.px[id])) return;
    const p = new Path2D();
    ring(p, f.px[id], f.py[id], radiusOf(f, pb.nodes[id]) + px(f, extraPx));
    ctx.globalAlpha = alpha;
    ctx.strokeStyle = color;
    ctx.lineWidth = px(f, widthPx);
    ctx.stroke(p);
    ctx.globalAlpha = 1;
  };
  if (f.hover !== f.selection) one(f.hover, f.pal.fg, 2.5, 5, 0.75);
  one(f.selection, f.pal.selection, 4, 6, 1);
}
