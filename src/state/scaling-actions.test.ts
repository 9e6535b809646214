import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conventionFromId } from '../search/compute';
import { runUnit, type SweepCell } from '../search/sweep';
import { summarize } from '../search/sweep-summary';
import { SIM_MODELS, SIM_PRM, SimBackend, simProblem, type SimModelId } from '../sim/index';
import type { MvLimitRequest, SweepHandlers, SweepRequest } from '../workers/sweep-protocol';
import { scaling } from './scaling-actions';
import { disposeSweep, frontierOf, sweepCells } from './scaling-runner';
import { initialScalingState, useScaling } from './scaling-store';

/** A stand-in for the sweep pool: records what was started and lets the test stream cells. */
const fake = vi.hoisted(() => {
  const starts: { req: SweepRequest; handlers: SweepHandlers; cancel: ReturnType<typeof vi.fn> }[] = [];
  const limitCalls: MvLimitRequest[] = [];
  const pool = {
    size: 2,
    start(req: SweepRequest, handlers: SweepHandlers) {
      const cancel = vi.fn();
      starts.push({ req, handlers, cancel });
      return { cancel };
    },
    async mvLimits(req: MvLimitRequest) {
      limitCalls.push(req);
      return req.models.map((model) => ({ model, majority: 0.5, weighted: 0.55, method: 'exact' as const, samples: req.samples, problems: req.problemIds.length }));
    },
    dispose() {},
  };
  return { starts, limitCalls, pool };
});
vi.mock('../workers/sweep-pool', () => ({ getSweepPool: () => fake.pool, SweepPool: class {} }));

const LINK = '?view=scaling&models=sim-7B&strategies=greedy,majority,weighted-majority,rebase&budgets=1,2&levels=1,2&count=3&seeds=0,1';
const state = () => useScaling.getState();
const frame = () => vi.advanceTimersByTime(20);
const params = (m: string) => SIM_MODELS.find((x) => x.id === m)!.params;

/** The real cells of a request, computed on the sim the way a sweep worker does. */
async function cellsOf(req: SweepRequest): Promise<SweepCell[]> {
  const out: SweepCell[] = [];
  for (const model of req.models) {
    const backend = new SimBackend({ policy: model as SimModelId, prm: 'default' });
    for (const seed of req.seeds) {
      out.push(...(await runUnit({ model, seed, strategies: req.strategies, budgets: req.budgets, problems: req.problemIds.map(simProblem), subsample: req.subsample }, () => backend)));
    }
  }
  return out;
}
const summaryOf = (cells: SweepCell[], conv = 'paper') => summarize(cells, { convention: conventionFromId(conv), policyParams: params, prmParams: SIM_PRM.params });

beforeEach(() => {
  vi.useFakeTimers();
  disposeSweep();
  useScaling.setState(initialScalingState, true);
  fake.starts.length = 0;
  fake.limitCalls.length = 0;
});
afterEach(() => {
  disposeSweep();
  vi.useRealTimers();
});

describe('the sweep runner', () => {
  it('starts the sweep a link describes at once, with its problems spread over the levels', () => {
    scaling.init(LINK);
    expect(fake.starts).toHaveLength(1);
    expect(fake.starts[0].req).toEqual({
      source: { kind: 'sim', prm: 'default' }, models: ['sim-7B'], strategies: ['greedy', 'majority', 'weighted-majority', 'rebase'],
      budgets: [1, 2], problemIds: ['sim-L1-0000', 'sim-L2-0000', 'sim-L1-0001'], seeds: [0, 1], subsample: true,
    });
    expect(state()).toMatchObject({ status: 'running', problemCount: 3, notices: [] });
  });

  it('a setup change cancels the old sweep at once, restarts once after the debounce, and ignores the old sweep\'s late cells', async () => {
    scaling.init(LINK);
    const old = fake.starts[0];
    const late = await cellsOf(old.req);
    scaling.setSetup({ budgets: [1, 2, 4] });
    expect(old.cancel).toHaveBeenCalledTimes(1);
    expect(state().status).toBe('waiting');
    vi.advanceTimersByTime(200);
    scaling.setSetup({ budgets: [1, 2, 4, 8] }); // a second click within the debounce
    vi.advanceTimersByTime(299);
    expect(fake.starts).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fake.starts).toHaveLength(2);
    expect(fake.starts[1].req.budgets).toEqual([1, 2, 4, 8]);

    old.handlers.onCells(late);
    old.handlers.onProgress({ done: 6, total: 6, cells: late.length, elapsedMs: 10, etaMs: 0 });
    old.handlers.onDone('done');
    frame();
    expect(state()).toMatchObject({ status: 'running', points: [], cellCount: 0, progress: { done: 0 } });
    expect(sweepCells()).toHaveLength(0);

    const fresh = await cellsOf(fake.starts[1].req);
    fake.starts[1].handlers.onCells(fresh);
    frame();
    expect(state().points).toEqual(summaryOf(fresh));
  });

  it('computes points and frontier from streamed cells, once per frame, equal to summarize of all cells', async () => {
    scaling.init(LINK);
    const run = fake.starts[0];
    const cells = await cellsOf(run.req);
    const thirds = [cells.slice(0, 7), cells.slice(7, 20), cells.slice(20)];
    const rev = state().revision;
    run.handlers.onCells(thirds[0]);
    run.handlers.onCells(thirds[1]);
    run.handlers.onProgress({ done: 2, total: 4, cells: 20, elapsedMs: 50, etaMs: 50 });
    expect(state().revision).toBe(rev); // nothing before the frame
    frame();
    expect(state().revision).toBe(rev + 1); // two batches, one update
    expect(state().points).toEqual(summaryOf(cells.slice(0, 20)));
    expect(state().progress).toMatchObject({ done: 2, total: 4, etaMs: 50 });
    run.handlers.onCells(thirds[2]);
    run.handlers.onDone('done');
    expect(state().status).toBe('done');
    const expected = summaryOf(cells);
    expect(state().points).toEqual(expected);
    expect(state().frontier).toEqual(frontierOf(expected));
    expect(state().frontier.length).toBeGreaterThan(0);
    expect(state().cellCount).toBe(cells.length);
  });

  it('switching the convention re-plots at once from the cells, without restarting the sweep', async () => {
    scaling.init(LINK);
    const cells = await cellsOf(fake.starts[0].req);
    fake.starts[0].handlers.onCells(cells);
    fake.starts[0].handlers.onDone('done');
    const before = state().points;
    scaling.setConvention('prefill+prm');
    expect(fake.starts).toHaveLength(1);
    expect(fake.starts[0].cancel).not.toHaveBeenCalled();
    expect(state().points).toEqual(summaryOf(cells, 'prefill+prm'));
    const rebase = (ps: typeof before) => ps.find((p) => p.strategy === 'rebase' && p.budget === 2)!;
    expect(rebase(state().points).flops).toBeGreaterThan(rebase(before).flops);
    expect(state().status).toBe('done');
  });

  it('asks for the majority-voting limit of each model once the sweep is done, and caches it', async () => {
    // Five problems: no earlier test finished a sweep of these, so nothing is cached yet.
    scaling.init(LINK.replace('models=sim-7B', 'models=sim-1.4B,sim-7B').replace('count=3', 'count=5'));
    fake.starts[0].handlers.onDone('done');
    expect(state().limitsPhase).toBe('pending');
    await vi.waitFor(() => expect(state().limitsPhase).toBe('ready'));
    expect(fake.limitCalls.map((r) => r.models)).toEqual([['sim-1.4B'], ['sim-7B']]);
    expect(fake.limitCalls[0]).toMatchObject({ samples: 128, problemIds: fake.starts[0].req.problemIds });
    expect(state().limits.map((l) => l.model)).toEqual(['sim-1.4B', 'sim-7B']);
    scaling.rerun();
    fake.starts[1].handlers.onDone('done');
    expect(state()).toMatchObject({ limitsPhase: 'ready', limits: [{ model: 'sim-1.4B' }, { model: 'sim-7B' }] });
    expect(fake.limitCalls).toHaveLength(2);
  });

  it('cancel keeps the finished points and drops everything that arrives later', async () => {
    scaling.init(LINK);
    const run = fake.starts[0];
    const cells = await cellsOf(run.req);
    run.handlers.onCells(cells.slice(0, 10));
    scaling.cancel();
    expect(run.cancel).toHaveBeenCalled();
    expect(state().status).toBe('cancelled');
    expect(state().points).toEqual(summaryOf(cells.slice(0, 10)));
    run.handlers.onCells(cells.slice(10));
    run.handlers.onDone('cancelled');
    frame();
    expect(state().points).toEqual(summaryOf(cells.slice(0, 10)));
    expect(fake.limitCalls).toHaveLength(0);
  });

  it('rejects an invalid setup change, says why, and keeps the sweep running', () => {
    scaling.init(LINK);
    expect(scaling.setSetup({ strategies: [] })).toBe(false);
    expect(state().notices).toEqual(['Not applied: choose at least one strategy (greedy, majority, best-of-n, weighted-majority, beam, mcts, rebase)']);
    expect(fake.starts[0].cancel).not.toHaveBeenCalled();
    expect(state().status).toBe('running');
  });

  it('applies a preset, and coming back to a finished sweep keeps its results', () => {
    scaling.init(LINK);
    scaling.applyPreset('quick');
    vi.advanceTimersByTime(300);
    expect(fake.starts[1].req).toMatchObject({ models: ['sim-7B'], budgets: [1, 2, 4, 8, 16] });
    expect(fake.starts[1].req.problemIds).toHaveLength(50);
    fake.starts[1].handlers.onDone('done');
    scaling.leave();
    scaling.init('?view=scaling&preset=quick&conv=prm');
    expect(fake.starts).toHaveLength(2);
    expect(state()).toMatchObject({ status: 'done', convention: 'prm' });
  });
});
