/**
 * The messages between the main thread and the search worker: plain, structured-cloneable types
 * that both sides import (`import type` on the main thread). No functions, classes or Maps cross
 * the boundary except the one `onBatch` callback, which Comlink proxies.
 */
import type { LiveBackendConfig } from '../backends/index';
import type { DoneEvent, SearchEvent } from '../search/events';
import type { StrategySpec } from '../search/strategies/index';
import type { Problem } from '../search/types';
import type { PrmSetting } from '../sim/index';
import type { BundleModel, PoolNode, PoolSampling } from '../trace/index';

export type { DoneEvent, SearchEvent } from '../search/events';

/** Where a run's samples come from. */
export type RunSource =
  /** The built-in simulated world: `model` is a `SIM_MODELS` id; `prm: null` runs without a PRM. */
  | { kind: 'sim'; model: string; prm: PrmSetting | null }
  /**
   * A replay of a bundle loaded with `loadBundle`, by the key it returned. `model` is a policy
   * model id of the bundle; default: the policy of the problem's first pool.
   */
  | { kind: 'bundle'; bundleKey: string; model?: string }
  /**
   * A live OpenAI-compatible server (+ optional PRM), docs/live.md. The config carries the API
   * key(s) in this message only: the worker keeps them in memory for the run and never echoes
   * them (not in events, record deltas, outcomes or error texts). `problem` is sent whole,
   * because live problems (a dataset file, the sim's set) are the page's, not the worker's.
   */
  | { kind: 'live'; config: LiveBackendConfig; problem: Problem };

/** One Explorer run: a strategy on one problem with one seed. */
export interface RunRequest {
  source: RunSource;
  problemId: string;
  spec: StrategySpec;
  /**
   * The user's seed. The run's generator is seeded with `runSeed(seed, model, spec, problemId)`,
   * as the CLI's `run` and sweeps do, so the same seed gives the same tree everywhere.
   */
  seed: number;
}

/** A recorded run of a bundle, without its events (enough to offer it in a menu). */
export interface BundleRunSummary {
  id: string;
  problemId: string;
  strategy: { name: string; params: Record<string, unknown> };
  seed: number;
}

/** What a loaded bundle offers, for pickers and labels. The bundle itself stays in the worker. */
export interface BundleSummary {
  /** Pass as `RunSource.bundleKey`. Each load gets a new key, valid for the page's life. */
  key: string;
  fileName: string;
  title: string;
  /** `meta.source`: 'sim', 'live' or 'import:<format>'. */
  source: string;
  notes?: string;
  models: Record<string, { role: 'policy' | 'prm'; name: string; params: number }>;
  /** Only problems that have a pool (the ones a replay can run), in the bundle's order. */
  problems: Problem[];
  runs: BundleRunSummary[];
  /** Recorded steps over all pools. */
  nodeCount: number;
}

/**
 * How a run ended. `done` is the final event (also delivered as the last event of the last batch,
 * except for a cancelled run on the bridge, whose batches stop at cancel). `error`: the request
 * could not run (unknown problem, model or bundle; invalid spec; the worker failed).
 */
export interface RunOutcome {
  status: 'done' | 'cancelled' | 'error';
  done?: DoneEvent;
  error?: string;
}

/**
 * The first record delta of a live run: what a bundle needs besides the nodes (added with live
 * runs). Model ids are the ones the pool and the bundle's `models` use.
 */
export interface RecordStart {
  models: Record<string, BundleModel>;
  problem: Problem;
  pool: { problemId: string; policy: string; prm: string | null; sampling: PoolSampling };
}

/**
 * What a live run recorded since the previous batch: the samples its backend returned (as the
 * recording pool's nodes, in recorded order) and the rewards its PRM gave. The page appends each
 * delta to IndexedDB as it arrives (src/state/recording-writer.ts), so nothing already recorded is
 * lost when the page or the worker goes away mid-run. Never carries an API key.
 */
export interface RecordDelta {
  start?: RecordStart;
  /** New pool nodes, in recorded order (a node's parent is always recorded before it). */
  nodes?: PoolNode[];
  /** `[pool node id, reward]` in the order the PRM answered; a later entry for a node wins. */
  rewards?: [string, number][];
  /** The question's prompt tokens, reported once (the pool's `promptTokens`). */
  promptTokens?: number;
}

/**
 * Receives events in order, many per call (one call per flush, never one per node). A live run
 * also passes what it recorded since the last call (`record`, in the same message as the events
 * it belongs with); sim and replay runs never do.
 */
export type BatchListener = (events: SearchEvent[], record?: RecordDelta) => void;

/** The longest a batch is held back while events flow (house style: every ~16–50 ms). */
export const BATCH_INTERVAL_MS = 30;
