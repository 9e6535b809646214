import { describe, expect, it } from 'vitest';
import { dollarsPerQuestion, parsePrices, priceAxis } from './cost-axes';
import { planBudget } from './planner';
import type { SweepPoint } from './sweep-summary';

const pt = (model: string, strategy: SweepPoint['strategy'], budget: number, accuracy: number, flops: number, tokens: number): SweepPoint => ({
  model, strategy, budget, accuracy, lo: accuracy - 0.05, hi: accuracy + 0.05, flops, tokens, solutions: budget, problems: 100, seeds: 1, incomplete: 0,
});

describe('the dollar axis', () => {
  it('is generated tokens × the model’s price per million tokens', () => {
    expect(dollarsPerQuestion({ model: 'sim-7B', tokens: 4650 }, { 'sim-7B': 0.2 })).toBeCloseTo(0.00093, 12);
    expect(dollarsPerQuestion({ model: 'sim-34B', tokens: 4650 }, { 'sim-7B': 0.2 })).toBeNaN();
  });

  it('can reorder the plan against FLOPs: a cheap-per-token large model wins on price', () => {
    // FLOPs: the 7B's REBASE fits 1e14 and the 34B's vote does not; on price the 34B is cheaper per token.
    const points = [pt('sim-7B', 'rebase', 16, 0.45, 8e13, 6000), pt('sim-34B', 'weighted-majority', 4, 0.47, 1.2e14, 1800)];
    expect(planBudget({ points }, 1e14).best?.model).toBe('sim-7B');
    const priced = priceAxis(points, { 'sim-7B': 0.2, 'sim-34B': 0.6 });
    expect(priced.map((p) => p.flops)).toEqual([0.0012, 0.00108]);
    expect(planBudget({ points: priced }, 0.0011).best).toMatchObject({ model: 'sim-34B', cost: 0.00108 });
    // Unpriced models drop out rather than costing nothing.
    expect(planBudget({ points: priceAxis(points, { 'sim-7B': 0.2 }) }, 1).best?.model).toBe('sim-7B');
  });

  it('parses model=price lists and names a bad item', () => {
    expect(parsePrices('sim-7B=0.2, sim-34B=0.9')).toEqual({ 'sim-7B': 0.2, 'sim-34B': 0.9 });
    expect(() => parsePrices('sim-7B=cheap')).toThrow('"sim-7B=cheap" is not model=price');
    expect(() => parsePrices('sim-7B')).toThrow('"sim-7B" is not model=price');
    expect(() => parsePrices('sim-7B=-1')).toThrow('"sim-7B=-1"');
  });
});
