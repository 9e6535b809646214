/**
 * The Scaling view's session state (zustand): the sweep setup, how the chart is read (compute
 * convention, paper overlay, rule, savings target, opened point), and the sweep's progress and
 * results. Small values only — the sweep's cells (thousands) live in the runner
 * (scaling-runner.ts), outside the store; the store holds the points and frontier made from them,
 * replaced at most once per animation frame.
 *
 * The URL mirrors `setup` and the view fields (scaling-url.ts): a link reopens the same view.
 */
import type { VoteRule } from '../search/aggregate';
import { create } from 'zustand';
import type { SweepPoint } from '../search/sweep-summary';
import type { SweepStrategy } from '../search/strategies/index';
import type { PrmSetting } from '../sim/index';
import type { MvLimit, SweepProgress } from '../workers/sweep-protocol';
import type { SourceRef } from './explorer-store';

/** Compute conventions, by their URL name (compute.ts `conventionId`). */
export const CONVENTION_IDS = ['paper', 'prefill', 'prm', 'prefill+prm'] as const;
export type ConventionId = (typeof CONVENTION_IDS)[number];

/** Budgets a sweep may use: the powers of two from 1 to 256 (the paper's range). */
export const BUDGETS = [1, 2, 4, 8, 16, 32, 64, 128, 256] as const;
/** Difficulty levels of the sim (and of bundles that record one). */
export const LEVELS = [1, 2, 3, 4, 5] as const;
/** The most problems a sweep takes (the sim's default set has 500). */
export const MAX_COUNT = 500;
/** The most seeds a sweep takes: each seed repeats the whole sweep. */
export const MAX_SEEDS = 8;

/** What a sweep runs: models × strategies × budgets × problems × seeds (design.md §9). */
export interface ScalingSetup {
  source: SourceRef;
  /** Policy model ids of the source, in the source's order. */
  models: string[];
  /** Sweep strategies (aggregation is part of the name), in `SWEEP_STRATEGIES` order. */
  strategies: SweepStrategy[];
  /** Ascending powers of two from {@link BUDGETS}. */
  budgets: number[];
  /** Ascending levels from {@link LEVELS}; problems are spread evenly over them. */
  levels: number[];
  /** How many problems, at most the levels hold. */
  count: number;
  /** Ascending, distinct, 1 to {@link MAX_SEEDS} of them. */
  seeds: number[];
  /** Sampling strategies vote over one pool per problem, sub-sampled for every n. */
  subsample: boolean;
  /** Sim PRM quality (a sweep needs a PRM: best-of-n, weighted voting and the searches use it). */
  prm: PrmSetting;
  /**
   * Ties and `[invalid]` answers of every voting strategy (aggregate.ts `VoteRule`). Absent =
   * `official` (the default; older links and saved setups have no such field).
   */
  voteRule?: VoteRule;
}

/** One point of the chart: a model × strategy curve at one budget. */
export interface PointKey {
  model: string;
  strategy: SweepStrategy;
  budget: number;
}

/**
 * Where the sweep is: `waiting` = a setup change is being debounced; `loading` = a bundle is
 * being fetched; then `running` and one of the ends.
 */
export type SweepPhase = 'idle' | 'waiting' | 'loading' | 'running' | 'done' | 'cancelled' | 'error';

/** The majority-voting limits: asked for once a sweep is done, then cached. */
export type LimitsPhase = 'none' | 'pending' | 'ready' | 'error';

export interface ScalingState {
  setup: ScalingSetup;
  convention: ConventionId;
  /** Overlay the paper's Table 1 and Table 4 points ("paper, real models"). */
  overlay: boolean;
  /** Draw each model's pass@n (any of the n sampled solutions correct) as a dotted ceiling (issue 14). */
  oracle: boolean;
  /** FLOPs of the movable vertical rule, or null when none is placed. */
  rule: number | null;
  /** Accuracy (0–1) the savings readout reaches, or null for its own choice. */
  target: number | null;
  /** The point whose problems are listed (drill-down), or null. */
  point: PointKey | null;
  status: SweepPhase;
  /** Why the sweep failed (status 'error'). */
  error: string | null;
  /** One-line notices, e.g. an invalid URL value that fell back to its default. */
  notices: string[];
  progress: SweepProgress;
  /** Problems in the running sweep (after the level filter and count). */
  problemCount: number;
  /** Cells received for the current sweep. */
  cellCount: number;
  /** One per model × strategy × budget seen so far, sorted like `summarize`'s output. */
  points: SweepPoint[];
  /** The Pareto frontier of `points` (x = FLOPs, y = accuracy), cheapest first. */
  frontier: SweepPoint[];
  limits: MvLimit[];
  limitsPhase: LimitsPhase;
  /** Bumped whenever points were recomputed. */
  revision: number;
}

export const EMPTY_PROGRESS: SweepProgress = { done: 0, total: 0, cells: 0, elapsedMs: 0, etaMs: null };

/**
 * The Default preset's setup (scaling-presets.ts lists all presets): the two sizes the paper
 * measured (sim-7B, sim-34B ~ Llemma-7B, Llemma-34B), not the hypothetical small ones.
 */
export const DEFAULT_SETUP: ScalingSetup = {
  source: { kind: 'sim' },
  models: ['sim-7B', 'sim-34B'],
  strategies: ['greedy', 'majority', 'best-of-n', 'weighted-majority', 'beam', 'mcts', 'rebase'],
  budgets: [1, 2, 4, 8, 16, 32],
  levels: [1, 2, 3, 4, 5],
  count: 200,
  seeds: [0],
  subsample: true,
  prm: 'default',
};

export const initialScalingState: ScalingState = {
  setup: DEFAULT_SETUP,
  convention: 'paper',
  overlay: false,
  oracle: false,
  rule: null,
  target: null,
  point: null,
  status: 'idle',
  error: null,
  notices: [],
  progress: EMPTY_PROGRESS,
  problemCount: 0,
  cellCount: 0,
  points: [],
  frontier: [],
  limits: [],
  limitsPhase: 'none',
  revision: 0,
};

export const useScaling = create<ScalingState>(() => initialScalingState);

// Module-level selectors (stable identities, so components re-render only on their slice).
export const selectSetup = (s: ScalingState) => s.setup;
export const selectConvention = (s: ScalingState) => s.convention;
export const selectOverlay = (s: ScalingState) => s.overlay;
export const selectOracle = (s: ScalingState) => s.oracle;
export const selectRule = (s: ScalingState) => s.rule;
export const selectTarget = (s: ScalingState) => s.target;
export const selectPoint = (s: ScalingState) => s.point;
export const selectStatus = (s: ScalingState) => s.status;
export const selectError = (s: ScalingState) => s.error;
export const selectNotices = (s: ScalingState) => s.notices;
export const selectProgress = (s: ScalingState) => s.progress;
export const selectProblemCount = (s: ScalingState) => s.problemCount;
export const selectPoints = (s: ScalingState) => s.points;
export const selectFrontier = (s: ScalingState) => s.frontier;
export const selectLimits = (s: ScalingState) => s.limits;
export const selectLimitsPhase = (s: ScalingState) => s.limitsPhase;
export const selectRevision = (s: ScalingState) => s.revision;

/** Whether two point keys name the same point. */
export function samePoint(a: PointKey | null, b: PointKey | null): boolean {
  return a === b || (a !== null && b !== null && a.model === b.model && a.strategy === b.strategy && a.budget === b.budget);
}
