/**
 * Node motion between layouts: when the tree grows, new nodes slide out of their parent and the
 * nodes already shown glide to their new places, over ~300 ms with easing. Retargeting in the
 * middle of a glide starts from where the nodes are on screen, so fast playback never jumps.
 * The easing is ease-out, not ease-in-out: a run that retargets every frame restarts the glide
 * every frame, and an ease-in start would then barely move (nodes stuck at the root); ease-out
 * closes ~15 % of the distance per frame, a smooth chase.
 * Pure (the caller passes the clock); typed arrays reused across frames.
 */
import { easeCubicOut } from 'd3';
import type { Bounds } from './camera';
import type { TreeLayout } from './layout';

export const MOTION_MS = 300;

function grow(a: Float64Array, n: number): Float64Array {
  if (a.length >= n) return a;
  const b = new Float64Array(Math.max(n, Math.ceil(a.length * 1.5)));
  b.set(a);
  return b;
}

export class NodeMotion {
  /** Displayed positions by node id (valid for ids < count; NaN = not shown). */
  x: Float64Array = new Float64Array(64);
  y: Float64Array = new Float64Array(64);
  count = 0;
  /** Displayed extent (interpolated like the nodes), for a camera that follows the tree. */
  readonly bounds: Bounds = { minX: 0, maxX: 0, minY: 0, maxY: 0 };
  private fx: Float64Array = new Float64Array(64);
  private fy: Float64Array = new Float64Array(64);
  private tx: Float64Array = new Float64Array(64);
  private ty: Float64Array = new Float64Array(64);
  private readonly from: Bounds = { minX: 0, maxX: 0, minY: 0, maxY: 0 };
  private readonly to: Bounds = { minX: 0, maxX: 0, minY: 0, maxY: 0 };
  private start = 0;
  private active = false;

  constructor(private readonly duration = MOTION_MS) {}

  /** Whether a glide is in progress (the caller keeps requesting frames). */
  get animating(): boolean {
    return this.active;
  }

  /**
   * Glide to a new layout. `parentOf(id)` gives a node's parent id (null = the question); ids are
   * in creation order, so a parent's start point is known before its children's. With
   * `animate: false` (reduced motion, or nothing drawn yet) the nodes jump to their places.
   */
  retarget(layout: TreeLayout, parentOf: (id: number) => number | null, now: number, animate: boolean): void {
    this.sample(now);
    const n = layout.count;
    const prev = this.count;
    this.x = grow(this.x, n);
    this.y = grow(this.y, n);
    this.fx = grow(this.fx, n);
    this.fy = grow(this.fy, n);
    this.tx = grow(this.tx, n);
    this.ty = grow(this.ty, n);
    const { x, y, fx, fy, tx, ty } = this;
    for (let i = 0; i < n; i++) {
      tx[i] = layout.x[i];
      ty[i] = layout.y[i];
      if (i < prev && x[i] === x[i]) {
        fx[i] = x[i];
        fy[i] = y[i];
      } else {
        const p = parentOf(i);
        const fromParent = p !== null && p < i && fx[p] === fx[p];
        fx[i] = fromParent ? fx[p] : layout.rootX;
        fy[i] = fromParent ? fy[p] : layout.rootY;
      }
    }
    this.count = n;
    Object.assign(this.from, this.bounds);
    Object.assign(this.to, layout.bounds);
    this.start = now;
    this.active = animate;
    if (!animate) this.settle();
  }

  /** Update the displayed positions for time `now`; true while the glide goes on. */
  sample(now: number): boolean {
    if (!this.active) return false;
    const t = Math.min(1, Math.max(0, (now - this.start) / this.duration));
    if (t >= 1) {
      this.settle();
      return false;
    }
    const e = easeCubicOut(t);
    const { x, y, fx, fy, tx, ty, count } = this;
    for (let i = 0; i < count; i++) {
      x[i] = fx[i] + (tx[i] - fx[i]) * e;
      y[i] = fy[i] + (ty[i] - fy[i]) * e;
    }
    const b = this.bounds, f = this.from, g = this.to;
    b.minX = f.minX + (g.minX - f.minX) * e;
    b.maxX = f.maxX + (g.maxX - f.maxX) * e;
    b.minY = f.minY + (g.minY - f.minY) * e;
    b.maxY = f.maxY + (g.maxY - f.maxY) * e;
    return true;
  }

  /** Jump to the end of the glide. */
  settle(): void {
    this.x.set(this.tx.subarray(0, this.count));
    this.y.set(this.ty.subarray(0, this.count));
    Object.assign(this.bounds, this.to);
    this.active = false;
  }
}
