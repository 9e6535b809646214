/**
 * Tidy tree layout of a run's search tree (d3-hierarchy `tree()`, Buchheim–Walker), pure.
 *
 * The question is a virtual root at (0, 0); node positions are in world units (CSS px at zoom 1)
 * and indexed by node id in typed arrays. `nodeSize` spacing (not a fixed extent) lets a wide
 * REBASE level spread out instead of squeezing. Sibling order is creation order.
 *
 * Speed: the d3 hierarchy is cached per `Playback.nodes` array and grown in place as nodes are
 * appended (a Playback only appends between resets, and a reset replaces the array), so a relayout
 * after a batch costs the tidy pass alone, not a rebuild of 10,000 hierarchy nodes.
 */
import { hierarchy, tree, type HierarchyNode } from 'd3';
import type { Playback, PlaybackNode } from '../search/playback';

export type Orientation = 'tb' | 'lr';

export interface LayoutSpacing {
  /** Distance between neighbouring siblings (across the tree's growth direction). */
  sibling: number;
  /** Distance between levels (along the growth direction). */
  level: number;
  /** Gap between neighbouring non-siblings, as a multiple of `sibling` (≥ 1). */
  cousin: number;
}

export interface TreeLayout {
  /** World x of each node by id; NaN when the node is not laid out. Valid for ids < count. */
  x: Float64Array;
  /** World y of each node by id; NaN when the node is not laid out. */
  y: Float64Array;
  /** The question (virtual root): always (0, 0). */
  rootX: number;
  rootY: number;
  /** Extent of the question and every laid-out node centre. */
  bounds: { minX: number; maxX: number; minY: number; maxY: number };
  /** Number of node slots (= playback.nodes.length). */
  count: number;
  orientation: Orientation;
  spacing: LayoutSpacing;
}

export interface LayoutOptions {
  spacing?: Partial<LayoutSpacing>;
  /** A previous layout whose arrays may be reused (overwritten) when large enough. */
  into?: TreeLayout;
  /**
   * Least centre distance between neighbouring nodes `a` and `b` (ids), for nodes of varying size
   * (MCTS radius ∝ √N): a pair is kept at max(sibling, this) apart (× cousin when not siblings).
   */
  minDistance?: (a: number, b: number) => number;
}

/** Default spacing per orientation: 'lr' leaves room for step text to the right of each node. */
export const DEFAULT_SPACING: Record<Orientation, LayoutSpacing> = {
  tb: { sibling: 44, level: 110, cousin: 1.2 },
  lr: { sibling: 36, level: 220, cousin: 1.2 },
};

/** Mutable view of a d3 hierarchy node, for growing the cached hierarchy in place. */
interface GrowNode extends HierarchyNode<number> {
  depth: number;
  height: number;
}

interface HierarchyCache {
  root: GrowNode;
  byId: (GrowNode | undefined)[];
  /** Node ids below this have been attached (or skipped as holes). */
  added: number;
}

const caches = new WeakMap<PlaybackNode[], HierarchyCache>();

/**
 * d3's hierarchy node class, taken from an instance: `hierarchy(id)` per node would also walk and
 * measure each one-node tree, which doubled the cost of a first layout of 10,000 nodes.
 */
const HNode = hierarchy(0).constructor as new (data: number) => GrowNode;

function hierarchyFor(nodes: PlaybackNode[]): HierarchyCache {
  let cache = caches.get(nodes);
  if (!cache || cache.added > nodes.length) {
    cache = { root: new HNode(-1), byId: [], added: 0 };
    caches.set(nodes, cache);
  }
  const { root, byId } = cache;
  // Ids are dense and parents precede children, so appending in id order keeps sibling order.
  for (let id = cache.added; id < nodes.length; id++) {
    const n = nodes[id];
    if (!n) continue;
    const parent = n.parent === null ? root : byId[n.parent];
    if (!parent) continue;
    const h = new HNode(id);
    h.parent = parent;
    h.depth = parent.depth + 1;
    if (parent.children) parent.children.push(h);
    else parent.children = [h];
    byId[id] = h;
  }
  cache.added = nodes.length;
  return cache;
}

function ensure(arr: Float64Array | undefined, n: number): Float64Array {
  if (arr && arr.length >= n) return arr;
  return new Float64Array(Math.max(n, Math.ceil((arr?.length ?? 0) * 1.5), 64));
}

/**
 * Lay out the playback's tree as it stands at the playhead.
 * 'tb' grows top-down (depth along +y), 'lr' left-to-right (depth along +x); a node's level
 * coordinate is exactly `depth × spacing.level`.
 */
export function layoutTree(pb: Playback, orientation: Orientation, opts: LayoutOptions = {}): TreeLayout {
  const spacing: LayoutSpacing = { ...DEFAULT_SPACING[orientation], ...opts.spacing };
  const cousin = Math.max(1, spacing.cousin);
  const nodes = pb.nodes;
  const count = nodes.length;
  const { root, byId } = hierarchyFor(nodes);

  const minDistance = opts.minDistance;
  const sibling = spacing.sibling;
  tree<number>()
    .nodeSize([sibling, spacing.level])
    .separation(minDistance
      ? (a, b) => Math.max(1, minDistance(a.data, b.data) / sibling) * (a.parent === b.parent ? 1 : cousin)
      : (a, b) => (a.parent === b.parent ? 1 : cousin))(root);

  const x = ensure(opts.into?.x, count);
  const y = ensure(opts.into?.y, count);
  // d3 centres the root on 0 already; subtract anyway so the question is exactly the origin.
  const r0 = root.x ?? 0;
  let minX = 0, maxX = 0, minY = 0, maxY = 0;
  const tb = orientation === 'tb';
  for (let id = 0; id < count; id++) {
    const h = byId[id];
    if (!h || h.x === undefined) {
      x[id] = NaN;
      y[id] = NaN;
      continue;
    }
    const across = h.x - r0;
    const along = h.depth * spacing.level;
    const px = tb ? across : along;
    const py = tb ? along : across;
    x[id] = px;
    y[id] = py;
    if (px < minX) minX = px;
    if (px > maxX) maxX = px;
    if (py < minY) minY = py;
    if (py > maxY) maxY = py;
  }
  return { x, y, rootX: 0, rootY: 0, bounds: { minX, maxX, minY, maxY }, count, orientation, spacing };
}
