import { describe, expect, it } from 'vitest';
import { createRng } from '../search/rng';
import { runStrategy, specForBudget, type SweepStrategy } from '../search/strategies/index';
import { runSeed, runUnit, type SweepCell } from '../search/sweep';
import { SimBackend, simProblem } from '../sim/index';
import { explorerLinkFor, isSubsampled, pointProblems } from './scaling-drill';
import { problemIdsFor } from './scaling-setup';
import { DEFAULT_SETUP, type ScalingSetup } from './scaling-store';
import { checkSpec } from './spec-query';
import { decodeExplorerUrl } from './url-codec';

const SETUP: ScalingSetup = { ...DEFAULT_SETUP, models: ['sim-7B'], strategies: ['majority', 'beam', 'mcts', 'rebase'], budgets: [2, 4], levels: [2, 3], count: 4, seeds: [0, 5], prm: 'strong' };

async function sweepCells(setup: ScalingSetup): Promise<SweepCell[]> {
  const backend = new SimBackend({ policy: 'sim-7B', prm: setup.prm });
  const problems = problemIdsFor(setup).map(simProblem);
  const out: SweepCell[] = [];
  for (const seed of setup.seeds) out.push(...(await runUnit({ model: 'sim-7B', seed, strategies: setup.strategies, budgets: setup.budgets, problems, subsample: setup.subsample }, () => backend)));
  return out;
}

describe('drill-down', () => {
  it('lists a point\'s problems in the sweep\'s order with the outcome of every seed', async () => {
    const cells = await sweepCells(SETUP);
    const mine = cells.filter((c) => c.strategy === 'rebase' && c.budget === 4);
    const rows = pointProblems(mine, problemIdsFor(SETUP));
    expect(rows.map((r) => r.problemId)).toEqual(problemIdsFor(SETUP));
    for (const row of rows) {
      expect(row.outcomes.map((o) => o.seed)).toEqual([0, 5]);
      for (const o of row.outcomes) {
        const cell = mine.find((c) => c.problemId === row.problemId && c.seed === o.seed)!;
        expect(o).toMatchObject({ correct: cell.correct, answer: cell.answer });
      }
    }
  });

  it('links each run to the Explorer with the point\'s spec, seed, problem, model and PRM', () => {
    const link = explorerLinkFor({ ...SETUP }, { model: 'sim-7B', strategy: 'mcts', budget: 4 }, 'sim-L3-0001', 5);
    const { state, notices } = decodeExplorerUrl(link);
    expect(notices).toEqual([]);
    expect(state.params).toEqual({
      source: { kind: 'sim' }, model: 'sim-7B', prm: 'strong', problemId: 'sim-L3-0001', seed: 5,
      spec: checkSpec(specForBudget('mcts', 4)),
    });
    expect(state.t).toBeNull();
  });

  it('the Explorer\'s run of a linked cell gives the cell\'s answer (searches, and sampling without sub-sampling)', async () => {
    const setup: ScalingSetup = { ...SETUP, subsample: false };
    const cells = await sweepCells(setup);
    for (const strategy of ['majority', 'beam', 'rebase'] as SweepStrategy[]) {
      const cell = cells.find((c) => c.strategy === strategy && c.budget === 4 && c.seed === 5)!;
      const { state } = decodeExplorerUrl(explorerLinkFor(setup, { model: 'sim-7B', strategy, budget: 4 }, cell.problemId, cell.seed));
      const p = state.params;
      // What the Explorer's worker does with these parameters (workers/README.md, "Same tree as the CLI").
      const done = await runStrategy(simProblem(p.problemId), new SimBackend({ policy: 'sim-7B', prm: 'strong' }), p.spec, { rng: createRng(runSeed(p.seed, p.model, p.spec, p.problemId)) });
      expect({ strategy, answer: done.answer, correct: done.correct, flops: done.compute.flops }).toEqual({ strategy, answer: cell.answer, correct: cell.correct, flops: cell.flops });
    }
  });

  it('says which points came from a shared, sub-sampled pool', () => {
    expect(isSubsampled(SETUP, 'majority')).toBe(true);
    expect(isSubsampled(SETUP, 'rebase')).toBe(false);
    expect(isSubsampled({ subsample: false }, 'weighted-majority')).toBe(false);
  });
});
