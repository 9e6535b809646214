/**
 * The Explorer's session state (zustand): what the view shows and how. Small values only — the
 * big tree lives in a mutable Playback outside the store (see playback-store.ts); a change of the
 * tree bumps `revision` once per batch or playhead move.
 *
 * The URL mirrors `params` and the view fields (url-codec.ts): a link reopens the same view.
 */
import { create } from 'zustand';
import type { Granularity } from '../search/playback';
import type { StrategySpec } from '../search/strategies/index';
import { defaultSpec } from '../search/strategies/index';

/** Where problems and samples come from. */
export type SourceRef =
  | { kind: 'sim' }
  /** A bundle shipped with the app (fixtures/), by file stem, e.g. "sim-rebase". */
  | { kind: 'fixture'; name: string }
  /** A bundle the user loaded from disk (not restorable from a link: the URL says so). */
  | { kind: 'file'; name: string }
  /**
   * A live server configured in the Backends panel (live-store.ts), by id: runs go to it and are
   * recorded into the Library as they go. A link never restarts a live run (the URL says so).
   */
  | { kind: 'live'; id: string }
  /** A live recording kept in this browser (the Library, recording-db.ts), replayed. */
  | { kind: 'recording'; id: string };

/** Sim PRM quality: a preset, a number in [0,1], or 'none'. */
export type PrmChoice = 'weak' | 'default' | 'strong' | 'none' | number;

export interface ExplorerParams {
  source: SourceRef;
  /** Policy model id (sim ladder id, or a bundle's policy model id). */
  model: string;
  prm: PrmChoice;
  problemId: string;
  spec: StrategySpec;
  seed: number;
}

export interface Camera {
  x: number;
  y: number;
  k: number;
  /** The tree's level spacing the camera was taken at (src/viz/camera.ts); absent = the default. */
  l?: number;
}

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface LoadError {
  /** What failed, e.g. "Could not load my.trace.json". */
  title: string;
  /** Where and why, e.g. "pools[0].nodes[3].reward: must be a number in [0, 1] (got 1.3)". */
  detail: string;
}

export interface ExplorerState {
  params: ExplorerParams;
  status: RunStatus;
  /** Why a run ended early (cancel, backend error, replay shortfall), shown under the canvas. */
  runNote: string | null;
  /** A bad file or bad fixture: shown in an error panel; the current view stays. */
  loadError: LoadError | null;
  /** One-line notices, e.g. an invalid URL value that fell back to its default. */
  notices: string[];
  /** A bundle being loaded, e.g. "Loading sim-rebase…"; null when none. Added for the load spinner. */
  loading: string | null;
  /** Bumped whenever the Playback changed (events arrived, playhead moved). */
  revision: number;
  playhead: number;
  eventCount: number;
  playing: boolean;
  /** Playback speed multiplier, 0.25–8. */
  speed: number;
  granularity: Granularity;
  orientation: 'tb' | 'lr';
  selection: number | null;
  hover: number | null;
  /** null = fit the tree to the view. */
  camera: Camera | null;
}

export const DEFAULT_PARAMS: ExplorerParams = {
  source: { kind: 'sim' },
  model: 'sim-7B',
  prm: 'default',
  problemId: 'sim-L3-0002',
  spec: defaultSpec('rebase'),
  seed: 0,
};

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;

export const initialExplorerState: ExplorerState = {
  params: DEFAULT_PARAMS,
  status: 'idle',
  runNote: null,
  loadError: null,
  notices: [],
  loading: null,
  revision: 0,
  playhead: 0,
  eventCount: 0,
  playing: true,
  speed: 1,
  granularity: 'step',
  orientation: 'tb',
  selection: null,
  hover: null,
  camera: null,
};

export const useExplorer = create<ExplorerState>(() => initialExplorerState);

// Module-level selectors (stable identities, so components re-render only on their slice).
export const selectParams = (s: ExplorerState) => s.params;
export const selectStatus = (s: ExplorerState) => s.status;
export const selectRevision = (s: ExplorerState) => s.revision;
export const selectPlayhead = (s: ExplorerState) => s.playhead;
export const selectEventCount = (s: ExplorerState) => s.eventCount;
export const selectPlaying = (s: ExplorerState) => s.playing;
export const selectSpeed = (s: ExplorerState) => s.speed;
export const selectGranularity = (s: ExplorerState) => s.granularity;
export const selectOrientation = (s: ExplorerState) => s.orientation;
export const selectSelection = (s: ExplorerState) => s.selection;
export const selectHover = (s: ExplorerState) => s.hover;
export const selectCamera = (s: ExplorerState) => s.camera;
export const selectLoadError = (s: ExplorerState) => s.loadError;
export const selectNotices = (s: ExplorerState) => s.notices;
export const selectRunNote = (s: ExplorerState) => s.runNote;
export const selectLoading = (s: ExplorerState) => s.loading;
