import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../search/events';
import { Playback } from '../search/playback';
import { zeroCompute } from '../search/types';
import { DEFAULT_SPACING, layoutTree, type TreeLayout } from './layout';
import { syntheticEvents, syntheticPlayback } from './testing/synthetic';

const compute = zeroCompute();

/** A playback from (id, parent) pairs, in id order. */
function playbackOf(parents: (number | null)[]): Playback {
  const pb = new Playback();
  const depth: number[] = [];
  const events: SearchEvent[] = parents.map((parent, id) => {
    depth[id] = parent === null ? 1 : depth[parent] + 1;
    return { type: 'node', id, parent, depth: depth[id], text: `s${id}`, tokens: 1, terminal: false, compute };
  });
  pb.append(events);
  pb.seek(events.length);
  return pb;
}

/** Folded text of a layout: one line per node, "id parent depth x y" — small enough to read. */
function fold(pb: Playback, l: TreeLayout): string {
  return pb.nodes.map((n) => `${n.id}<${n.parent ?? 'Q'} d${n.depth} (${+l.x[n.id].toFixed(1)}, ${+l.y[n.id].toFixed(1)})`).join('\n');
}

describe('layoutTree', () => {
  const small = playbackOf([null, null, 0, 0, 0, 1, 3, 3]);

  it('puts the question at the origin and lays out a small tree tidily', () => {
    const l = layoutTree(small, 'tb');
    expect(l.rootX).toBe(0);
    expect(l.rootY).toBe(0);
    expect(l.count).toBe(8);
    expect(fold(small, l)).toMatchInlineSnapshot(`
      "0<Q d1 (-48.4, 110)
      1<Q d1 (48.4, 110)
      2<0 d2 (-92.4, 220)
      3<0 d2 (-48.4, 220)
      4<0 d2 (-4.4, 220)
      5<1 d2 (48.4, 220)
      6<3 d3 (-70.4, 330)
      7<3 d3 (-26.4, 330)"
    `);
  });

  it("places parents above their children in 'tb' and left of them in 'lr'", () => {
    const pb = syntheticPlayback({ nodes: 800, seed: 3 });
    const tb = layoutTree(pb, 'tb');
    const lr = layoutTree(pb, 'lr');
    for (const n of pb.nodes) {
      const py = n.parent === null ? tb.rootY : tb.y[n.parent];
      const px = n.parent === null ? lr.rootX : lr.x[n.parent];
      expect(tb.y[n.id]).toBeGreaterThan(py);
      expect(lr.x[n.id]).toBeGreaterThan(px);
    }
  });

  it('puts every node on the line of its depth', () => {
    const pb = syntheticPlayback({ nodes: 600, seed: 5 });
    const tb = layoutTree(pb, 'tb');
    const lr = layoutTree(pb, 'lr', { spacing: { level: 150 } });
    for (const n of pb.nodes) {
      expect(tb.y[n.id]).toBe(n.depth * DEFAULT_SPACING.tb.level);
      expect(lr.x[n.id]).toBe(n.depth * 150);
    }
  });

  it('keeps siblings in creation order, and nodes of one level at least a sibling gap apart', () => {
    const pb = syntheticPlayback({ nodes: 1500, seed: 7, roots: 32 });
    for (const orientation of ['tb', 'lr'] as const) {
      const l = layoutTree(pb, orientation);
      const across = orientation === 'tb' ? l.x : l.y;
      const gap = l.spacing.sibling;
      const check = (ids: number[]) => {
        for (let i = 1; i < ids.length; i++) expect(across[ids[i]] - across[ids[i - 1]]).toBeGreaterThanOrEqual(gap - 1e-9);
      };
      check(pb.roots);
      for (const n of pb.nodes) check(n.children);
      // No two nodes of a level overlap, siblings or not.
      const byLevel = new Map<number, number[]>();
      for (const n of pb.nodes) byLevel.set(n.depth, [...(byLevel.get(n.depth) ?? []), across[n.id]]);
      for (const xs of byLevel.values()) {
        xs.sort((a, b) => a - b);
        for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThanOrEqual(gap - 1e-9);
      }
    }
  });

  it('spreads a wide level out instead of squeezing it', () => {
    const pb = playbackOf(Array.from({ length: 64 }, () => null));
    const l = layoutTree(pb, 'tb');
    expect(l.bounds.maxX - l.bounds.minX).toBeCloseTo(63 * DEFAULT_SPACING.tb.sibling, 6);
  });

  it('gives the same output for the same input, whether the tree grew in steps or arrived whole', () => {
    const events = syntheticEvents({ nodes: 2000, seed: 11 });
    const whole = new Playback();
    whole.append(events);
    whole.seek(events.length);
    const grown = new Playback();
    grown.append(events);
    for (let t = 0; t <= events.length; t += 97) {
      grown.seek(t);
      layoutTree(grown, 'tb');
    }
    grown.seek(events.length);
    const a = layoutTree(whole, 'tb');
    const b = layoutTree(grown, 'tb');
    const c = layoutTree(whole, 'tb');
    expect(Array.from(b.x.subarray(0, b.count))).toEqual(Array.from(a.x.subarray(0, a.count)));
    expect(Array.from(b.y.subarray(0, b.count))).toEqual(Array.from(a.y.subarray(0, a.count)));
    expect(Array.from(c.x.subarray(0, c.count))).toEqual(Array.from(a.x.subarray(0, a.count)));
    expect(b.bounds).toEqual(a.bounds);
  });

  it('follows a playhead moved back (the playback replaces its node array)', () => {
    const events = syntheticEvents({ nodes: 300, seed: 2 });
    const pb = new Playback();
    pb.append(events);
    pb.seek(events.length);
    expect(layoutTree(pb, 'tb').count).toBe(300);
    pb.seek(40);
    const back = layoutTree(pb, 'tb');
    const fresh = new Playback();
    fresh.append(events);
    fresh.seek(40);
    expect(back.count).toBe(fresh.nodes.length);
    expect(Array.from(back.x.subarray(0, back.count))).toEqual(Array.from(layoutTree(fresh, 'tb').x.subarray(0, back.count)));
  });

  it('reuses the arrays of a previous layout passed as `into`', () => {
    const pb = syntheticPlayback({ nodes: 200 });
    const first = layoutTree(pb, 'tb');
    const again = layoutTree(pb, 'lr', { into: first });
    expect(again.x).toBe(first.x);
    expect(again.orientation).toBe('lr');
  });

  it('lays out the question alone', () => {
    const l = layoutTree(new Playback(), 'lr');
    expect(l.count).toBe(0);
    expect(l.bounds).toEqual({ minX: 0, maxX: 0, minY: 0, maxY: 0 });
  });

  it('lays out 10,000 nodes without NaN, and bounds enclose every node', () => {
    const pb = syntheticPlayback({ nodes: 10_000, seed: 9, roots: 64 });
    const l = layoutTree(pb, 'tb');
    expect(l.count).toBe(10_000);
    for (let i = 0; i < l.count; i++) {
      expect(Number.isFinite(l.x[i]) && Number.isFinite(l.y[i])).toBe(true);
      if (l.x[i] < l.bounds.minX || l.x[i] > l.bounds.maxX || l.y[i] < l.bounds.minY || l.y[i] > l.bounds.maxY) throw new Error(`node ${i} outside bounds`);
    }
  });
});
