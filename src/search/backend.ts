/**
 * The Backend contract (design.md §2). A strategy never calls a server or a simulator directly.
 * Methods may answer synchronously (the sim does, so sweeps stay cheap) or with a Promise.
 */
import type { Rng } from './rng';
import type { AbortSignalLike, Problem, SearchNode, StepSample } from './types';

export type MaybePromise<T> = T | Promise<T>;

export interface SampleOptions {
  /** 0 = greedy (the most likely outcome at every step). */
  temperature: number;
  /** Max completion tokens per step (the paper: 256). */
  maxStepTokens: number;
  /** Seeded randomness for this call (the sim draws from it; HTTP backends derive `seed`). */
  rng: Rng;
  signal?: AbortSignalLike;
}

export interface ModelInfo {
  name: string;
  /** Parameter count, for FLOPs. */
  params: number;
}

export interface BackendCapabilities {
  /** `complete` is native (one call per solution) rather than a loop of `expand`. */
  complete: boolean;
  /** Can return n > 1 samples in one call. */
  multiSample: boolean;
  /** Serves only what was recorded (a replay). */
  replay: boolean;
}

export interface BackendInfo {
  policy: ModelInfo;
  prm: ModelInfo | null;
  capabilities: BackendCapabilities;
}

/**
 * What a call cost besides the completion tokens of the samples it returned. PRM tokens are not
 * a backend's to report: the run counts them from its tree (`PrmReads` in compute.ts), the same
 * way for every backend; a score call only says how long the question is ({@link ScoreResult}).
 */
export interface CallCost {
  /** Prompt tokens the server had to prefill (not in its prefix cache). */
  promptTokens?: number;
  /** Wall time of the call (simulated in the sim). */
  wallMs?: number;
}

export interface ExpandResult {
  samples: StepSample[];
  cost?: CallCost;
  /** Set by a replay that had fewer recorded children than asked for. */
  shortfall?: number;
}

export interface ScoreResult {
  /** The reward in [0, 1] of the last step of each given node's path, aligned with the input. */
  rewards: number[];
  cost?: CallCost;
  /**
   * The question's tokens as the PRM reads them, when the backend knows (the sim's count; the
   * policy's prompt tokens of the call from the question for HTTP and replay). The run charges
   * them once, on its first score call (docs/compute.md).
   */
  questionTokens?: number;
}

export interface Backend {
  describe(): BackendInfo;
  /**
   * Sample `n` next steps after `prefix` (null = after the question). The prefix is a node of
   * the caller's tree; walk `parentNode` for the path, read `ref` for the backend's own state.
   */
  expand(problem: Problem, prefix: SearchNode | null, n: number, opts: SampleOptions): MaybePromise<ExpandResult>;
  /**
   * Sample `n` whole solutions, each a chain of steps. Optional: without it the strategies loop
   * over `expand` with n = 1.
   */
  complete?(problem: Problem, n: number, opts: SampleOptions & { maxDepth: number }): MaybePromise<{ solutions: StepSample[][]; cost?: CallCost; shortfall?: number }>;
  /**
   * PRM rewards. Each node stands for its whole path; the result is the reward of the node's
   * own (last) step. (design.md §2 names this `score(problem, pathNodeIds) → number[]`; a
   * batch of paths is the same call made once for several leaves.) Requires `describe().prm`.
   */
  score(problem: Problem, nodes: readonly SearchNode[]): MaybePromise<ScoreResult>;
}
