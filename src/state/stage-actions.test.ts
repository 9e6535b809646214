/**
 * The Stage's actions with the panes on in-thread fake bridges (the real SearchService) and a fake
 * sweep pool: what starts when, what a chart click loads, what the budget and pickers change.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SweepCell } from '../search/sweep';
import { specForBudget, type SweepStrategy } from '../search/strategies/index';
import type { PointKey } from './scaling-store';
import type * as ScalingRunner from './scaling-runner';

const pool = vi.hoisted(() => ({
  starts: [] as { models: string[]; budgets: number[] }[],
  duty: [] as number[],
}));
vi.mock('../workers/sweep-pool', () => ({
  getSweepPool: () => ({
    start: (req: { models: string[]; budgets: number[] }) => {
      pool.starts.push({ models: req.models, budgets: req.budgets });
      return { cancel() {} };
    },
    prewarm() {},
    setDuty: (d: number) => pool.duty.push(d),
    mvLimits: () => Promise.resolve([]),
  }),
}));
const sweepCells = vi.hoisted(() => new Map<string, SweepCell[]>());
vi.mock('./scaling-runner', async (original) => ({
  ...(await original<typeof ScalingRunner>()),
  cellsOf: (k: PointKey) => sweepCells.get(`${k.model}|${k.strategy}|${k.budget}`) ?? [],
}));

const { setCompareBridgeFactory, comparePlaybacks, compare } = await import('./compare-actions');
const { useCompare } = await import('./compare-store');
const { FakeBridge } = await import('./testing/fake-bridge');
const { stage, stageSweepSetup, STAGE_SWEEP_DUTY } = await import('./stage-actions');
const { useStage } = await import('./stage-store');

const cell = (model: string, strategy: SweepStrategy, budget: number, problemId: string, correct: boolean): SweepCell => ({
  model, strategy, budget, problemId, seed: 0, answer: correct ? 'a' : 'b', correct, flops: 1, policyTokens: 1, promptTokens: 0, prmTokens: 0, solutions: 1,
});

const settled = () => useCompare.getState().panes.every((p) => p.status !== 'running' && p.status !== 'idle');

beforeEach(() => {
  setCompareBridgeFactory(() => new FakeBridge());
  pool.starts.length = 0;
  pool.duty.length = 0;
  sweepCells.clear();
});
afterEach(() => stage.dispose());

describe('the Stage', () => {
  it('starts REBASE and MCTS first, then the chart’s sweep at a background pace, covering the panes’ model', async () => {
    stage.init('');
    expect(useCompare.getState().panes.map((p) => p.spec)).toEqual([specForBudget('rebase', 16), specForBudget('mcts', 16)]);
    expect(pool.duty.at(-1)).toBe(STAGE_SWEEP_DUTY);
    expect(pool.starts).toEqual([]);
    await vi.waitFor(() => expect(pool.starts).toHaveLength(1));
    expect(useCompare.getState().panes.every((p) => p.eventCount > 0)).toBe(true);
    expect(pool.starts[0].models).toEqual(['sim-7B', 'sim-34B']);
    stage.dispose();
    expect(pool.duty.at(-1)).toBe(1);
  });

  it('takes over the runs started before the view mounted (a fresh open), starting nothing twice', async () => {
    const bridges: InstanceType<typeof FakeBridge>[] = [];
    setCompareBridgeFactory(() => {
      const b = new FakeBridge();
      bridges.push(b);
      return b;
    });
    stage.preload('?view=stage&budget=8');
    expect(bridges.map((b) => b.runs.length)).toEqual([1, 1]);
    stage.init('?view=stage&budget=8');
    expect(bridges.map((b) => b.runs.length)).toEqual([1, 1]);
    expect(useCompare.getState().panes.map((p) => p.spec)).toEqual([specForBudget('rebase', 8), specForBudget('mcts', 8)]);
    await vi.waitFor(() => expect(pool.starts).toHaveLength(1));
    // Another query (a link opened later) starts its own runs.
    stage.preload('?view=stage&budget=8');
    stage.init('?view=stage&budget=4');
    expect(useCompare.getState().panes.map((p) => p.spec)).toEqual([specForBudget('rebase', 4), specForBudget('mcts', 4)]);
  });

  it('plays from the first compute any pane spends, so trees appear on the first frame', async () => {
    stage.init('');
    await vi.waitFor(() => expect(settled()).toBe(true));
    compare.tick(16);
    const s = useCompare.getState();
    expect(s.playhead).toBeGreaterThan(0);
    expect(comparePlaybacks().some((pb) => pb.nodes.some(Boolean))).toBe(true);
  });

  it('a chart point loads a problem the two strategies disagreed on, with its model and budget; a second click another', async () => {
    stage.init('');
    await vi.waitFor(() => expect(settled()).toBe(true));
    for (const [id, r, m] of [['sim-L2-0001', true, true], ['sim-L2-0002', true, false], ['sim-L4-0003', false, true]] as const) {
      for (const [s, ok] of [['rebase', r], ['mcts', m]] as const) {
        const list = sweepCells.get(`sim-7B|${s}|8`) ?? [];
        list.push(cell('sim-7B', s, 8, id, ok));
        sweepCells.set(`sim-7B|${s}|8`, list);
      }
    }
    expect(stage.openPoint({ model: 'sim-7B', strategy: 'rebase', budget: 8 })).toBe(true);
    let c = useCompare.getState();
    expect(c.setup).toMatchObject({ problemId: 'sim-L2-0002', model: 'sim-7B' });
    expect(c.panes.map((p) => p.spec)).toEqual([specForBudget('rebase', 8), specForBudget('mcts', 8)]);
    expect(useStage.getState().budget).toBe(8);
    expect(useStage.getState().pick?.reason).toMatch(/REBASE ✓ and MCTS ✗ on it \(2 such problems\)$/);
    stage.openPoint({ model: 'sim-7B', strategy: 'rebase', budget: 8 });
    c = useCompare.getState();
    expect(c.setup.problemId).toBe('sim-L4-0003');
    // A point without cells yet loads nothing.
    expect(stage.openPoint({ model: 'sim-7B', strategy: 'beam', budget: 2 })).toBe(false);
    expect(useCompare.getState().setup.problemId).toBe('sim-L4-0003');
  });

  it('the budget respecs both panes; a pane picker changes one strategy at that budget', () => {
    stage.init('?view=stage&budget=4');
    stage.setBudget(32);
    expect(useCompare.getState().panes.map((p) => p.spec)).toEqual([specForBudget('rebase', 32), specForBudget('mcts', 32)]);
    stage.setPaneStrategy(1, 'weighted-majority');
    expect(useCompare.getState().panes[1].spec).toEqual(specForBudget('weighted-majority', 32));
    stage.setBudget(7);
    expect(useStage.getState().budget).toBe(32);
  });

  it('sweeps the preset with the panes’ model and budget added when it lacks them', () => {
    expect(stageSweepSetup('quick', 'sim-34B', 64)).toMatchObject({ models: ['sim-7B', 'sim-34B'], budgets: [1, 2, 4, 8, 16, 64] });
    expect(stageSweepSetup('default', 'sim-7B', 16)).toMatchObject({ models: ['sim-7B', 'sim-34B'], budgets: [1, 2, 4, 8, 16, 32] });
    // A link to the hypothetical sim-1.4B still charts it, beside the preset's models.
    expect(stageSweepSetup('default', 'sim-1.4B', 16)).toMatchObject({ models: ['sim-1.4B', 'sim-7B', 'sim-34B'] });
  });

  it('maximises each part in turn and restores', () => {
    stage.init('');
    const seen = [];
    for (let i = 0; i < 4; i++) {
      stage.cycleMax();
      seen.push(useStage.getState().max);
    }
    expect(seen).toEqual(['left', 'right', 'chart', null]);
    stage.setMax('chart');
    stage.setMax('chart');
    expect(useStage.getState().max).toBeNull();
  });
});
