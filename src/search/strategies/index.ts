/**
 * The strategy registry: run a spec on a problem with a backend, as a promise of its `done` event
 * (`runStrategy`, what sweeps use) or as the event stream (`streamStrategy`, design.md §3's
 * `run(problem, backend, params, rng)`, what the animation and traces use). One implementation
 * per strategy serves both.
 */
import type { Backend } from '../backend';
import type { DoneEvent, SearchEvent } from '../events';
import { Cancelled, SearchRun, type RunOptions } from '../run';
import { zeroCompute, type AbortSignalLike, type Problem } from '../types';
import { beam } from './beam';
import { mcts } from './mcts';
import { rebase } from './rebase';
import { greedy, sample } from './sampling';
import { parseSpec, type StrategySpec } from './spec';

export { beam, beamsKept, BEAM_DEFAULTS, type BeamParams } from './beam';
export { finishVote, type Strategy, type VoteParams } from './common';
export { defaultIterationCap, defaultRootChildren, mcts, MCTS_CHILDREN, MCTS_DEFAULTS, UNVISITED_UCT, type MctsParams } from './mcts';
export { rebase, rebasePresetOf, REBASE_DEFAULTS, REBASE_PRESETS, type RebaseParams, type RebasePreset } from './rebase';
export { greedy, GREEDY_DEFAULTS, sample, SAMPLE_DEFAULTS, type GreedyParams, type SampleParams } from './sampling';
export { defaultSpec, describeSpec, parseSpec, SpecError, STRATEGY_NAMES, type ParamsOf, type StrategyName, type StrategySpec } from './spec';
export { isSweepStrategy, MCTS_NODES_PER_BUDGET, specForBudget, SWEEP_BEAM_WIDTH, SWEEP_STRATEGIES, SWEEP_STRATEGY_LABELS, sweepSlotOf, type SweepSlot, type SweepStrategy } from './sweep';

function dispatch(spec: StrategySpec, problem: Problem, backend: Backend, run: SearchRun): Promise<DoneEvent> {
  switch (spec.name) {
    case 'greedy':
      return greedy(problem, backend, spec.params, run);
    case 'sample':
      return sample(problem, backend, spec.params, run);
    case 'beam':
      return beam(problem, backend, spec.params, run);
    case 'mcts':
      return mcts(problem, backend, spec.params, run);
    case 'rebase':
      return rebase(problem, backend, spec.params, run);
  }
}

function reasonOf(err: unknown, signal: AbortSignalLike | undefined): string {
  if (err instanceof Cancelled || signal?.aborted) return 'cancelled';
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/**
 * Run a strategy to its end. The spec is validated first (an invalid one rejects with a
 * `SpecError`). Cancellation (`opts.signal`) and any failure of the backend end the run with
 * `done.incomplete = { reason }` ('cancelled', or the error's message) instead of throwing; every
 * node generated until then has already been announced, and `done.nodes`/`compute` count it.
 */
export async function runStrategy(problem: Problem, backend: Backend, spec: StrategySpec, opts: RunOptions): Promise<DoneEvent> {
  const checked = parseSpec(spec);
  let run: SearchRun;
  try {
    run = new SearchRun(problem, backend, opts);
  } catch (err) {
    const done: DoneEvent = {
      type: 'done', answer: null, correct: false, solutions: 0, nodes: 0, compute: zeroCompute(),
      incomplete: { reason: reasonOf(err, opts.signal) },
    };
    opts.emit?.(done);
    return done;
  }
  try {
    return await dispatch(checked, problem, backend, run);
  } catch (err) {
    let solutions = 0;
    for (const n of run.nodes) if (n.terminal) solutions++;
    const coverage = run.shortfall()?.coverage;
    return run.done(null, solutions, { reason: reasonOf(err, opts.signal), ...(coverage !== undefined ? { coverage } : {}) });
  }
}

/**
 * The run as an event stream; the last event is `done`. Events are queued as the run produces
 * them and handed out in order. Stopping the iteration early (`break`, `return()`) cancels the
 * run. An invalid spec makes the first `next()` reject with a `SpecError`.
 */
export async function* streamStrategy(
  problem: Problem,
  backend: Backend,
  spec: StrategySpec,
  opts: Omit<RunOptions, 'emit'>,
): AsyncGenerator<SearchEvent, void, undefined> {
  let queue: SearchEvent[] = [];
  let head = 0;
  let wake: (() => void) | null = null;
  let settled = false;
  let stopped = false;
  const outer = opts.signal;
  const signal: AbortSignalLike = { get aborted() { return stopped || (outer?.aborted ?? false); } };
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const running = runStrategy(problem, backend, spec, { ...opts, signal, emit: (e) => { queue.push(e); notify(); } })
    .finally(() => { settled = true; notify(); });
  running.catch(() => undefined);
  try {
    for (;;) {
      while (head < queue.length) {
        const e = queue[head++];
        if (head >= 4096 && head * 2 >= queue.length) {
          queue = queue.slice(head);
          head = 0;
        }
        yield e;
      }
      if (settled) break;
      await new Promise<void>((resolve) => { wake = resolve; });
    }
    await running;
  } finally {
    stopped = true;
    await running.catch(() => undefined);
  }
}
