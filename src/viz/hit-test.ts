/**
 * Hit-testing of the tree canvas: which node (or the question) is under a point. A d3-quadtree
 * of the laid-out node centres, rebuilt lazily after the layout changes (so fast playback pays
 * for it only when the pointer actually moves).
 */
import { quadtree, type Quadtree } from 'd3';
import type { Playback } from '../search/playback';
import { MCTS_R_MAX, NODE_R, nodeRadius } from './frame';
import type { TreeLayout } from './layout';

/** Half-size of the question marker (world units) and the least it shrinks to on screen. */
export const QUESTION_HALF = 12;

export class HitTester {
  private tree: Quadtree<number> | null = null;

  /** Call after every relayout. */
  invalidate(): void {
    this.tree = null;
  }

  /**
   * The node whose disc (widened by `slop` world units) holds the world point (wx, wy), -1 for
   * the question, null for none. `k` is the zoom (the question marker never shrinks below 3 px).
   */
  find(pb: Playback, layout: TreeLayout, mcts: boolean, wx: number, wy: number, k: number, slop: number): number | null {
    const q = Math.max(QUESTION_HALF, 3 / k) + slop;
    if (Math.abs(wx - layout.rootX) <= q && Math.abs(wy - layout.rootY) <= q) return -1;
    const lx = layout.x, ly = layout.y;
    if (!this.tree) {
      const ids: number[] = [];
      for (let i = 0; i < layout.count; i++) if (pb.nodes[i] && lx[i] === lx[i]) ids.push(i);
      this.tree = quadtree<number>().x((i) => lx[i]).y((i) => ly[i]).addAll(ids);
    }
    const id = this.tree.find(wx, wy, (mcts ? MCTS_R_MAX : NODE_R) + slop);
    if (id === undefined || !pb.nodes[id]) return null;
    return Math.hypot(lx[id] - wx, ly[id] - wy) <= nodeRadius(pb.nodes[id], mcts) + slop ? id : null;
  }
}
