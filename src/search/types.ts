/** Shared value types of the search engine (design.md §2–3). */

/** How a problem's answers are graded and bucketed for voting (design.md §6). */
export type GradingStyle = 'math' | 'gsm8k';

export interface Problem {
  id: string;
  question: string;
  /** The gold answer exactly as the dataset gives it. */
  answer: string;
  dataset?: string;
  level?: number;
  subject?: string;
  /** Defaults to 'gsm8k' for dataset 'gsm8k', else 'math'. */
  grading?: GradingStyle;
}

export type FinishReason = 'stop' | 'length' | 'eos';

/** One sampled next step, as a Backend returns it. */
export interface StepSample {
  text: string;
  /** Completion tokens the policy generated for this step. */
  tokens: number;
  /** The step ends the solution. */
  terminal: boolean;
  /** The extracted answer, when terminal. */
  answer?: string;
  finishReason: FinishReason;
  /** Backend-private state (the sim's hidden step state, a replayed node's recorded id…). */
  ref?: unknown;
}

/**
 * Compute spent so far (design.md §5). `flops` follows the paper's convention
 * (2 × policy params × generated tokens); other conventions are derived from the token counts
 * with `flopsFor` in compute.ts.
 */
export interface Compute {
  policyTokens: number;
  /** Prompt tokens the server had not seen (prefix cache assumed), for the `prefill` switch. */
  promptTokens: number;
  /** Tokens the PRM read (new ones only), for the `prm` switch. */
  prmTokens: number;
  flops: number;
  /** Backend calls (expand, complete, score). */
  calls: number;
  /** Wall time the backend reported (the sim reports a simulated, deterministic latency). */
  wallMs: number;
}

export function zeroCompute(): Compute {
  return { policyTokens: 0, promptTokens: 0, prmTokens: 0, flops: 0, calls: 0, wallMs: 0 };
}

/** A node of a run's search tree. Ids are integers in creation order, unique within the run. */
export interface SearchNode {
  readonly id: number;
  /** null = a first step after the question. */
  readonly parent: number | null;
  readonly parentNode: SearchNode | null;
  /** 1 for a first step. */
  readonly depth: number;
  readonly text: string;
  readonly tokens: number;
  readonly terminal: boolean;
  readonly answer?: string;
  readonly finishReason: FinishReason;
  /** PRM reward of this node's last step, null until scored. */
  reward: number | null;
  /** Backend-private state copied from the sample. */
  readonly ref: unknown;
  readonly children: SearchNode[];
}

/** The part of AbortSignal pure code reads (src/search compiles without the DOM lib). */
export interface AbortSignalLike {
  readonly aborted: boolean;
}
