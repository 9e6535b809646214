import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, ALLOCATION_EPSILON, roundHalfEven, softmaxWeights } from './rebase-allocate';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('allocate, reference mode (the official sorted sequential ceil)', () => {
  it('splits B = 8 over rewards [0.9, 0.5, 0.1] at T_b 0.2 as 7 / 1 / 0', () => {
    // w ∝ e^0, e^-2, e^-4 → 0.866813, 0.117310, 0.015876.
    // ceil(8 · 0.866813) = ceil(6.93) = 7; B_rem 1, S_rem 0.133187: ceil(0.117310 / 0.133187 = 0.88) = 1; then B_rem 0.
    const a = allocate([0.9, 0.5, 0.1], 8, 0.2, 'reference');
    expect(a.weights[0]).toBeCloseTo(0.866813, 6);
    expect(a.weights[1]).toBeCloseTo(0.11731, 5);
    expect(a.weights[2]).toBeCloseTo(0.015876, 6);
    expect(a.widths).toEqual([7, 1, 0]);
    expect(a.allocated).toBe(8);
  });

  it('splits B = 16 over [0.7, 0.6, 0.5, 0.4] at T_b 0.2 as 8 / 5 / 2 / 1', () => {
    // w = 0.455054, 0.276004, 0.167405, 0.101536.
    // ceil(16 · 0.455054 = 7.28) = 8; ceil(8 · 0.276004 / 0.544946 = 4.05) = 5; ceil(3 · 0.167405 / 0.268941 = 1.87) = 2; last gets B_rem = 1.
    expect(allocate([0.7, 0.6, 0.5, 0.4], 16, 0.2, 'reference').widths).toEqual([8, 5, 2, 1]);
    // T_b 0.1: w = 0.643914, 0.236883, 0.087144, 0.032059 → ceil(10.30) = 11; ceil(5 · 0.236883 / 0.356086 = 3.33) = 4;
    // ceil(1 · 0.087144 / 0.119203 = 0.73) = 1; nothing left for the last.
    expect(allocate([0.7, 0.6, 0.5, 0.4], 16, 0.1, 'reference').widths).toEqual([11, 4, 1, 0]);
  });

  it('gives widths aligned with the input and walks highest reward first', () => {
    const a = allocate([0.1, 0.9, 0.5], 8, 0.2, 'reference');
    expect(a.order).toEqual([1, 2, 0]);
    expect(a.widths).toEqual([0, 7, 1]);
  });

  it('splits equal rewards 2 / 1 / 1 for B = 4, earlier tree node first', () => {
    // ceil(4 · 1/3) = 2; ceil(2 · (1/3) / (2/3)) = 1; the last gets the remaining 1.
    const a = allocate([0.5, 0.5, 0.5], 4, 0.2, 'reference');
    expect(a.order).toEqual([0, 1, 2]);
    expect(a.widths).toEqual([2, 1, 1]);
  });

  it('never overshoots on ties where plain float arithmetic does (rewards [0.9, 0.9], B = 7)', () => {
    // Unnormalised float64 (exp(9)·3/exp(9) = 3.0000000000000004) makes the plain walk give 4 + 4 = 8.
    expect(allocate([0.9, 0.9], 7, 0.1, 'reference').widths).toEqual([4, 3]);
    expect(allocate(new Array(10).fill(0.3), 10, 0.2, 'reference').widths).toEqual(new Array(10).fill(1));
  });

  it('gives nothing when the budget is 0 and survives extreme temperatures', () => {
    expect(allocate([0.9, 0.1], 0, 0.2, 'reference').widths).toEqual([0, 0]);
    expect(allocate([0.9, 0.1, 0.0], 5, 1e-6, 'reference').widths).toEqual([5, 0, 0]);
    expect(allocate([0.9, 0.1], 5, 1e6, 'reference').widths).toEqual([3, 2]);
  });

  it('rejects a non-positive temperature and NaN rewards with a clear message', () => {
    expect(() => allocate([0.5], 4, 0, 'reference')).toThrow(/temperature/);
    expect(() => allocate([0.5, Number.NaN], 4, 0.2, 'reference')).toThrow(/candidate 1 has reward NaN/);
  });
});

describe('allocate, paper mode (Eq. 1: independent rounding)', () => {
  it('rounds B·w_j independently: [0.9, 0.5, 0.1], B = 8 → 7 / 1 / 0 at T_b 0.2 and 8 / 0 / 0 at T_b 0.1', () => {
    // T_b 0.2: 6.93 → 7, 0.94 → 1, 0.13 → 0. T_b 0.1: 7.85 → 8, 0.14 → 0, 0.003 → 0.
    expect(allocate([0.9, 0.5, 0.1], 8, 0.2, 'paper')).toMatchObject({ widths: [7, 1, 0], allocated: 8 });
    expect(allocate([0.9, 0.5, 0.1], 8, 0.1, 'paper')).toMatchObject({ widths: [8, 0, 0], allocated: 8 });
  });

  it('differs from the reference walk: [0.7, 0.6, 0.5, 0.4], B = 16, T_b 0.2 → 7 / 4 / 3 / 2', () => {
    // 7.28 → 7, 4.42 → 4, 2.68 → 3, 1.62 → 2 (reference gives 8 / 5 / 2 / 1).
    expect(allocate([0.7, 0.6, 0.5, 0.4], 16, 0.2, 'paper').widths).toEqual([7, 4, 3, 2]);
  });

  it('reports a sum different from B: three equal rewards, B = 4 → 1 / 1 / 1, allocated 3', () => {
    expect(allocate([0.5, 0.5, 0.5], 4, 0.2, 'paper')).toMatchObject({ widths: [1, 1, 1], allocated: 3 });
  });

  it('rounds halves to even: B·w = 0.5 → 0, 1.5 → 2, 2.5 → 2', () => {
    expect(allocate([0.5, 0.5], 1, 0.2, 'paper')).toMatchObject({ widths: [0, 0], allocated: 0 });
    expect(allocate([0.5, 0.5], 3, 0.2, 'paper')).toMatchObject({ widths: [2, 2], allocated: 4 });
    expect(allocate([0.5, 0.5], 5, 0.2, 'paper')).toMatchObject({ widths: [2, 2], allocated: 4 });
  });
});

describe('roundHalfEven and softmaxWeights', () => {
  it('rounds like Python round()', () => {
    expect([0.5, 1.5, 2.5, 3.5, 4.5, 2.4999999999999996, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, 4, 4, 2, 3]);
  });

  it('keeps ratios when subtracting the max (no overflow at tiny T_b)', () => {
    const w = softmaxWeights([1, 0.99], 1e-4);
    expect(w.every(Number.isFinite)).toBe(true);
    expect(w[1] / w[0]).toBeCloseTo(Math.exp(-0.01 / 1e-4), 12);
    expect(sum(softmaxWeights([0.3, 0.2, 0.9], 0.2))).toBeCloseTo(1, 12);
  });
});

// Rewards from a small grid so that ties are frequent.
const rewardsArb = fc.array(fc.oneof(fc.constantFrom(0, 0.1, 0.25, 0.5, 0.9, 1), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 40 });
const tbArb = fc.constantFrom(0.01, 0.05, 0.1, 0.2, 0.5, 1, 3);

describe('allocate properties', () => {
  it('reference: widths sum to exactly B, never exceed B, and do not increase along reward order', () => {
    fc.assert(
      fc.property(rewardsArb, fc.integer({ min: 0, max: 300 }), tbArb, (rewards, budget, tb) => {
        const a = allocate(rewards, budget, tb, 'reference');
        expect(sum(a.widths)).toBe(budget);
        expect(a.allocated).toBe(budget);
        for (const w of a.widths) expect(Number.isInteger(w) && w >= 0 && w <= budget).toBe(true);
        for (let k = 1; k < a.order.length; k++) {
          expect(rewards[a.order[k]]).toBeLessThanOrEqual(rewards[a.order[k - 1]]);
          expect(a.widths[a.order[k]]).toBeLessThanOrEqual(a.widths[a.order[k - 1]]);
          if (rewards[a.order[k]] === rewards[a.order[k - 1]]) expect(a.order[k]).toBeGreaterThan(a.order[k - 1]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('paper: each width is round-half-even of B·w_j (within the tie guard), independently of the others', () => {
    fc.assert(
      fc.property(rewardsArb, fc.integer({ min: 0, max: 300 }), tbArb, (rewards, budget, tb) => {
        const a = allocate(rewards, budget, tb, 'paper');
        const w = softmaxWeights(rewards, tb);
        expect(a.widths).toEqual(w.map((x) => (budget === 0 ? 0 : roundHalfEven(budget * x))));
        expect(a.allocated).toBe(sum(a.widths));
        a.widths.forEach((x, j) => expect(Math.abs(x - budget * w[j])).toBeLessThanOrEqual(0.5 + ALLOCATION_EPSILON * Math.max(1, budget)));
      }),
      { numRuns: 300 },
    );
  });
});
