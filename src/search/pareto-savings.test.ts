import { describe, expect, it } from 'vitest';
import { paretoFrontier } from './pareto';
import { bestWithin, computeSavings, crossingFlops, curvesOf } from './pareto-savings';
import type { SweepStrategy } from './strategies/index';
import type { SweepPoint } from './sweep-summary';

const pt = (model: string, strategy: SweepStrategy, budget: number, flops: number, accuracy: number): SweepPoint => ({
  model, strategy, budget, flops, accuracy, lo: accuracy - 0.05, hi: accuracy + 0.05,
  tokens: flops / 1e10, solutions: budget, problems: 100, seeds: 1, incomplete: 0,
});

// Sampling with majority voting: 30 % at 1e12, 40 % at 1e13, 44 % at 1e14 (saturating).
const majority = [pt('m7', 'majority', 1, 1e12, 0.3), pt('m7', 'majority', 10, 1e13, 0.4), pt('m7', 'majority', 100, 1e14, 0.44)];
// REBASE: 32 % at 1e12, 52 % at 1e13.
const rebase = [pt('m7', 'rebase', 1, 1e12, 0.32), pt('m7', 'rebase', 10, 1e13, 0.52)];
// A larger model's greedy point: 43 % at 5e13.
const greedy = [pt('m34', 'greedy', 1, 5e13, 0.43)];
const all = [...majority, ...rebase, ...greedy];
const frontierOf = (points: SweepPoint[]) => paretoFrontier(points.map((p) => ({ ...p, x: p.flops, y: p.accuracy })));

describe('crossingFlops', () => {
  it('interpolates on log-FLOPs between the points around the target', () => {
    // 42 % is halfway from 40 % (1e13) to 44 % (1e14): 10^13.5.
    expect(crossingFlops(majority, 0.42)).toBeCloseTo(10 ** 13.5, -8);
    // 34 % is 40 % of the way from 30 % to 40 %: 10^12.4.
    expect(crossingFlops(majority, 0.34)).toBeCloseTo(10 ** 12.4, -6);
  });

  it('returns the first point when it already reaches the target, null when none does', () => {
    expect(crossingFlops(majority, 0.25)).toBe(1e12);
    expect(crossingFlops(majority, 0.4)).toBe(1e13);
    expect(crossingFlops(majority, 0.45)).toBeNull();
    expect(crossingFlops([], 0.1)).toBeNull();
  });
});

describe('computeSavings', () => {
  it('REBASE reaches 42 % with 10× fewer FLOPs than the best sampling curve', () => {
    const s = computeSavings(all, frontierOf(all), 0.42)!;
    // REBASE: halfway from 32 % to 52 % in 0.5 decade → 10^12.5; majority: 10^13.5.
    expect(s.frontier.strategy).toBe('rebase');
    expect(s.frontier.flops).toBeCloseTo(10 ** 12.5, -6);
    expect(s.baseline).toMatchObject({ model: 'm7', strategy: 'majority' });
    expect(s.baseline!.flops).toBeCloseTo(10 ** 13.5, -8);
    expect(s.ratio).toBeCloseTo(10, 10);
  });

  it('has a ratio of 1 where the sampling curve is itself the cheapest', () => {
    const s = computeSavings(all, frontierOf(all), 0.3)!;
    expect(s.frontier.flops).toBe(1e12);
    expect(s.ratio).toBe(1);
  });

  it('picks the best sampling curve among several models and aggregations', () => {
    const wm = [pt('m34', 'weighted-majority', 1, 4e12, 0.38), pt('m34', 'weighted-majority', 4, 4e13, 0.46)];
    const points = [...all, ...wm];
    const s = computeSavings(points, frontierOf(points), 0.42)!;
    // Halfway from 38 % to 46 %: 4e12 · 10^0.5 ≈ 1.265e13, cheaper than majority's 3.16e13.
    expect(s.baseline).toMatchObject({ model: 'm34', strategy: 'weighted-majority' });
    expect(s.baseline!.flops).toBeCloseTo(4e12 * 10 ** 0.5, -6);
    // REBASE still needs 10^12.5: (4e12 · 10^0.5) / 10^12.5 = 4.
    expect(s.ratio).toBeCloseTo(4, 10);
  });

  it('gives no ratio when no sampling curve reaches the target, and null when nothing does', () => {
    const s = computeSavings(all, frontierOf(all), 0.5)!;
    // REBASE: 90 % of the way from 32 % to 52 % → 10^12.9.
    expect(s.frontier.flops).toBeCloseTo(10 ** 12.9, -6);
    expect(s.baseline).toBeNull();
    expect(s.ratio).toBeNull();
    expect(computeSavings(all, frontierOf(all), 0.6)).toBeNull();
    expect(computeSavings([], [], 0.3)).toBeNull();
  });

  it('counts a frontier point missing from the curves (the step caps the frontier’s cost)', () => {
    const extra = pt('big', 'beam', 4, 2e12, 0.45);
    const s = computeSavings(all, [extra], 0.42)!;
    expect(s.frontier).toEqual({ model: 'big', strategy: 'beam', flops: 2e12 });
    expect(s.ratio).toBeCloseTo(10 ** 13.5 / 2e12, 6);
  });
});

describe('bestWithin and curvesOf', () => {
  it('finds the most accurate point within a budget', () => {
    expect(bestWithin(all, 5e11)).toBeNull();
    expect(bestWithin(all, 1e12)).toMatchObject({ strategy: 'rebase', accuracy: 0.32 });
    expect(bestWithin(all, 9e12)).toMatchObject({ strategy: 'rebase', accuracy: 0.32 });
    expect(bestWithin(all, 1e13)).toMatchObject({ strategy: 'rebase', accuracy: 0.52 });
  });

  it('groups by model × strategy, sorted by FLOPs, skipping unusable points', () => {
    const curves = curvesOf([majority[2], majority[0], pt('m7', 'majority', 2, NaN, 0.3), ...rebase]);
    expect([...curves.keys()]).toEqual(['m7\u0000majority', 'm7\u0000rebase']);
    expect(curves.get('m7\u0000majority')!.map((p) => p.budget)).toEqual([1, 100]);
  });
});
