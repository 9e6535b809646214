import { easeCubicOut } from 'd3';
import { describe, expect, it } from 'vitest';
import type { TreeLayout } from './layout';
import { MOTION_MS, NodeMotion } from './motion';

/** A hand-made layout: positions by id. */
function layout(points: [number, number][]): TreeLayout {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return {
    x: Float64Array.from(xs), y: Float64Array.from(ys), rootX: 0, rootY: 0, count: points.length, orientation: 'tb',
    spacing: { sibling: 10, level: 10, cousin: 1 },
    bounds: { minX: Math.min(0, ...xs), maxX: Math.max(0, ...xs), minY: Math.min(0, ...ys), maxY: Math.max(0, ...ys) },
  };
}
// Tree: 0 and 1 under the question, 2 under 1, 3 under 2.
const parents: (number | null)[] = [null, null, 1, 2];
const parentOf = (id: number) => parents[id];

describe('NodeMotion', () => {
  it('slides new nodes out of their parent into place, and ends exactly there', () => {
    const m = new NodeMotion();
    m.retarget(layout([[-10, 10], [10, 10]]), parentOf, 0, false);
    m.retarget(layout([[-10, 10], [10, 10], [10, 20], [10, 30]]), parentOf, 1000, true);
    // Node 2's parent is shown at (10, 10); node 3 comes out of the same point (its parent is new).
    m.sample(1000);
    expect([m.x[2], m.y[2], m.x[3], m.y[3]]).toEqual([10, 10, 10, 10]);
    expect(m.sample(1000 + MOTION_MS / 2)).toBe(true);
    expect(m.y[3]).toBeGreaterThan(10);
    expect(m.y[3]).toBeLessThan(30);
    expect(m.sample(1000 + MOTION_MS)).toBe(false);
    expect([m.x[3], m.y[3]]).toEqual([10, 30]);
    expect(m.animating).toBe(false);
  });

  it('glides existing nodes from where they are on screen when retargeted mid-glide', () => {
    const m = new NodeMotion();
    m.retarget(layout([[0, 10]]), parentOf, 0, false);
    m.retarget(layout([[100, 10]]), parentOf, 0, true);
    m.sample(MOTION_MS / 2);
    const mid = m.x[0];
    expect(mid).toBeCloseTo(100 * easeCubicOut(0.5), 6);
    m.retarget(layout([[-100, 10]]), parentOf, MOTION_MS / 2, true);
    expect(m.x[0]).toBeCloseTo(mid, 6);
    m.sample(MOTION_MS * 2);
    expect(m.x[0]).toBe(-100);
  });

  it('jumps straight to the layout without animation (reduced motion)', () => {
    const m = new NodeMotion();
    m.retarget(layout([[-10, 10], [10, 10], [10, 20]]), parentOf, 0, false);
    expect(m.animating).toBe(false);
    expect([m.x[2], m.y[2]]).toEqual([10, 20]);
    expect(m.bounds).toEqual({ minX: -10, maxX: 10, minY: 0, maxY: 20 });
  });

  it('interpolates the displayed bounds with the nodes', () => {
    const m = new NodeMotion();
    m.retarget(layout([[0, 10]]), parentOf, 0, false);
    m.retarget(layout([[0, 10], [200, 10]]), parentOf, 0, true);
    m.sample(MOTION_MS / 2);
    expect(m.bounds.maxX).toBeCloseTo(200 * easeCubicOut(0.5), 6);
  });
});

describe('NodeMotion retargeted every frame (fast playback)', () => {
  it('keeps nodes moving towards their places instead of stalling at the start', () => {
    const m = new NodeMotion();
    m.retarget(layout([]), parentOf, 0, false);
    const target = layout([[100, 100]]);
    for (let frame = 1; frame <= 20; frame++) m.retarget(target, parentOf, frame * 16, true);
    m.sample(20 * 16 + 16);
    // 20 frames ≈ 330 ms of playback: well on its way, not still at the question.
    expect(m.x[0]).toBeGreaterThan(90);
  });
});
