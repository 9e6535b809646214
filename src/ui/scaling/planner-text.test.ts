import { describe, expect, it } from 'vitest';
import { planBudget } from '../../search/planner';
import type { SweepStrategy } from '../../search/strategies/index';
import type { SweepPoint } from '../../search/sweep-summary';
import { budgetText, choiceText, flopsWithUnit, savingText } from './planner-text';

const pt = (model: string, strategy: SweepStrategy, budget: number, accuracy: number, flops: number): SweepPoint => ({
  model, strategy, budget, accuracy, lo: accuracy - 0.06, hi: accuracy + 0.07, flops, tokens: 1, solutions: budget, problems: 200, seeds: 1, incomplete: 0,
});

describe('planner text', () => {
  it('names FLOPs with SI units', () => {
    expect(flopsWithUnit(6.51e13)).toBe('65.1 TFLOPs');
    expect(flopsWithUnit(1e14)).toBe('100 TFLOPs');
    expect(flopsWithUnit(7.43e14)).toBe('743 TFLOPs');
    expect(flopsWithUnit(1.2e15)).toBe('1.2 PFLOPs');
    expect(flopsWithUnit(3.2e11)).toBe('320 GFLOPs');
    expect(budgetText(1e14)).toBe('100 TFLOPs (1.00e14) per question');
  });

  it('gives a choice with its accuracy ± half the interval and the interval itself', () => {
    const plan = planBudget({ points: [pt('sim-7B', 'rebase', 16, 0.47, 8e13)] }, 1e14);
    expect(choiceText(plan.best!)).toBe('REBASE · sim-7B, n = 16: 47.0% ± 6.5 (95%: 41.0–54.0) at 80 TFLOPs');
  });

  it('says how many times less compute than the cheapest sampling strategy', () => {
    const points = [pt('sim-7B', 'rebase', 4, 0.42, 2e13), pt('sim-7B', 'majority', 4, 0.36, 1.6e13), pt('sim-7B', 'majority', 16, 0.42, 8e13)];
    const s = savingText(planBudget({ points }, 3e13));
    expect(s.ratio).toBe('4.0× less compute');
    expect(s.text).toBe(' than the cheapest sampling strategy at equal accuracy: Majority vote · sim-7B needs 80 TFLOPs to reach 42.0%.');
    expect(savingText(planBudget({ points: points.slice(0, 2) }, 3e13)).text).toMatch(/^No sampling strategy .* reaches 42\.0%/);
    expect(savingText(planBudget({ points: points.slice(1) }, 1e14)).text).toBe('The best is itself the cheapest sampling strategy: no saving.');
  });
});
