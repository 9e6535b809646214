import { describe, expect, it } from 'vitest';
import { NODE_R } from './frame';
import { HitTester } from './hit-test';
import { layoutTree } from './layout';
import { syntheticPlayback } from './testing/synthetic';

describe('HitTester', () => {
  const pb = syntheticPlayback({ nodes: 3000, seed: 6 });
  const layout = layoutTree(pb, 'tb');
  const hits = new HitTester();

  it('finds the node under a point, a few px outside its disc included', () => {
    for (const id of [0, 17, 1234, 2999]) {
      expect(hits.find(pb, layout, false, layout.x[id], layout.y[id], 1, 5)).toBe(id);
      expect(hits.find(pb, layout, false, layout.x[id] + NODE_R + 4, layout.y[id], 1, 5)).toBe(id);
    }
  });

  it('finds nothing between levels, and the question at the origin', () => {
    expect(hits.find(pb, layout, false, layout.x[5], layout.y[5] + layout.spacing.level / 2, 1, 5)).toBeNull();
    expect(hits.find(pb, layout, false, 3, -4, 1, 5)).toBe(-1);
  });

  it('follows a new layout after invalidate()', () => {
    const lr = layoutTree(pb, 'lr');
    hits.invalidate();
    expect(hits.find(pb, lr, false, lr.x[42], lr.y[42], 1, 5)).toBe(42);
  });
});
