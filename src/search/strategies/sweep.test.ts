import { describe, expect, it } from 'vitest';
import { defaultSpec } from './spec';
import { specForBudget, SWEEP_STRATEGIES, sweepSlotOf } from './sweep';

describe('sweepSlotOf', () => {
  it('inverts specForBudget for every sweep strategy and budget', () => {
    for (const s of SWEEP_STRATEGIES) {
      for (const b of [1, 2, 16, 64]) {
        const slot = sweepSlotOf(specForBudget(s, b));
        expect(slot).toEqual({ strategy: s, budget: s === 'greedy' ? 1 : b, exact: true });
      }
    }
  });

  it('names the slot of a hand-made spec but says it is not the sweep’s own', () => {
    const rebase = specForBudget('rebase', 16);
    const paper = { ...rebase, params: { ...rebase.params, preset: 'paper' as const } };
    expect(sweepSlotOf(paper as typeof rebase)).toEqual({ strategy: 'rebase', budget: 16, exact: false });
    const mcts = defaultSpec('mcts');
    const slot = sweepSlotOf(mcts);
    expect(slot.strategy).toBe('mcts');
    expect(slot.budget).toBe(Math.ceil(mcts.params.budget / 8));
  });
});
