/**
 * The Explorer's actions: everything the panels, the keyboard and the URL do to the view goes
 * through `explorer`. It keeps three things in step — the store (small state), the Playback (the
 * tree at the playhead, playback-store.ts) and the worker run (run-controller.ts) — so that the
 * store's `playhead` always equals the Playback's and every tree change bumps `revision`.
 */
import type { Granularity } from '../search/playback';
import { getSearchBridge } from '../workers/bridge';
import type { BundleSummary } from '../workers/protocol';
import { bundleDefaults, bundleFor, loadFixture as fetchFixture, loadRecording as readRecording, problemFor, registerBundle, type BundleSource } from './catalog';
import { DEFAULT_PARAMS, useExplorer, type Camera, type ExplorerParams, type ExplorerState, type SourceRef } from './explorer-store';
import { nextBoundary, prevBoundary } from './pacing';
import { checkParams, fitToBundle, runRequestOf, sameRun, sourceStart } from './params-check';
import { getPlayback, graderFor, resetPlayback } from './playback-store';
import { recorderFor } from './live-run';
import { cancelRun, setLogListener, startRun, stopRun } from './run-controller';
import { decodeExplorerUrl, SPEED_MAX, SPEED_MIN } from './url-codec';
import { formatSource, isCamera, ZOOM_MAX, ZOOM_MIN } from './url-values';

/** A linked playhead and selection, applied once the run's log reaches them (then cleared). */
let pending: { t: number | null; sel: number | null } | null = null;
/** Bumped by every load; a load that finishes after a newer one started is dropped. */
let loadSeq = 0;

const set = useExplorer.setState;
const get = useExplorer.getState;
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const addNotices = (notices: string[]): void => {
  if (notices.length) set((s) => ({ notices: [...s.notices, ...notices] }));
};

/** Start a run of checked params on a fresh Playback, with the view reset (then `view` applied). */
function begin(params: ExplorerParams, view: Partial<ExplorerState> = {}): void {
  cancelRun();
  const problem = problemFor(params.source, params.problemId);
  resetPlayback(problem ? graderFor(problem) : undefined);
  set((s) => ({
    params, playhead: 0, eventCount: 0, revision: s.revision + 1, selection: null, hover: null, camera: null,
    runNote: null, loading: null, ...view,
  }));
  let req;
  try {
    req = runRequestOf(params);
  } catch (err) {
    set({ status: 'error', runNote: `The run failed: ${message(err)}` });
    return;
  }
  // A live run is recorded into the Library as it goes; other runs are not recorded.
  startRun(req, recorderFor(params) ?? undefined);
}

/** A source's name for "Loading …" and error titles. */
const sourceName = (source: BundleSource): string => (source.kind === 'recording' ? `the recording ${source.id}` : source.name);

/** Apply a linked playhead/selection once the log has reached it or the run has ended. */
function restorePending(): void {
  if (!pending) return;
  const playback = getPlayback();
  const n = playback.events.length;
  const status = get().status;
  const ended = playback.finished || status === 'done' || status === 'error' || status === 'cancelled';
  // A selection without a playhead refers to the finished tree.
  const target = pending.t ?? Number.POSITIVE_INFINITY;
  if (n < target && !ended) return;
  const notices: string[] = [];
  if (pending.t !== null && pending.t > n) notices.push(`"t=${pending.t}" is past the end of this run (${n} events) — showing its end`);
  playback.seek(Math.min(target, n));
  let sel = pending.sel;
  if (sel !== null && !playback.nodes[sel]) {
    notices.push(`"sel=${sel}" is not a node of this tree at t=${playback.playhead} — nothing selected`);
    sel = null;
  }
  pending = null;
  set((s) => ({ playhead: playback.playhead, selection: sel, revision: s.revision + 1, notices: [...s.notices, ...notices] }));
}
setLogListener(restorePending);

/** Show a loaded bundle: its first problem, model and a strategy it can serve. */
function showBundle(source: BundleSource, summary: BundleSummary): void {
  if (summary.problems.length === 0) throw new Error('It has no problem with recorded samples to replay.');
  const start = bundleDefaults(summary, get().params.seed);
  if (!start.model) throw new Error('It has no policy model.');
  registerBundle(source, summary);
  pending = null;
  begin({ ...get().params, source, ...start }, { loadError: null, playing: true });
}

/** Load a bundle, then show it; a failure only sets `loadError` (the current view stays). */
async function loadBundle(source: BundleSource, title: string, load: () => Promise<BundleSummary>): Promise<void> {
  const seq = ++loadSeq;
  set({ loading: `Loading ${sourceName(source)}…` });
  try {
    const summary = await load();
    if (seq === loadSeq) showBundle(source, summary);
  } catch (err) {
    if (seq === loadSeq) set({ loading: null, loadError: { title, detail: message(err) } });
  }
}

function seekTo(t: number): void {
  const playback = getPlayback();
  playback.seek(t);
  if (playback.playhead !== get().playhead) set((s) => ({ playhead: playback.playhead, revision: s.revision + 1 }));
}

/** Whether the playhead is at the end of a log that will not grow. */
function atFinishedEnd(): boolean {
  const playback = getPlayback();
  const status = get().status;
  return playback.playhead >= playback.events.length && (playback.finished || (status !== 'running' && status !== 'idle'));
}

function step(direction: 1 | -1): void {
  pending = null;
  const playback = getPlayback();
  const bounds = playback.stepBoundaries(get().granularity);
  set({ playing: false });
  seekTo(direction > 0 ? nextBoundary(bounds, playback.playhead, playback.events.length) : prevBoundary(bounds, playback.playhead));
}

const validId = (id: unknown): id is number | null => id === null || (Number.isInteger(id) && (id as number) >= 0);

/** The Explorer's actions (see the module comment). */
export const explorer = {
  /**
   * Open the view a URL describes: decode it (its notices go to the store), load the fixture it
   * names if any, and start the run. A linked `t`/`sel` is restored, paused, once the log
   * reaches `t`; `cam` applies at once. Calling it again replaces the previous run.
   */
  init(search: string): void {
    // Back on the Explorer during (or after) a live run: its link cannot restart it, so keep it as it is.
    const current = get().params.source;
    if (current.kind === 'live' && new URLSearchParams(search).get('src') === formatSource(current) && get().status !== 'idle') return;
    const { state: u, notices } = decodeExplorerUrl(search);
    const seq = ++loadSeq;
    pending = u.t !== null || u.selection !== null ? { t: u.t, sel: u.selection } : null;
    const view: Partial<ExplorerState> = {
      granularity: u.granularity, orientation: u.orientation, speed: u.speed, camera: u.camera,
      playing: pending === null, loadError: null,
    };
    set({ notices });
    const source = u.params.source;
    if (source.kind !== 'fixture' && source.kind !== 'recording') return begin(u.params, view);
    const open = (): void => {
      const fitted = fitToBundle(u.params);
      addNotices(fitted.notices);
      const checked = checkParams(fitted.params);
      if (checked.ok) return begin(checked.params, view);
      addNotices([`${checked.error} — showing the simulated world`]);
      begin({ ...DEFAULT_PARAMS, spec: u.params.spec, seed: u.params.seed }, view);
    };
    if (bundleFor(source)) return open();
    cancelRun();
    resetPlayback();
    set((s) => ({ ...view, params: u.params, status: 'idle', runNote: null, playhead: 0, eventCount: 0, revision: s.revision + 1, loading: `Loading ${sourceName(source)}…` }));
    const fetching = source.kind === 'fixture' ? fetchFixture(source.name) : readRecording(source.id);
    fetching.then(
      () => seq === loadSeq && open(),
      (err: unknown) => {
        if (seq !== loadSeq) return;
        begin({ ...DEFAULT_PARAMS, spec: u.params.spec, seed: u.params.seed }, view);
        const what = source.kind === 'fixture' ? `the built-in trace ${source.name}` : `the recording ${source.id}`;
        set({ loadError: { title: `Could not load ${what}`, detail: message(err) } });
        addNotices([`"src=${formatSource(source)}" could not be loaded — showing the simulated world`]);
      },
    );
  },

  /**
   * Change what runs. The merged parameters are checked against their source first; invalid ones
   * change nothing and add a notice saying why (returns false). Switching source starts at that
   * source's first problem and model (a bundle: also a strategy and seed it can serve), except
   * for what the patch names itself. Valid ones cancel the run, reset the
   * playhead, selection and camera, and start the new run playing (unchanged ones do nothing).
   */
  setParams(patch: Partial<ExplorerParams>): boolean {
    const current = get().params;
    let next: ExplorerParams = { ...current, ...patch };
    if (patch.source && formatSource(patch.source) !== formatSource(current.source)) {
      next = { ...next, ...sourceStart(patch.source, next.seed, current), ...patch };
    }
    const checked = checkParams(next);
    if (!checked.ok) {
      addNotices([`Not applied: ${checked.error}`]);
      return false;
    }
    if (sameRun(checked.params, current)) return true;
    pending = null;
    begin(checked.params, { playing: true });
    return true;
  },

  play(): void {
    pending = null;
    if (atFinishedEnd()) seekTo(0);
    set({ playing: true });
  },
  pause(): void {
    set({ playing: false });
  },
  togglePlay(): void {
    if (get().playing) explorer.pause();
    else explorer.play();
  },
  /** To the end of the next round (granularity 'step') or the next event; pauses. */
  stepForward(): void {
    step(1);
  },
  /** Back to the end of the previous round (or event); pauses. The tree is exactly as it was then. */
  stepBack(): void {
    step(-1);
  },
  /** Move the playhead to `t` events (clamped to the log received so far). */
  seek(t: number): void {
    if (!Number.isFinite(t)) return;
    pending = null;
    seekTo(t);
  },
  toStart(): void {
    explorer.seek(0);
  },
  toEnd(): void {
    explorer.seek(getPlayback().events.length);
  },
  /** Playback speed, clamped to 0.25–8. */
  setSpeed(x: number): void {
    if (Number.isFinite(x)) set({ speed: Math.min(SPEED_MAX, Math.max(SPEED_MIN, x)) });
  },
  setGranularity(g: Granularity): void {
    if (g === 'event' || g === 'step') set({ granularity: g });
  },
  setOrientation(o: 'tb' | 'lr'): void {
    if (o === 'tb' || o === 'lr') set({ orientation: o });
  },
  select(id: number | null): void {
    if (!validId(id)) return;
    if (pending) pending.sel = null;
    set({ selection: id });
  },
  hover(id: number | null): void {
    if (validId(id) && get().hover !== id) set({ hover: id });
  },
  /** The camera (null = fit the tree); zoom is clamped to [0.01, 100], non-finite values ignored. */
  setCamera(c: Camera | null): void {
    if (c === null) return set({ camera: null });
    const k = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, c.k));
    const camera: Camera = { x: c.x, y: c.y, k };
    if (c.l !== undefined && c.l > 0 && Number.isFinite(c.l)) camera.l = c.l;
    if (isCamera(camera)) set({ camera });
  },
  /** Load a trace bundle the user picked; on failure only `loadError` is set. */
  loadBundleFile(file: File): Promise<void> {
    return loadBundle({ kind: 'file', name: file.name }, `Could not load ${file.name}`,
      async () => getSearchBridge().loadBundle(file.name, await file.arrayBuffer()));
  },
  /** Load a shipped fixture by name (catalog.FIXTURES); on failure only `loadError` is set. */
  loadFixture(name: string): Promise<void> {
    return loadBundle({ kind: 'fixture', name }, `Could not load the built-in trace ${name}`, () => fetchFixture(name));
  },
  /** Open a Library recording in the Explorer: replayed from what was recorded. */
  openRecording(id: string): Promise<void> {
    return loadBundle({ kind: 'recording', id }, `Could not open the recording ${id}`, () => readRecording(id));
  },
  /**
   * Run on a configured live server (again, even when nothing changed — a server's config or
   * keys may have). Keeps the problem and the strategy where the server can run them.
   */
  runLive(serverId: string): boolean {
    const current = get().params;
    const source: SourceRef = { kind: 'live', id: serverId };
    const same = formatSource(current.source) === formatSource(source);
    const start = sourceStart(source, current.seed, current);
    // The same server again: its model may have been changed in the Backends panel.
    const next: ExplorerParams = same ? { ...current, model: start.model } : { ...current, source, ...start };
    const checked = checkParams(next);
    if (!checked.ok) {
      addNotices([`Not started: ${checked.error}`]);
      return false;
    }
    pending = null;
    begin(checked.params, { playing: true });
    return true;
  },
  /** Run the current parameters again from the start (a live server samples anew). */
  rerun(): void {
    pending = null;
    begin(get().params, { playing: true });
  },
  /** Stop the run in progress where it is (a live run's requests are aborted); the tree stays. */
  stopRun(): void {
    stopRun();
  },
  dismissLoadError(): void {
    set({ loadError: null });
  },
  dismissNotice(index: number): void {
    set((s) => ({ notices: s.notices.filter((_, i) => i !== index) }));
  },
};
