/**
 * The Compare view's actions. Each pane owns a Playback (its event log and its tree at the
 * playhead) and a SearchBridge of its own: a bridge runs one search at a time and a second run
 * cancels the first, so panes sharing one bridge would have to run one after another. With a
 * bridge (a worker) per pane all panes grow at once, a pane's restart never touches the others,
 * and the Explorer's shared bridge is left alone; the workers are disposed when the view unmounts
 * (and an idle one is terminated by its bridge anyway). At most four panes, so at most four workers.
 *
 * The playhead is a compute value C; after every change of C, unit or log, each pane seeks to
 * the last event whose compute ≤ C (compare-timeline.ts).
 */
import { Playback } from '../search/playback';
import type { SearchEvent } from '../search/events';
import { defaultSpec, type StrategyName, type StrategySpec } from '../search/strategies/index';
import { simProblem } from '../sim/index';
import { SearchBridge, type RunHandle } from '../workers/bridge';
import type { RunOutcome, RunRequest } from '../workers/protocol';
import { modelsFor } from './catalog';
import { computeIn, eventIndexAt, nextComputeStop, prevComputeStop, totalCompute, type CompareUnit } from './compare-timeline';
import { useCompare, type ComparePaneState, type CompareSetup } from './compare-store';
import { decodeCompareUrl, defaultPanes, MAX_PANES, MIN_PANES, parsePane, type CompareUrlState } from './compare-url';
import { graderFor } from './playback-store';
import { checkSpec } from './spec-query';

/** The surface of a bridge the Compare view uses (tests inject fakes). */
export interface CompareBridge {
  run(req: RunRequest, onBatch: (events: SearchEvent[]) => void): RunHandle;
  dispose(): void;
}

let makeBridge: () => CompareBridge = () => new SearchBridge();
/** Replace how pane bridges are made (tests). */
export function setCompareBridgeFactory(f: () => CompareBridge): void {
  makeBridge = f;
}

interface PaneRuntime {
  playback: Playback;
  bridge: CompareBridge;
  handle: RunHandle | null;
  /** Bumped per start, so a late batch of a replaced run is dropped. */
  run: number;
}

let runtimes: PaneRuntime[] = [];

/** Time a play-through from 0 to the largest pane's compute takes at speed 1. */
export const PLAY_MS = 10_000;

const set = useCompare.setState;
const get = useCompare.getState;

/** The Playbacks of the panes, in pane order (read after a `revision` change). */
export function comparePlaybacks(): readonly Playback[] {
  return runtimes.map((r) => r.playback);
}

/** Policy parameter count of the shared model (prices pruned tokens), null when unknown. */
export function comparePolicyParams(): number | null {
  const model = get().setup.model;
  return modelsFor({ kind: 'sim' }).find((m) => m.id === model)?.params ?? null;
}

/** The largest compute any pane's log has reached so far, in the current unit. */
export function compareMaxCompute(): number {
  const unit = get().unit;
  return runtimes.reduce((m, r) => Math.max(m, totalCompute(r.playback.events, unit)), 0);
}

const outcomeNote = (o: RunOutcome): string | null =>
  o.status === 'error' ? `The run failed${o.error ? `: ${o.error}` : '.'}` : o.status === 'cancelled' ? 'The run was cancelled.' : null;

function patchPane(i: number, patch: Partial<ComparePaneState>): void {
  set((s) => ({ panes: s.panes.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));
}

/** Seek every pane to the playhead; bumps `revision` when a tree changed. */
function applyPlayhead(): void {
  const { unit, playhead } = get();
  let changed = false;
  for (const r of runtimes) {
    const before = r.playback.revision;
    r.playback.seek(eventIndexAt(r.playback.events, unit, playhead));
    if (r.playback.revision !== before) changed = true;
  }
  if (changed) set((s) => ({ revision: s.revision + 1 }));
}

function requestOf(setup: CompareSetup, spec: StrategySpec): RunRequest {
  return {
    source: { kind: 'sim', model: setup.model, prm: setup.prm === 'none' ? null : setup.prm },
    problemId: setup.problemId, spec, seed: setup.seed,
  };
}

/** (Re)start pane i's run on a fresh Playback. */
function startPane(i: number): void {
  const r = runtimes[i];
  r.handle?.cancel();
  const { setup, panes } = get();
  const problem = simProblem(setup.problemId);
  r.playback = new Playback({ isCorrect: graderFor(problem) });
  const run = ++r.run;
  patchPane(i, { status: 'running', note: null, eventCount: 0 });
  set((s) => ({ revision: s.revision + 1 }));
  const onBatch = (events: SearchEvent[]): void => {
    if (r.run !== run) return;
    r.playback.append(events);
    const idx = runtimes.indexOf(r);
    if (idx >= 0) patchPane(idx, { eventCount: r.playback.events.length });
    applyPlayhead();
    set((s) => ({ revision: s.revision + 1 }));
  };
  const handle = r.bridge.run(requestOf(setup, panes[i].spec), onBatch);
  r.handle = handle;
  const finish = (o: RunOutcome): void => {
    if (r.run !== run) return;
    r.handle = null;
    const idx = runtimes.indexOf(r);
    if (idx >= 0) patchPane(idx, { status: o.status, note: outcomeNote(o) });
  };
  handle.done.then(finish, (err: unknown) => finish({ status: 'error', error: err instanceof Error ? err.message : String(err) }));
}

function newRuntime(): PaneRuntime {
  return { playback: new Playback(), bridge: makeBridge(), handle: null, run: 0 };
}

/** The Compare view's actions. */
export const compare = {
  /** Open the comparison a URL describes (notices for what it gets wrong) and start every pane. */
  init(search: string): void {
    const { state, notices } = decodeCompareUrl(search);
    compare.start(state, notices);
  },

  /** Open a decoded line-up (the Stage decodes its own URL) and start every pane. */
  start(u: CompareUrlState, notices: string[] = []): void {
    compare.dispose();
    runtimes = u.panes.map(() => newRuntime());
    set((s) => ({
      setup: { problemId: u.problemId, model: u.model, prm: u.prm, seed: u.seed },
      panes: u.panes.map((spec) => ({ spec, status: 'idle', note: null, eventCount: 0 })),
      unit: u.unit, playhead: u.c ?? 0, playing: u.c === null, sync: u.sync, notices, revision: s.revision + 1,
    }));
    runtimes.forEach((_, i) => startPane(i));
  },

  /** Cancel every run and end the panes' workers. */
  dispose(): void {
    for (const r of runtimes) {
      r.run++;
      r.handle?.cancel();
      r.bridge.dispose();
    }
    runtimes = [];
  },

  /** Move the playhead to compute `c` (clamped to ≥ 0; past every log's end it shows the ends). */
  seek(c: number): void {
    if (!Number.isFinite(c)) return;
    set({ playhead: Math.max(0, c) });
    applyPlayhead();
  },
  play(): void {
    if (allFinished() && get().playhead >= compareMaxCompute()) compare.seek(0);
    set({ playing: true });
  },
  pause(): void {
    set({ playing: false });
  },
  togglePlay(): void {
    if (get().playing) compare.pause();
    else compare.play();
  },
  /** To the next compute value at which any pane's tree changes; pauses. */
  stepForward(): void {
    set({ playing: false });
    const next = nextComputeStop(runtimes.map((r) => r.playback.events), get().unit, get().playhead);
    if (next !== null) compare.seek(next);
  },
  /** To the previous compute value at which any pane's tree changed; pauses. */
  stepBack(): void {
    set({ playing: false });
    compare.seek(prevComputeStop(runtimes.map((r) => r.playback.events), get().unit, get().playhead));
  },
  toStart(): void {
    compare.seek(0);
  },
  toEnd(): void {
    set({ playing: false });
    compare.seek(compareMaxCompute());
  },
  /**
   * Advance a playing playhead by `dtMs` of wall time (the view's animation frame calls it): the
   * whole comparison plays in PLAY_MS. Stops at the end once every run is over.
   */
  tick(dtMs: number): void {
    const s = get();
    if (!s.playing) return;
    const max = compareMaxCompute();
    if (max <= 0) return;
    let next = s.playhead + (max * Math.max(0, dtMs)) / PLAY_MS;
    // Nothing changes before the first compute any pane spends: start there, not a second later.
    const first = nextComputeStop(runtimes.map((r) => r.playback.events), s.unit, 0);
    if (first !== null && next < first) next = first;
    if (next >= max && allFinished()) {
      set({ playing: false });
      compare.seek(max);
      return;
    }
    compare.seek(Math.min(next, max));
  },
  /**
   * Switch the clock's unit, keeping the moment shown: on the sim FLOPs = 2 × params × policy
   * tokens for every pane (one shared model), so the playhead converts exactly.
   */
  setUnit(unit: CompareUnit): void {
    const s = get();
    if (unit === s.unit || (unit !== 'flops' && unit !== 'tokens')) return;
    const params = comparePolicyParams();
    let c = s.playhead;
    if (params) c = unit === 'tokens' ? c / (2 * params) : c * 2 * params;
    else {
      // Unknown size: keep the fraction of the way through the longest log.
      const from = compareMaxCompute();
      set({ unit });
      c = from > 0 ? (s.playhead / from) * compareMaxCompute() : 0;
    }
    set({ unit, playhead: unit === 'tokens' ? Math.round(c * 1e6) / 1e6 : c });
    applyPlayhead();
  },
  setSync(on: boolean): void {
    set({ sync: on });
  },
  /**
   * Load another problem, model, PRM or seed and/or new specs for every pane (same count), and
   * restart all panes from the start of the clock.
   */
  restart(patch: Partial<CompareSetup>, specs?: readonly StrategySpec[]): void {
    const s = get();
    const setup = { ...s.setup, ...patch };
    const panes = specs && specs.length === s.panes.length ? specs.map((spec) => checkSpec(spec)) : s.panes.map((p) => p.spec);
    set({ setup, panes: panes.map((spec) => ({ spec, status: 'idle', note: null, eventCount: 0 })), playhead: 0, playing: true });
    runtimes.forEach((_, i) => startPane(i));
  },
  /** Give pane i this spec and restart that pane only. */
  setPaneSpec(i: number, spec: StrategySpec): void {
    if (!get().panes[i]) return;
    patchPane(i, { spec: checkSpec(spec) });
    startPane(i);
  },
  /** Give pane i another strategy (its defaults) and restart that pane only. */
  setPaneStrategy(i: number, name: StrategyName): void {
    const panes = get().panes;
    if (!panes[i] || panes[i].spec.name === name) return;
    const spec = name === 'rebase' || name === 'sample' ? defaultPanes().find((p) => p.name === name) ?? defaultSpec(name) : defaultSpec(name);
    patchPane(i, { spec: checkSpec(spec) });
    startPane(i);
  },
  /**
   * Set a pane's parameters from text like `width=32,preset=paper` (the URL's pane syntax).
   * Returns why the text is invalid (nothing applied), or null when it was applied.
   */
  setPaneParams(i: number, text: string): string | null {
    const panes = get().panes;
    if (!panes[i]) return null;
    const notices: string[] = [];
    const body = text.trim();
    const spec = parsePane(body ? `${panes[i].spec.name}:${body}` : panes[i].spec.name, i, notices);
    if (!spec || notices.length) return notices[0] ?? 'not valid';
    patchPane(i, { spec });
    startPane(i);
    return null;
  },
  addPane(): void {
    const panes = get().panes;
    if (panes.length >= MAX_PANES) return;
    const used = new Set(panes.map((p) => p.spec.name));
    const name = (['rebase', 'mcts', 'sample', 'beam', 'greedy'] as const).find((n) => !used.has(n)) ?? 'beam';
    runtimes.push(newRuntime());
    set({ panes: [...panes, { spec: defaultSpec(name), status: 'idle', note: null, eventCount: 0 }] });
    startPane(runtimes.length - 1);
  },
  removePane(i: number): void {
    const panes = get().panes;
    if (panes.length <= MIN_PANES || !runtimes[i]) return;
    const [r] = runtimes.splice(i, 1);
    r.run++;
    r.handle?.cancel();
    r.bridge.dispose();
    set((s) => ({ panes: panes.filter((_, j) => j !== i), revision: s.revision + 1 }));
  },
  dismissNotice(i: number): void {
    set((s) => ({ notices: s.notices.filter((_, j) => j !== i) }));
  },
};

function allFinished(): boolean {
  return get().panes.every((p) => p.status !== 'running' && p.status !== 'idle');
}

/** Compute a pane shows at the playhead, in a unit (for the hook and the summary). */
export function paneComputeIn(i: number, unit: CompareUnit): number {
  const r = runtimes[i];
  return r ? computeIn(r.playback.compute, unit) : 0;
}
