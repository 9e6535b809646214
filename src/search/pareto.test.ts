import { describe, expect, it } from 'vitest';
import { dominates, paretoFrontier, stepLine } from './pareto';

interface P { x: number; y: number; id: string }
const pt = (id: string, x: number, y: number): P => ({ id, x, y });
const ids = (ps: P[]) => ps.map((p) => p.id);

describe('paretoFrontier', () => {
  it('keeps exactly the points no other point dominates, sorted by FLOPs', () => {
    const points = [
      pt('rebase-32', 1.48e14, 0.468),
      pt('sample-256', 1.0e15, 0.455), // dominated: more FLOPs, less accuracy
      pt('greedy', 3.92e12, 0.3),
      pt('sample-32', 1.254e14, 0.435),
      pt('mcts-64', 2.0e14, 0.4), // dominated by rebase-32
      pt('34b-rebase', 7.08e14, 0.492),
    ];
    const f = paretoFrontier(points);
    expect(ids(f)).toEqual(['greedy', 'sample-32', 'rebase-32', '34b-rebase']);
    for (const p of points) {
      const onFrontier = f.includes(p);
      expect(points.some((q) => dominates(q, p)), p.id).toBe(!onFrontier);
    }
  });

  it('drops a point with equal accuracy at more FLOPs, and one with equal FLOPs and less accuracy', () => {
    const f = paretoFrontier([pt('a', 1, 0.5), pt('b', 2, 0.5), pt('c', 1, 0.4), pt('d', 3, 0.6)]);
    expect(ids(f)).toEqual(['a', 'd']);
  });

  it('keeps the first of exact ties (input order), and one copy of duplicates', () => {
    expect(ids(paretoFrontier([pt('second-model', 5, 0.7), pt('first-model', 5, 0.7)]))).toEqual(['second-model']);
    const dup = pt('x', 1, 0.5);
    expect(paretoFrontier([dup, dup, dup])).toEqual([dup]);
  });

  it('handles empty input and ignores NaN accuracy', () => {
    expect(paretoFrontier([])).toEqual([]);
    expect(ids(paretoFrontier([pt('nan', 1, NaN), pt('ok', 2, 0.1)]))).toEqual(['ok']);
  });

  it('does not reorder or change its input', () => {
    const points = [pt('b', 2, 0.6), pt('a', 1, 0.5)];
    const copy = points.map((p) => ({ ...p }));
    paretoFrontier(points);
    expect(points).toEqual(copy);
  });
});

describe('stepLine', () => {
  it('goes flat to the next point, then up', () => {
    const f = paretoFrontier([pt('a', 1, 0.2), pt('b', 3, 0.5), pt('c', 6, 0.7)]);
    expect(stepLine(f)).toEqual([
      { x: 1, y: 0.2 }, { x: 3, y: 0.2 }, { x: 3, y: 0.5 }, { x: 6, y: 0.5 }, { x: 6, y: 0.7 },
    ]);
    expect(stepLine(f, 10).at(-1)).toEqual({ x: 10, y: 0.7 });
    expect(stepLine(f, 2)).toHaveLength(5);
  });

  it('is empty for an empty frontier and one point for one', () => {
    expect(stepLine([], 5)).toEqual([]);
    expect(stepLine([pt('a', 1, 0.2)])).toEqual([{ x: 1, y: 0.2 }]);
  });
});
