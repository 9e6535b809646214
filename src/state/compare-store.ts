/**
 * The Compare view's state (zustand): the shared setup, the panes' strategies and run status, the
 * compute playhead and its unit. Small values only — each pane's tree lives in its own mutable
 * Playback outside the store (compare-actions.ts); `revision` is bumped whenever one changes.
 */
import { create } from 'zustand';
import type { StrategySpec } from '../search/strategies/index';
import type { CompareUnit } from './compare-timeline';
import { defaultCompareState, type CompareUrlState } from './compare-url';
import type { PrmChoice, RunStatus } from './explorer-store';

export interface CompareSetup {
  problemId: string;
  model: string;
  prm: PrmChoice;
  seed: number;
}

export interface ComparePaneState {
  spec: StrategySpec;
  status: RunStatus;
  /** Why the run ended early, if it did. */
  note: string | null;
  /** Events received so far. */
  eventCount: number;
}

export interface CompareState {
  setup: CompareSetup;
  panes: ComparePaneState[];
  unit: CompareUnit;
  /** The playhead: compute (in `unit`) every pane may have spent. */
  playhead: number;
  playing: boolean;
  /** A camera change in one pane applies to all. */
  sync: boolean;
  notices: string[];
  /** Bumped whenever any pane's Playback changed. */
  revision: number;
}

function initial(): CompareState {
  const d = defaultCompareState();
  return {
    setup: { problemId: d.problemId, model: d.model, prm: d.prm, seed: d.seed },
    panes: d.panes.map((spec) => ({ spec, status: 'idle', note: null, eventCount: 0 })),
    unit: d.unit, playhead: 0, playing: true, sync: d.sync, notices: [], revision: 0,
  };
}

export const useCompare = create<CompareState>(initial);

/** The URL's view of the state (compare-url.ts encodes it). */
export function compareUrlStateOf(s: CompareState): CompareUrlState {
  return { ...s.setup, panes: s.panes.map((p) => p.spec), unit: s.unit, c: s.playhead > 0 ? s.playhead : null, sync: s.sync };
}

export const selectCompareSetup = (s: CompareState) => s.setup;
export const selectComparePanes = (s: CompareState) => s.panes;
export const selectCompareUnit = (s: CompareState) => s.unit;
export const selectComparePlayhead = (s: CompareState) => s.playhead;
export const selectComparePlaying = (s: CompareState) => s.playing;
export const selectCompareSync = (s: CompareState) => s.sync;
export const selectCompareNotices = (s: CompareState) => s.notices;
export const selectCompareRevision = (s: CompareState) => s.revision;
