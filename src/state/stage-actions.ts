/**
 * The Stage's actions. The Stage composes two views' machinery instead of copying it: its two
 * tree panes are the Compare view's panes (compare-actions.ts: a worker per pane, one compute
 * clock), and its chart is the Scaling view's sweep (scaling-actions.ts: the worker pool, the
 * cells, the points). What it adds is the link between them — a shared budget, the chart point
 * that loads a problem into both panes, the layout — and its URL (stage-url.ts).
 *
 * The trees start first; the sweep starts once both panes have their first events (or after
 * {@link SWEEP_DELAY_MS} at the latest), so on a small machine the panes' workers are not queued
 * behind the pool's and the first tree frame comes first.
 */
import { specForBudget, SWEEP_STRATEGY_LABELS, sweepSlotOf, type SweepStrategy } from '../search/strategies/index';
import type { SweepPoint } from '../search/sweep-summary';
import { compare } from './compare-actions';
import { compareUrlStateOf, useCompare } from './compare-store';
import { scaling } from './scaling-actions';
import { presetById } from './scaling-presets';
import { cellsOf } from './scaling-runner';
import { BUDGETS, CONVENTION_IDS, useScaling, type ConventionId, type ScalingSetup } from './scaling-store';
import { encodeScalingUrl } from './scaling-url';
import { pickProblem } from './stage-pick';
import { initialStageState, useStage } from './stage-store';
import { clampCols, decodeStageUrl, STAGE_PARTS, type StagePart, type StageUrlState } from './stage-url';
import { SIM_MODELS } from '../sim/index';
import { getSweepPool } from '../workers/sweep-pool';
import type { PresetId } from './scaling-presets';

/**
 * The sweep pool's pace on the Stage: each worker computes ~60 % of the time. On a 2-core laptop a
 * worker flat out leaves too little for the page's own rendering threads and the trees stutter
 * (bench/render: 8 % late frames flat out); the sweep takes longer instead. The Scaling view runs
 * it flat out.
 */
export const STAGE_SWEEP_DUTY = 0.6;

/** The latest the chart's sweep starts after the trees (ms). */
export const SWEEP_DELAY_MS = 600;

let sweepTimer: ReturnType<typeof setTimeout> | null = null;
let stopWaiting: (() => void) | null = null;
/** The query whose panes `preload` started (the view's `init` with it takes them over). */
let preloaded: string | null = null;
/** Clicks per chart point (so a second click loads another of its problems). */
const turns = new Map<string, number>();

const set = useStage.setState;
const get = useStage.getState;

/** The Stage's URL state as it stands. */
export function stageUrlStateOf(): StageUrlState {
  const s = get();
  return { ...compareUrlStateOf(useCompare.getState()), budget: s.budget, sweep: s.sweep, conv: s.conv, cols: s.cols, max: s.max };
}

const SIM_ORDER = SIM_MODELS.map((m) => m.id as string);

/**
 * The sweep behind the chart: the preset's, with the panes' model and budget added when the
 * preset lacks them, so the panes always have their own curve and point on the chart.
 */
export function stageSweepSetup(preset: PresetId, model: string, budget: number): ScalingSetup {
  const base = presetById(preset).setup;
  const models = base.models.includes(model) ? base.models : [...base.models, model].sort((a, b) => SIM_ORDER.indexOf(a) - SIM_ORDER.indexOf(b));
  const budgets = base.budgets.includes(budget) ? base.budgets : [...base.budgets, budget].sort((a, b) => a - b);
  return { ...base, models, budgets };
}

function sweepSearch(): string {
  const s = get();
  const model = useCompare.getState().setup.model;
  return encodeScalingUrl({ setup: stageSweepSetup(s.sweep, model, s.budget), convention: s.conv, overlay: false, rule: null, target: null, point: null });
}

/** Forget a pending sweep start. */
function stopSweepWait(): void {
  if (sweepTimer !== null) clearTimeout(sweepTimer);
  sweepTimer = null;
  stopWaiting?.();
  stopWaiting = null;
}

/** Make sure the chart's sweep covers the panes' model and budget (a no-op when it does). */
function coverPanes(): void {
  const s = get();
  if (useScaling.getState().status === 'idle' && sweepTimer !== null) return; // not started yet: it will read the new values
  scaling.setSetup(stageSweepSetup(s.sweep, useCompare.getState().setup.model, s.budget));
}

/** The sweep strategy and budget of each pane. */
export function paneSlots() {
  return useCompare.getState().panes.map((p) => sweepSlotOf(p.spec));
}

export const stage = {
  /**
   * Start the panes of the Stage a URL describes before the view mounts (main.tsx, on a fresh
   * open): the workers load and run while React renders, and `init` with the same query takes
   * the runs over instead of starting them again.
   */
  preload(search: string): void {
    compare.start(decodeStageUrl(search).state);
    preloaded = search;
  },

  /** Open the Stage a URL describes: the trees start now, the chart's sweep a moment later. */
  init(search: string): void {
    const reuse = preloaded === search && useCompare.getState().panes.length === 2;
    preloaded = null;
    if (reuse) stopSweepWait();
    else stage.dispose();
    const { state: u, notices } = decodeStageUrl(search);
    set({ ...initialStageState, budget: u.budget, sweep: u.sweep, conv: u.conv, cols: u.cols, max: u.max, notices });
    if (!reuse) compare.start(u);
    turns.clear();
    getSweepPool().setDuty?.(STAGE_SWEEP_DUTY);
    const startSweep = (): void => {
      if (sweepTimer === null) return;
      clearTimeout(sweepTimer);
      sweepTimer = null;
      stopWaiting?.();
      stopWaiting = null;
      scaling.init(sweepSearch());
    };
    sweepTimer = setTimeout(startSweep, SWEEP_DELAY_MS);
    const ready = (): boolean => useCompare.getState().panes.every((p) => p.eventCount > 0);
    stopWaiting = useCompare.subscribe(() => {
      if (ready()) startSweep();
    });
    if (ready()) startSweep();
  },

  /** Leaving the Stage: the panes' workers end; an unfinished sweep stops (a finished one is kept). */
  dispose(): void {
    stopSweepWait();
    preloaded = null;
    compare.dispose();
    scaling.leave();
    getSweepPool().setDuty?.(1);
  },

  /** Maximise a part, or restore the layout with null; the same part again restores. */
  setMax(part: StagePart | null): void {
    set((s) => ({ max: part === s.max ? null : part }));
  },
  /** Maximise the next part (left → right → chart → none). */
  cycleMax(): void {
    const order: (StagePart | null)[] = [...STAGE_PARTS, null];
    set((s) => ({ max: order[(order.indexOf(s.max) + 1) % order.length] }));
  },
  setCols(cols: readonly number[]): void {
    set({ cols: clampCols(cols) });
  },

  /** Give pane i another sweep strategy at the Stage's budget (restarts that pane). */
  setPaneStrategy(i: number, strategy: SweepStrategy): void {
    compare.setPaneSpec(i, specForBudget(strategy, get().budget));
  },
  /** Run both panes at another budget (each keeps its strategy). */
  setBudget(budget: number): void {
    if (!(BUDGETS as readonly number[]).includes(budget)) return;
    set({ budget, pick: null });
    compare.restart({}, paneSlots().map((slot) => specForBudget(slot.strategy, budget)));
    coverPanes();
  },
  /** Sweep another Scaling preset behind the chart. */
  setSweep(preset: PresetId): void {
    set({ sweep: preset });
    coverPanes();
  },
  setConvention(conv: ConventionId): void {
    if (!(CONVENTION_IDS as readonly string[]).includes(conv)) return;
    set({ conv });
    scaling.setConvention(conv);
  },

  /**
   * A chart point was clicked: load one of its problems into both panes with its model and
   * budget (each pane keeps its strategy); see stage-pick.ts for which problem.
   */
  openPoint(p: Pick<SweepPoint, 'model' | 'strategy' | 'budget'>): boolean {
    const { setup } = useCompare.getState();
    const slots = paneSlots();
    const key = `${p.model}|${p.strategy}|${p.budget}`;
    const turn = turns.get(key) ?? 0;
    const pick = pickProblem({
      point: p,
      pointCells: cellsOf(p),
      paneCells: slots.map((s) => cellsOf({ model: p.model, strategy: s.strategy, budget: s.strategy === 'greedy' ? 1 : p.budget })),
      paneLabels: slots.map((s) => SWEEP_STRATEGY_LABELS[s.strategy]), pointLabel: SWEEP_STRATEGY_LABELS[p.strategy],
      order: [], seed: setup.seed, current: setup.problemId, turn,
    });
    if (!pick) return false;
    turns.set(key, turn + 1);
    const budget = p.strategy === 'greedy' ? get().budget : p.budget;
    set({ budget, pick: { problemId: pick.problemId, model: p.model, budget, reason: pick.reason } });
    compare.restart({ problemId: pick.problemId, model: p.model }, slots.map((s) => specForBudget(s.strategy, budget)));
    coverPanes();
    return true;
  },

  hoverCurve(strategy: string | null): void {
    if (get().hoverStrategy !== strategy) set({ hoverStrategy: strategy });
  },
  dismissNotice(i: number): void {
    set((s) => ({ notices: s.notices.filter((_, j) => j !== i) }));
  },
};
