/**
 * Hit-testing of the tree canvas: which node (or the question) is under a point. A d3-quadtree
 * of the laid-out node centres, rebuilt lazily after the layout changes (so fast playback pays
 * for it only when the pointer actually moves).
 */
import { quadtree, type Quadtree } from 'd3';
import type { Playback } from '../search/playback';
import { MCTS_R_MAX, NODE_R, nodeRadius } from './frame';
import { QUESTION_MARK_PX } from './labels';
import type { TreeLayout } from './layout';


export class HitTester {
  private tree: Quadtree<number> | null = null;

  /** Call after every relayout. */
  invalidate(): void {
    this.tree = null;
  }

  /**
   * The node whose disc (widened by `slop` world units) holds the world point (wx, wy), -1 for
   * the question, null for none. `k` is the zoom (the question marker has a fixed screen size),
   * `rs` the mark scale the discs are drawn at (frame.ts `markScale`).
   */
  find(pb: Playback, layout: TreeLayout, mcts: boolean, wx: number, wy: number, k: number, slop: number, rs = 1): number | null {
    const q = QUESTION_MARK_PX / k + slop;
    if (Math.abs(wx - layout.rootX) <= q && Math.abs(wy - layout.rootY) <= q) return -1;
    const lx = layout.x, ly = layout.y;
    if (!this.tree) {
      const ids: number[] = [];
      for (let i = 0; i < layout.count; i++) if (pb.nodes[i] && lx[i] === lx[i]) ids.push(i);
      this.tree = quadtree<number>().x((i) => lx[i]).y((i) => ly[i]).addAll(ids);
    }
    const id = this.tree.find(wx, wy, (mcts ? MCTS_R_MAX : NODE_R) * rs + slop);
    if (id === undefined || !pb.nodes[id]) return null;
    return Math.hypot(lx[id] - wx, ly[id] - wy) <= nodeRadius(pb.nodes[id], mcts) * rs + slop ? id : null;
  }
}
