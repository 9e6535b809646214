/**
 * `window.__frontier`: a typed, read-only view of the app for Playwright (house style: flows
 * assert through this hook, never through pixels). Cheap getters, installed once at start.
 */
import { comparePlaybacks } from '../state/compare-actions';
import { useCompare } from '../state/compare-store';
import { getPlayback } from '../state/playback-store';
import { useExplorer } from '../state/explorer-store';
import { sweepCells } from '../state/scaling-runner';
import { useScaling } from '../state/scaling-store';
import { currentTreeCanvas } from './explorer/TreeCanvasView';
import { usePresenter } from './presenter/presenter-store';
import { paneCanvas } from './compare/ComparePane';
import { useStage } from '../state/stage-store';
import { sweepSlotOf } from '../search/strategies/index';
import type { TreeView } from '../viz/tree-canvas';

/** Live servers and the Library as the Playwright flows read them (added with live runs). */
export interface LiveHookState {
  /** The Explorer's source as in the URL (`sim`, `live:<id>`, `rec:<id>` …). */
  source: string;
  /** Configured server ids. */
  servers: string[];
  /** The recording of this page's latest live run (null before its first sample). */
  recordingId: string | null;
  recordingError: string | null;
  /** The Library's list as last read (newest first). */
  library: { id: string; status: string; nodeCount: number; eventCount: number; problemId: string; strategy: string; answer: string | null | undefined }[];
}

/**
 * Where `live` comes from: the Explorer's chunk provides it (ui/library/live-hook.ts), so the
 * first bundle does not carry the live modules; before the Explorer loaded it reads empty.
 */
let liveHook: (() => LiveHookState) | null = null;
export function provideLiveHook(fn: () => LiveHookState): void {
  liveHook = fn;
}
const NO_LIVE: LiveHookState = { source: '', servers: [], recordingId: null, recordingError: null, library: [] };

/** The current run's final `done` event, as the flows compare runs (null while it runs). */
export interface DoneHookState {
  answer: string | null;
  correct: boolean;
  nodes: number;
  solutions: number;
  incomplete: string | null;
}

/** The Scaling view's sweep as the Playwright flows read it (counts, not the data). */
export interface ScalingHookState {
  /** `idle`, `waiting`, `loading`, `running`, `done`, `cancelled` or `error`. */
  status: string;
  /** Chart points (model × strategy × budget) so far. */
  points: number;
  /** Cells (one strategy × budget × problem × seed) received for the current sweep. */
  cells: number;
  /** Work units of the sweep done / in all. */
  progress: { done: number; total: number };
  /** Points on the Pareto frontier. */
  frontier: number;
  /** Majority-voting limit lines (one per model, once the sweep is done). */
  limits: number;
  /** Model × strategy curves drawn. */
  curves: number;
}

/** The Compare view's panes at the compute playhead (added with the Compare view). */
export interface CompareHookState {
  panes: { strategy: string; nodeCount: number; flops: number; tokens: number; finished: boolean }[];
  playhead: number;
  unit: 'flops' | 'tokens';
}

/** The Stage: what it links (the panes are also in `compare`, the sweep in `scaling`). */
export interface StageHookState {
  problemId: string;
  model: string;
  budget: number;
  /** The maximised part, or null. */
  max: string | null;
  cols: readonly number[];
  /** Each pane: its sweep strategy, nodes at the playhead, whether its curve is hovered, its canvas's last frame. */
  panes: { strategy: string; nodeCount: number; highlighted: boolean; drawn: number }[];
  /** The chart's run markers as drawn (label, done). */
  markers: { label: string; done: boolean }[];
  /** The chart's points as drawn (after its throttle). */
  chartPoints: number;
}

export interface FrontierHook {
  /** The Stage (kept when another view is on screen). */
  readonly stage: StageHookState;
  /** The Compare view (kept when another view is on screen). */
  readonly compare: CompareHookState;
  /** Presenter mode: on or off, the 1-based scene shown, the deck's scene count, the black screen. */
  readonly presenter: { active: boolean; scene: number; scenes: number; blank: boolean };
  /** The view on screen: 'explorer' or 'scaling'. */
  readonly view: string;
  /** The Scaling view's sweep (kept when another view is on screen). Added with the Scaling view. */
  readonly scaling: ScalingHookState;
  /** Live servers, this page's latest recording, the Library. Added with live runs. */
  readonly live: LiveHookState;
  /** The run's `done` event once it arrived, else null. Added with live runs. */
  readonly done: DoneHookState | null;
  /**
   * A digest of the run's whole event log with wall times left out (a replay answers at once):
   * equal digests = the identical tree, decisions and result. Added with live runs.
   */
  eventDigest(): string;
  /** Nodes in the tree at the playhead. */
  readonly nodeCount: number;
  /** Bumped whenever the tree at the playhead changed. */
  readonly revision: number;
  readonly playhead: number;
  readonly eventCount: number;
  readonly selection: number | null;
  readonly status: string;
  readonly playing: boolean;
  /** Whether the run's log is complete. */
  readonly finished: boolean;
  readonly camera: { x: number; y: number; k: number } | null;
  /** Where node `id` is drawn, in page CSS px (for clicking it), or null. */
  positionOf(id: number): { x: number; y: number } | null;
  /** Nodes drawn and CPU time of the canvas's last frame. */
  canvasStats(): { drawn: number; frameMs: number } | null;
  /** The same for each of the Stage's (or Compare view's) panes: cheap, for benchmarks. */
  paneCanvasStats(): ({ drawn: number; frameMs: number } | null)[];
  /**
   * What each tree canvas shows, in its own CSS px: Fit/Follow mode, canvas size, the drawn tree's
   * box and the labels of the last frame with their smallest font size. `explorer` is the
   * Explorer's canvas, `panes` the Stage's or Compare view's. Added with Fit/Follow.
   */
  treeViews(): { explorer: TreeView | null; panes: (TreeView | null)[] };
}

declare global {
  interface Window {
    __frontier?: FrontierHook;
  }
}

/** Install the hook (idempotent). `view` reports the current view's name. */
export function installTestHook(view: () => string): void {
  const hook: FrontierHook = {
    get view() { return view(); },
    get presenter() {
      const p = usePresenter.getState();
      return { active: p.active, scene: p.scene, scenes: p.deck.scenes.length, blank: p.blank };
    },
    get compare() {
      const s = useCompare.getState();
      const pbs = comparePlaybacks();
      return {
        playhead: s.playhead, unit: s.unit,
        panes: s.panes.map((p, i) => {
          const pb = pbs[i];
          return {
            strategy: p.spec.name, nodeCount: pb ? pb.nodes.filter(Boolean).length : 0,
            flops: pb?.compute.flops ?? 0, tokens: pb?.compute.policyTokens ?? 0, finished: pb?.finished ?? false,
          };
        }),
      };
    },
    get stage() {
      const st = useStage.getState();
      const c = useCompare.getState();
      const pbs = comparePlaybacks();
      const chart = document.querySelector('[data-testid="stage-chart"]');
      return {
        problemId: c.setup.problemId, model: c.setup.model, budget: st.budget, max: st.max, cols: st.cols,
        panes: c.panes.map((p, i) => {
          const strategy = sweepSlotOf(p.spec).strategy;
          return {
            strategy, nodeCount: pbs[i] ? pbs[i].nodes.filter(Boolean).length : 0,
            highlighted: st.hoverStrategy === strategy, drawn: paneCanvas(i)?.stats().drawn ?? 0,
          };
        }),
        markers: [...document.querySelectorAll('[data-testid="stage-chart"] .if-pc-marker')].map((el) => ({
          label: el.querySelector('text')?.textContent ?? '', done: el.getAttribute('data-done') === '1',
        })),
        chartPoints: Number(chart?.getAttribute('data-points') ?? 0),
      };
    },
    get scaling() {
      const s = useScaling.getState();
      return {
        status: s.status, points: s.points.length, cells: sweepCells().length,
        progress: { done: s.progress.done, total: s.progress.total },
        frontier: s.frontier.length, limits: s.limits.length,
        curves: new Set(s.points.map((p) => `${p.model}\u0000${p.strategy}`)).size,
      };
    },
    get live() {
      return liveHook?.() ?? NO_LIVE;
    },
    get done() {
      const last = getPlayback().events.at(-1);
      if (last?.type !== 'done') return null;
      return { answer: last.answer, correct: last.correct, nodes: last.nodes, solutions: last.solutions, incomplete: last.incomplete?.reason ?? null };
    },
    eventDigest() {
      // FNV-1a over the log's JSON with wall times zeroed: cheap, and enough to tell two logs apart.
      let h = 0x811c9dc5;
      const text = JSON.stringify(getPlayback().events, (k, v: unknown) => (k === 'wallMs' ? 0 : v));
      for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
      return `${(h >>> 0).toString(16)}:${text.length}`;
    },
    get nodeCount() {
      const pb = getPlayback();
      let n = 0;
      for (const node of pb.nodes) if (node) n++;
      return n;
    },
    get revision() { return useExplorer.getState().revision; },
    get playhead() { return useExplorer.getState().playhead; },
    get eventCount() { return useExplorer.getState().eventCount; },
    get selection() { return useExplorer.getState().selection; },
    get status() { return useExplorer.getState().status; },
    get playing() { return useExplorer.getState().playing; },
    get finished() { return getPlayback().finished; },
    get camera() { return useExplorer.getState().camera; },
    positionOf(id: number) {
      const tc = currentTreeCanvas();
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="tree-canvas"]');
      const p = tc?.screenPosition(id);
      if (!p || !canvas) return null;
      const r = canvas.getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    },
    canvasStats() {
      return currentTreeCanvas()?.stats() ?? null;
    },
    paneCanvasStats() {
      return useCompare.getState().panes.map((_, i) => paneCanvas(i)?.stats() ?? null);
    },
    treeViews() {
      const panes = view() === 'stage' || view() === 'compare' ? useCompare.getState().panes.map((_, i) => paneCanvas(i)?.view() ?? null) : [];
      return { explorer: view() === 'explorer' ? currentTreeCanvas()?.view() ?? null : null, panes };
    },
  };
  Object.defineProperty(window, '__frontier', { value: hook, configurable: true });
}
