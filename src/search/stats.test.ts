import { describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { bootstrapMean, mean, wilson } from './stats';

describe('wilson', () => {
  it('matches hand-computed 95% intervals', () => {
    const a = wilson(8, 10);
    expect(a.lo).toBeCloseTo(0.49016, 5);
    expect(a.hi).toBeCloseTo(0.94332, 5);
    const b = wilson(45, 100);
    expect(b.lo).toBeCloseTo(0.35614, 5);
    expect(b.hi).toBeCloseTo(0.54756, 5);
  });

  it('stays inside [0, 1] and is not degenerate at 0/n and n/n', () => {
    expect(wilson(0, 10)).toEqual({ lo: 0, hi: expect.closeTo(0.27754, 5) as number });
    expect(wilson(10, 10)).toEqual({ lo: expect.closeTo(0.72246, 5) as number, hi: 1 });
    expect(wilson(0, 0)).toEqual({ lo: 0, hi: 1 });
  });

  it('narrows with n and widens with z', () => {
    const w = (s: number, n: number, z?: number) => { const i = wilson(s, n, z); return i.hi - i.lo; };
    expect(w(80, 100)).toBeLessThan(w(8, 10));
    expect(w(8, 10, 2.576)).toBeGreaterThan(w(8, 10));
  });
});

describe('mean', () => {
  it('averages, and is NaN for nothing', () => {
    expect(mean([1, 0, 0, 1, 1])).toBe(0.6);
    expect(mean([])).toBeNaN();
  });
});

describe('bootstrapMean', () => {
  it('weights problems equally, whatever their number of seeds', () => {
    const r = bootstrapMean([[1, 1, 1, 1], [0]], createRng(1), 200);
    expect(r.mean).toBe(0.5);
  });

  it('is reproducible from the seed and changes with it', () => {
    const values = Array.from({ length: 40 }, (_, i) => [((i * 37) % 101) / 101, ((i * 53) % 97) / 97]);
    expect(bootstrapMean(values, createRng(7))).toEqual(bootstrapMean(values, createRng(7)));
    expect(bootstrapMean(values, createRng(7)).lo).not.toBe(bootstrapMean(values, createRng(8)).lo);
  });

  it('gives the binomial standard error for one seed per problem', () => {
    const values = Array.from({ length: 100 }, (_, i) => [i < 50 ? 1 : 0]);
    const r = bootstrapMean(values, createRng(3), 2000);
    expect(r.mean).toBe(0.5);
    // ±1.96·sqrt(0.25/100) = ±0.098
    expect(r.lo).toBeGreaterThan(0.38);
    expect(r.lo).toBeLessThan(0.42);
    expect(r.hi).toBeGreaterThan(0.58);
    expect(r.hi).toBeLessThan(0.62);
  });

  it('resamples problems, not seeds: repeated seeds of one problem do not narrow the interval', () => {
    const oneSeed = Array.from({ length: 100 }, (_, i) => [i < 50 ? 1 : 0]);
    const fourSeeds = oneSeed.map((v) => [v[0], v[0], v[0], v[0]]);
    const w1 = bootstrapMean(oneSeed, createRng(5), 2000);
    const w4 = bootstrapMean(fourSeeds, createRng(5), 2000);
    expect(w4.hi - w4.lo).toBeCloseTo(w1.hi - w1.lo, 2);
    expect(w4.hi - w4.lo).toBeGreaterThan(0.15);
  });

  it('covers the true accuracy about 95% of the time', () => {
    const rng = createRng(11);
    const p = 0.3;
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const values = Array.from({ length: 60 }, () => [rng.next() < p ? 1 : 0]);
      const r = bootstrapMean(values, rng, 500);
      if (r.lo <= p && p <= r.hi) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('collapses on a constant and is NaN on no data', () => {
    expect(bootstrapMean([[1], [1, 1], [1]], createRng(2))).toEqual({ mean: 1, lo: 1, hi: 1 });
    expect(bootstrapMean([], createRng(2)).mean).toBeNaN();
    expect(bootstrapMean([[], []], createRng(2)).lo).toBeNaN();
  });
});
