/**
 * The Scaling view's actions: everything the setup panel, the chart and the URL do to the view
 * goes through `scaling`. A setup change is checked against its source, then cancels the running
 * sweep at once and starts the new one after a short debounce (so clicking through toggles runs
 * one sweep, not five); reading changes — the compute convention, overlay, rule, target, opened
 * point — never restart it (a convention change re-plots from the cells at once).
 */
import { bundleFor, loadFixture, modelsFor } from './catalog';
import type { SourceRef } from './explorer-store';
import { disposeSweep, replot, runSweep, stopSweep, type SweepPlan } from './scaling-runner';
import { getSweepPool } from '../workers/sweep-pool';
import { presetById, sameSetup, type PresetId } from './scaling-presets';
import { availableProblems, checkSetup, flopsParamsOf, sweepRequestOf } from './scaling-setup';
import {
  CONVENTION_IDS, DEFAULT_SETUP, EMPTY_PROGRESS, useScaling, type ConventionId, type PointKey, type ScalingSetup, type ScalingState,
} from './scaling-store';
import { decodeScalingUrl } from './scaling-url';
import { formatSource, shown } from './url-values';

/** How long a setup change waits for the next one before the sweep restarts. */
export const DEBOUNCE_MS = 300;
/** Solutions per problem for the sim's weighted-voting limit estimate (the majority limit is exact; a bundle uses what it recorded). */
export const LIMIT_SAMPLES = 128;

/** Bumped by every load; a fixture load that finishes after a newer request is dropped. */
let loadSeq = 0;

const set = useScaling.setState;
const get = useScaling.getState;
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const addNotices = (notices: readonly string[]): void => {
  if (notices.length) set((s) => ({ notices: [...s.notices, ...notices] }));
};

/** The pool's plan for a checked setup. */
export function planOf(setup: ScalingSetup): SweepPlan {
  return { request: sweepRequestOf(setup), flops: flopsParamsOf(setup), limitSamples: LIMIT_SAMPLES };
}

/** A point stays open only while the setup still has its model, strategy and budget. */
function keepPoint(point: PointKey | null, setup: ScalingSetup): PointKey | null {
  if (!point) return null;
  const budgetOk = point.strategy === 'greedy' ? point.budget === 1 : setup.budgets.includes(point.budget);
  return setup.models.includes(point.model) && setup.strategies.includes(point.strategy) && budgetOk ? point : null;
}

/** Run a checked setup (replacing the current sweep; `delayMs` debounces). */
function start(setup: ScalingSetup, delayMs: number): void {
  set((s) => ({ setup, point: keepPoint(s.point, setup) }));
  runSweep(planOf(setup), delayMs);
}

/** Check a setup and run it; when it fails, say why and run the Default preset instead. */
function startOrDefault(setup: ScalingSetup, delayMs: number): void {
  const checked = checkSetup(setup);
  if (checked.ok) {
    addNotices(checked.notices);
    return start(checked.setup, delayMs);
  }
  addNotices([`${checked.error} — showing the Default preset`]);
  start(DEFAULT_SETUP, delayMs);
}

/**
 * Fit a setup to a loaded bundle: model ids it lacks are dropped (with a notice when the link named
 * them); with none left, every policy model of the bundle is swept. The count is lowered quietly
 * to the problems the bundle holds (a trace has a few; the count field says "of N").
 */
function fitToBundle(setup: ScalingSetup, quiet: boolean): ScalingSetup {
  const ids = modelsFor(setup.source).map((m) => m.id);
  const lacking = setup.models.filter((m) => !ids.includes(m));
  if (lacking.length && !quiet) addNotices([`"models=${shown(lacking.join(','))}": not policy models of ${formatSource(setup.source)} — ignored`]);
  const models = setup.models.filter((m) => ids.includes(m));
  const available = availableProblems(setup.source, setup.levels);
  return { ...setup, models: models.length ? models : ids, count: available > 0 ? Math.min(setup.count, available) : setup.count };
}

/** The sim setup a source that cannot be shown falls back to (its other choices kept). */
const onSim = (setup: ScalingSetup): ScalingSetup => ({ ...setup, source: { kind: 'sim' }, models: DEFAULT_SETUP.models });

/**
 * Run a setup whose source may not be loaded yet: a shipped trace is fetched first (status
 * 'loading'); a file that is not loaded in this page, or a trace that fails to load, gives the
 * sim with a notice.
 */
function resolve(setup: ScalingSetup, delayMs: number, quiet: boolean): void {
  const source = setup.source;
  if (source.kind === 'sim') return startOrDefault(setup, delayMs);
  if (bundleFor(source)) return startOrDefault(fitToBundle(setup, quiet), delayMs);
  if (source.kind === 'file') {
    addNotices([`"src=file:${shown(source.name)}" was a file on the computer that made this link, and a link cannot bring it back — showing the simulated world. Load ${shown(source.name)} in the Explorer, then choose it here.`]);
    return startOrDefault(onSim(setup), delayMs);
  }
  if (source.kind !== 'fixture') {
    // A live server or a Library recording not opened in this page: sweeps run on the sim or on a loaded trace.
    addNotices([`"src=${source.kind === 'live' ? 'live' : 'rec'}:${shown(source.id)}" cannot be swept here — showing the simulated world`]);
    return startOrDefault(onSim(setup), delayMs);
  }
  const seq = ++loadSeq;
  disposeSweep();
  set((s) => ({ setup, status: 'loading', progress: EMPTY_PROGRESS, points: [], frontier: [], limits: [], limitsPhase: 'none', cellCount: 0, revision: s.revision + 1 }));
  loadFixture(source.name).then(
    () => seq === loadSeq && startOrDefault(fitToBundle(setup, quiet), 0),
    (err: unknown) => {
      if (seq !== loadSeq) return;
      addNotices([`"src=fixture:${shown(source.name)}" could not be loaded (${message(err)}) — showing the simulated world`]);
      startOrDefault(onSim(setup), 0);
    },
  );
}

/** The models a source starts with: the sim's Default pair, or every policy model of a bundle. */
function startModels(source: SourceRef): string[] {
  return source.kind === 'sim' ? [...DEFAULT_SETUP.models] : modelsFor(source).map((m) => m.id);
}

/** Whether a sweep of this setup has finished and its results are still held. */
const finished = (s: ScalingState, setup: ScalingSetup): boolean => s.status === 'done' && sameSetup(s.setup, setup);

/** The Scaling view's actions (see the module comment). */
export const scaling = {
  /**
   * Open the view a URL describes: decode it (its notices go to the store), load the trace it
   * names if any, and start the sweep at once. Coming back to a sweep that already finished with
   * the same setup keeps its results.
   */
  init(search: string): void {
    const { state: u, notices } = decodeScalingUrl(search);
    ++loadSeq;
    const before = get();
    set({ notices, convention: u.convention, overlay: u.overlay, oracle: u.oracle, rule: u.rule, target: u.target, point: keepPoint(u.point, u.setup) });
    if (finished(before, u.setup)) {
      if (before.convention !== u.convention) replot();
      return;
    }
    set({ setup: u.setup });
    // Start the workers now: their start-up overlaps the debounce, so the first point comes sooner.
    getSweepPool().prewarm?.();
    resolve(u.setup, 0, false);
  },

  /**
   * Change the setup. The merged setup is checked against its source; an invalid one changes
   * nothing and adds a notice saying why (returns false). Switching source starts with that
   * source's models unless the patch names some. A valid change cancels the sweep at once and
   * starts the new one after {@link DEBOUNCE_MS}; an unchanged setup does nothing.
   */
  setSetup(patch: Partial<ScalingSetup>): boolean {
    const current = get().setup;
    let next: ScalingSetup = { ...current, ...patch };
    if (patch.source && formatSource(patch.source) !== formatSource(current.source)) {
      if (patch.source.kind !== 'sim' && !bundleFor(patch.source)) {
        resolve({ ...next, models: patch.models ?? [] }, 0, true);
        return true;
      }
      next = { ...next, models: patch.models ?? startModels(patch.source) };
    }
    const checked = checkSetup(next);
    if (!checked.ok) {
      addNotices([`Not applied: ${checked.error}`]);
      return false;
    }
    addNotices(checked.notices);
    const status = get().status;
    if (sameSetup(checked.setup, current) && status !== 'idle' && status !== 'error' && status !== 'cancelled') return true;
    ++loadSeq;
    start(checked.setup, DEBOUNCE_MS);
    return true;
  },

  /** Replace the whole setup with a preset's. */
  applyPreset(id: PresetId): boolean {
    // Presets use the default vote rule; say so, or a rule chosen earlier would survive the merge.
    return scaling.setSetup({ voteRule: undefined, ...presetById(id).setup });
  },

  /** Switch the compute convention: every point is re-plotted from the cells at once. */
  setConvention(id: ConventionId): void {
    if (!(CONVENTION_IDS as readonly string[]).includes(id) || get().convention === id) return;
    set({ convention: id });
    replot();
  },
  setOverlay(on: boolean): void {
    set({ overlay: on === true });
  },
  /** Draw (or hide) the pass@n ceilings. */
  setOracle(on: boolean): void {
    set({ oracle: on === true });
  },
  /** Place the vertical rule at `flops` (finite, above 0), or remove it with null. */
  setRule(flops: number | null): void {
    if (flops === null || (Number.isFinite(flops) && flops > 0)) set({ rule: flops });
  },
  /** The savings readout's target accuracy (above 0, at most 1), or null for its own choice. */
  setTarget(accuracy: number | null): void {
    if (accuracy === null || (Number.isFinite(accuracy) && accuracy > 0 && accuracy <= 1)) set({ target: accuracy });
  },
  /** Open a point's problems (drill-down), or close them with null. */
  openPoint(point: PointKey | null): void {
    set({ point: point ? { model: point.model, strategy: point.strategy, budget: point.budget } : null });
  },
  /** Stop the sweep, keeping the points it has finished. */
  cancel(): void {
    stopSweep();
  },
  /** Run the current setup again (after a cancel or an error). */
  rerun(): void {
    ++loadSeq;
    resolve(get().setup, 0, true);
  },
  /** Add a one-line notice (e.g. an export that failed). */
  notify(text: string): void {
    addNotices([text]);
  },
  dismissNotice(index: number): void {
    set((s) => ({ notices: s.notices.filter((_, i) => i !== index) }));
  },
  /** Leaving the view: stop an unfinished sweep so the workers are free; a finished one is kept. */
  leave(): void {
    ++loadSeq;
    if (get().status === 'done') return;
    disposeSweep();
    set({ status: 'idle' });
  },
};
