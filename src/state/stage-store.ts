/**
 * The Stage's own state (zustand): what it adds to the two panes (the Compare view's store and
 * actions drive them) and to the chart (the Scaling view's store and runner fill it) — the shared
 * budget, the sweep preset and FLOPs convention, the layout, the linked hover, the last pick.
 */
import { create } from 'zustand';
import type { PresetId } from './scaling-presets';
import type { ConventionId } from './scaling-store';
import { DEFAULT_COLS, STAGE_BUDGET, type StageCols, type StagePart } from './stage-url';

/** A problem loaded from a chart point: which, and why that one. */
export interface StagePick {
  problemId: string;
  model: string;
  budget: number;
  /** One line for the caption, e.g. "1 of 200 problems behind sim-7B · REBASE · n=16; …". */
  reason: string;
}

export interface StageState {
  budget: number;
  sweep: PresetId;
  conv: ConventionId;
  cols: StageCols;
  max: StagePart | null;
  /** A chart curve under the pointer: its strategy, so the matching pane lights up. */
  hoverStrategy: string | null;
  pick: StagePick | null;
  notices: string[];
}

export const initialStageState: StageState = {
  budget: STAGE_BUDGET, sweep: 'default', conv: 'paper', cols: DEFAULT_COLS, max: null, hoverStrategy: null, pick: null, notices: [],
};

export const useStage = create<StageState>(() => initialStageState);

export const selectStageMax = (s: StageState) => s.max;
export const selectStageCols = (s: StageState) => s.cols;
export const selectStageHover = (s: StageState) => s.hoverStrategy;
export const selectStagePick = (s: StageState) => s.pick;
export const selectStageNotices = (s: StageState) => s.notices;
export const selectStageBudget = (s: StageState) => s.budget;
export const selectStageSweep = (s: StageState) => s.sweep;
export const selectStageConv = (s: StageState) => s.conv;
