/**
 * Types shared by the sweep pool (main thread) and the sweep workers: what a sweep asks for,
 * what comes back, and the majority-voting limits. Plain data (structured-clone safe).
 */
import type { SweepStrategy } from '../search/strategies/index';
import type { VoteRule } from '../search/aggregate';
import type { SweepCell, SweepUnit } from '../search/sweep';
import type { PrmSetting } from '../sim/index';

export type SweepSource =
  | { kind: 'sim'; prm: PrmSetting | null }
  /** A bundle loaded through the SearchBridge (its key); every model is one of its policy models. */
  | { kind: 'bundle'; bundleKey: string };

/** A whole sweep, as the Scaling view asks for it. */
export interface SweepRequest {
  source: SweepSource;
  models: string[];
  strategies: SweepStrategy[];
  budgets: number[];
  problemIds: string[];
  seeds: number[];
  /** Sampling strategies vote over one pool of max(budgets) per problem, sub-sampled per n. */
  subsample: boolean;
  /** Problems per unit of work (default 25). Smaller: earlier, noisier first points. */
  chunk?: number;
  /** Ties and `[invalid]` answers of the voting strategies (aggregate.ts); absent = `official`. */
  voteRule?: VoteRule;
}

export interface SweepProgress {
  /** Units finished / all units. */
  done: number;
  total: number;
  /** Cells received so far. */
  cells: number;
  elapsedMs: number;
  /** Estimated time left, null until the first unit finished. */
  etaMs: number | null;
}

export type SweepStatus = 'done' | 'cancelled' | 'error';

export interface SweepHandlers {
  /** A batch of finished cells (any order; a unit's cells arrive together). */
  onCells(cells: SweepCell[]): void;
  onProgress(progress: SweepProgress): void;
  /** Called once; no handler is called after it. */
  onDone(status: SweepStatus, error?: string): void;
}

/**
 * The majority-voting limit of a model (the paper's Theorem 1): the share of problems whose most
 * likely answer is the gold one; `weighted` uses p(answer)·E[reward | answer] (Theorem 2), null
 * without a PRM.
 */
export interface MvLimit {
  model: string;
  majority: number;
  weighted: number | null;
  /**
   * How `majority` was found: 'exact' from the sim's answer distributions (src/sim/majority-limit.ts),
   * 'sampled' from `samples` solutions per problem (a bundle's recorded pools).
   */
  method: 'exact' | 'sampled';
  /** Solutions per problem behind the sampled figures (`weighted` always; `majority` when sampled); 0 when none were drawn. */
  samples: number;
  problems: number;
  /** Exact only: problems whose decision the pruned probability could in principle change (decided by the enumerated mass). */
  uncertified?: number;
}

export interface MvLimitRequest {
  source: SweepSource;
  models: string[];
  problemIds: string[];
  /** Solutions drawn per problem for the sim's weighted estimate (majority is exact; a bundle uses all it recorded). */
  samples: number;
  /** Seed of the sim's draws (default 0); the same seed gives the same estimate. */
  seed?: number;
}

/**
 * A unit of work as it travels to a sweep worker: a `SweepUnit` with its problems by id (the
 * worker looks them up in its source: the sim's generator or the loaded bundle).
 */
export interface SweepUnitRequest extends Omit<SweepUnit, 'problems'> {
  problemIds: string[];
}

/** How a worker's `runUnits` call ended; `units` counts the units whose cells were delivered. */
export interface UnitsOutcome {
  status: 'done' | 'error';
  units: number;
  error?: string;
}
