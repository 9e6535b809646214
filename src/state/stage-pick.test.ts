import { describe, expect, it } from 'vitest';
import type { SweepCell } from '../search/sweep';
import type { SweepStrategy } from '../search/strategies/index';
import { pickProblem, type PickInput } from './stage-pick';

const cell = (strategy: SweepStrategy, problemId: string, correct: boolean, seed = 0): SweepCell => ({
  model: 'sim-7B', strategy, budget: 16, problemId, seed, answer: correct ? '1' : '2', correct,
  flops: 1, policyTokens: 1, promptTokens: 0, prmTokens: 0, solutions: 1,
});

// REBASE and MCTS on four problems: they disagree on p2 and p4.
const rebase = [cell('rebase', 'p1', true), cell('rebase', 'p2', true), cell('rebase', 'p3', false), cell('rebase', 'p4', false)];
const mcts = [cell('mcts', 'p1', true), cell('mcts', 'p2', false), cell('mcts', 'p3', false), cell('mcts', 'p4', true)];

const input = (over: Partial<PickInput> = {}): PickInput => ({
  point: { model: 'sim-7B', strategy: 'rebase', budget: 16 }, pointCells: rebase, paneCells: [rebase, mcts],
  paneLabels: ['REBASE', 'MCTS'], pointLabel: 'REBASE', order: ['p1', 'p2', 'p3', 'p4'], seed: 0, current: 'p0', turn: 0, ...over,
});

describe('pickProblem', () => {
  it('loads a problem on which the two panes’ strategies disagreed, and says so', () => {
    expect(pickProblem(input())).toEqual({
      problemId: 'p2', reason: '2 of 4 problems behind sim-7B · REBASE · n=16; in the sweep REBASE ✓ and MCTS ✗ on it (2 such problems)',
    });
  });

  it('walks through them on further clicks and skips the problem on screen', () => {
    expect(pickProblem(input({ turn: 1 }))!.problemId).toBe('p4');
    expect(pickProblem(input({ turn: 2 }))!.problemId).toBe('p2');
    expect(pickProblem(input({ current: 'p2' }))!.problemId).toBe('p4');
    expect(pickProblem(input({ current: 'p2', turn: 1 }))!.problemId).toBe('p4');
  });

  it('falls back to any of the point’s problems when the panes agree everywhere', () => {
    const pick = pickProblem(input({ paneCells: [rebase, rebase] }))!;
    expect(pick.problemId).toBe('p1');
    expect(pick.reason).toBe('1 of 4 problems behind sim-7B · REBASE · n=16');
  });

  it('reads the panes’ seed, or the lowest seed the sweep ran', () => {
    const twoSeeds = [...rebase, cell('rebase', 'p1', false, 1)];
    expect(pickProblem(input({ pointCells: twoSeeds, seed: 1, paneCells: [] }))!.problemId).toBe('p1');
    expect(pickProblem(input({ seed: 5 }))!.problemId).toBe('p2');
  });

  it('says nothing can be loaded before the point has cells', () => {
    expect(pickProblem(input({ pointCells: [] }))).toBeNull();
  });
});
