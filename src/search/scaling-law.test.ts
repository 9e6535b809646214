import { describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { accuracyOf, bandAt, bootstrapFit, costFor, fitScalingLaw, heldOutError, paramInterval, predict, type LawParams } from './scaling-law';

const C0 = 3.4e12;
/** Costs of budgets 1, 2, 4, …, 2^(k−1) solutions at C0 each. */
const costs = (k: number) => Array.from({ length: k }, (_, i) => C0 * 2 ** i);
const curve = (p: LawParams, cost: number[]) => cost.map((c) => predict(p, C0, c));

describe('fitScalingLaw', () => {
  it.each([
    { a: 0.72, b: 0.4, c: 0.5 },
    { a: 0.45, b: 0.15, c: 1.2 },
    { a: 0.95, b: 0.6, c: 0.2 },
  ])('recovers known parameters from an exact curve (%o)', (truth) => {
    const cost = costs(7);
    const fit = fitScalingLaw({ cost, accuracy: curve(truth, cost) })!;
    expect(fit.c0).toBe(C0);
    expect(fit.params.a).toBeCloseTo(truth.a, 3);
    expect(fit.params.b).toBeCloseTo(truth.b, 3);
    expect(fit.params.c).toBeCloseTo(truth.c, 3);
    expect(fit.rmse).toBeLessThan(1e-5);
  });

  it('recovers parameters within tolerance from a noisy curve', () => {
    const truth = { a: 0.6, b: 0.35, c: 0.7 };
    const cost = costs(8);
    const rng = createRng(7);
    const noisy = curve(truth, cost).map((y) => y + (rng.next() - 0.5) * 0.01);
    const fit = fitScalingLaw({ cost, accuracy: noisy })!;
    expect(Math.abs(fit.params.a - truth.a)).toBeLessThan(0.03);
    expect(Math.abs(fit.params.c - truth.c)).toBeLessThan(0.25);
    expect(fit.rmse).toBeLessThan(0.006);
  });

  it('does not depend on the order of the points', () => {
    const cost = costs(6);
    const acc = curve({ a: 0.7, b: 0.3, c: 0.6 }, cost);
    const a = fitScalingLaw({ cost, accuracy: acc })!;
    const b = fitScalingLaw({ cost: [...cost].reverse(), accuracy: [...acc].reverse() })!;
    expect(b.params).toEqual(a.params);
  });

  it('keeps the asymptote at or below 100 % and the curve non-decreasing', () => {
    // A straight line in log-compute would run past 100 %: a is clamped at 1.
    const cost = costs(6);
    const fit = fitScalingLaw({ cost, accuracy: cost.map((_, i) => 0.5 + 0.09 * i) })!;
    expect(fit.params.a).toBeLessThanOrEqual(1);
    // A falling curve gets b = 0: a flat law at the mean, not an inverted one.
    const falling = fitScalingLaw({ cost, accuracy: [0.5, 0.48, 0.46, 0.44, 0.42, 0.4] })!;
    expect(falling.params.b).toBe(0);
    expect(falling.params.a).toBeCloseTo(0.45, 10);
  });

  it('with the asymptote fixed (the Theorem-1 limit) fits b and c only', () => {
    const truth = { a: 0.55, b: 0.25, c: 0.9 };
    const cost = costs(5);
    const fit = fitScalingLaw({ cost, accuracy: curve(truth, cost) }, { asymptote: 0.55 })!;
    expect(fit.fixedAsymptote).toBe(true);
    expect(fit.params.a).toBe(0.55);
    expect(fit.params.b).toBeCloseTo(0.25, 4);
    expect(fit.params.c).toBeCloseTo(0.9, 3);
    // A wrong asymptote cannot fit as well as the free law.
    const wrong = fitScalingLaw({ cost, accuracy: curve(truth, cost) }, { asymptote: 0.7 })!;
    expect(wrong.rmse).toBeGreaterThan(fitScalingLaw({ cost, accuracy: curve(truth, cost) })!.rmse + 1e-3);
  });

  it('needs three points (two with a fixed asymptote) at two distinct costs', () => {
    expect(fitScalingLaw({ cost: [1, 2], accuracy: [0.2, 0.3] })).toBeNull();
    expect(fitScalingLaw({ cost: [1, 2], accuracy: [0.2, 0.3] }, { asymptote: 0.5 })).not.toBeNull();
    expect(fitScalingLaw({ cost: [5, 5, 5], accuracy: [0.2, 0.3, 0.25] })).toBeNull();
    expect(fitScalingLaw({ cost: [1, 2, NaN, 4], accuracy: [0.2, 0.3, 0.4, NaN] })).toBeNull();
  });
});

describe('costFor', () => {
  it('inverts predict, and is null at or above the asymptote', () => {
    const p = { a: 0.7, b: 0.4, c: 0.5 };
    expect(predict(p, C0, costFor(p, C0, 0.6)!)).toBeCloseTo(0.6, 12);
    expect(costFor(p, C0, 0.7)).toBeNull();
    expect(costFor({ a: 0.7, b: 0, c: 0.5 }, C0, 0.6)).toBeNull();
  });
});

describe('heldOutError', () => {
  it('is zero on a curve the law describes exactly', () => {
    const cost = costs(6);
    const h = heldOutError({ cost, accuracy: curve({ a: 0.7, b: 0.4, c: 0.5 }, cost) }, 1)!;
    expect(h.cost).toEqual([cost[5]]);
    expect(h.mae).toBeLessThan(1e-6);
  });

  it('fits without the largest budget and reports predicted − actual there', () => {
    const cost = costs(6);
    const exact = curve({ a: 0.7, b: 0.4, c: 0.5 }, cost);
    // The two largest budgets measured 3 and 5 points below the law; the first four fit it exactly.
    const measured = [...exact.slice(0, 4), exact[4] - 0.03, exact[5] - 0.05];
    const h = heldOutError({ cost, accuracy: measured }, 2)!;
    expect(h.cost).toEqual(cost.slice(4));
    expect(h.actual).toEqual(measured.slice(4));
    expect(h.predicted[0]).toBeCloseTo(exact[4], 5);
    expect(h.predicted[1]).toBeCloseTo(exact[5], 5);
    expect(h.mae).toBeCloseTo(0.04, 5);
    expect(h.maxError).toBeCloseTo(0.05, 5);
  });

  it('is null when too few points remain to fit', () => {
    const cost = costs(3);
    expect(heldOutError({ cost, accuracy: [0.3, 0.4, 0.45] }, 1)).toBeNull();
    expect(heldOutError({ cost, accuracy: [0.3, 0.4, 0.45] }, 1, { asymptote: 0.5 })).not.toBeNull();
  });
});

describe('bootstrapFit', () => {
  /** 300 problems whose pass chance at each budget follows the law: rows of 0/1. */
  function problems(truth: LawParams, cost: number[], n: number, seed: number): number[][] {
    const rng = createRng(seed);
    const p = curve(truth, cost);
    // A problem solved at budget j stays solved at larger budgets with the right marginal.
    return Array.from({ length: n }, () => {
      const u = rng.next();
      return p.map((pj) => (u < pj ? 1 : 0));
    });
  }

  it('gives a 95 % band that covers the true law about 95 % of the time', () => {
    const truth = { a: 0.7, b: 0.4, c: 0.5 };
    const cost = costs(6);
    let covered = 0, checks = 0;
    for (let d = 0; d < 12; d++) {
      const f = bootstrapFit({ cost, scores: problems(truth, cost, 400, 100 + d) }, { rng: createRng(d), iterations: 150 })!;
      for (const at of [cost[0], cost[3], cost[5]]) {
        const band = bandAt(f.samples, f.fit.c0, at)!;
        const y = predict(truth, C0, at);
        checks++;
        if (band.lo <= y && y <= band.hi) covered++;
      }
    }
    expect(covered / checks).toBeGreaterThanOrEqual(0.8);
  });

  it('narrows the band with more problems', () => {
    const truth = { a: 0.7, b: 0.4, c: 0.5 };
    const cost = costs(6);
    const small = bootstrapFit({ cost, scores: problems(truth, cost, 100, 1) }, { rng: createRng(1), iterations: 150 })!;
    const large = bootstrapFit({ cost, scores: problems(truth, cost, 1600, 2) }, { rng: createRng(1), iterations: 150 })!;
    expect(small.samples.length).toBeGreaterThan(140);
    const width = (f: typeof small) => { const b = bandAt(f.samples, f.fit.c0, cost[5])!; return b.hi - b.lo; };
    expect(width(large)).toBeLessThan(width(small) * 0.6);
    const aInt = paramInterval(large.samples, 'a')!;
    expect(aInt.lo).toBeLessThan(large.fit.params.a + 1e-9);
    expect(aInt.hi).toBeGreaterThan(large.fit.params.a - 1e-9);
  });

  it('is reproducible from the seed', () => {
    const cost = costs(5);
    const scores = problems({ a: 0.6, b: 0.3, c: 0.8 }, cost, 80, 3);
    const a = bootstrapFit({ cost, scores }, { rng: createRng(9), iterations: 20 })!;
    const b = bootstrapFit({ cost, scores }, { rng: createRng(9), iterations: 20 })!;
    expect(b.samples).toEqual(a.samples);
  });

  it('reads accuracy per budget over the problems present there', () => {
    expect(accuracyOf([[1, 0, NaN], [0, 1, 1], [1, 1, NaN]], 3)).toEqual([2 / 3, 2 / 3, 1]);
  });
});
