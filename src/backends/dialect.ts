/**
 * Dialects: which endpoint the policy samples through, and how (issue 13). Every dialect turns
 * the same request — a prompt, n, stop strings, a token cap, temperature, seed — into its
 * server's body, and its answer back into OpenAI-style choices, so the rest of the policy (n > 1
 * or parallel requests, token counts, finish reasons) is one code path. docs/live.md has the
 * table of what works where.
 * - `completions`: OpenAI `POST /v1/completions` (vLLM, SGLang, llama.cpp, TGI);
 * - `ollama`: Ollama's native `POST /api/generate` with `raw: true`, since Ollama's
 *   `/v1/completions` wraps the prompt in the model's chat template;
 * - `chat`: `POST /v1/chat/completions` (hosted and chat-only servers), continuing a partial
 *   solution as an assistant prefix where the server can ({@link Continuation});
 * - `sglang`: SGLang's native `POST /generate`.
 */
import type { ServerKind } from './tokenize';

export type Dialect = 'completions' | 'ollama' | 'chat' | 'sglang';
export const DIALECTS: readonly Dialect[] = ['completions', 'ollama', 'chat', 'sglang'];

/**
 * How a chat server continues a partial assistant message:
 * - `flags`: vLLM and SGLang — `continue_final_message: true, add_generation_prompt: false`;
 * - `prefill`: llama.cpp and Ollama continue a final assistant message as it stands;
 * - `none`: a new assistant turn every time (hosted APIs): whole solutions only.
 */
export type Continuation = 'flags' | 'prefill' | 'none';
export const CONTINUATIONS: readonly Continuation[] = ['flags', 'prefill', 'none'];

/** The endpoint of each dialect, as errors and the UI name it. */
export const DIALECT_ENDPOINTS: Record<Dialect, string> = {
  completions: 'POST /v1/completions',
  ollama: 'POST /api/generate',
  chat: 'POST /v1/chat/completions',
  sglang: 'POST /generate',
};

/** One line per dialect for the Backends panel. */
export const DIALECT_LABELS: Record<Dialect, string> = {
  completions: 'OpenAI completions (/v1/completions)',
  ollama: 'Ollama native, raw prompt (/api/generate)',
  chat: 'OpenAI chat (/v1/chat/completions)',
  sglang: 'SGLang native (/generate)',
};

/** The system message of the chat dialect when none is configured (Qwen2.5-Math's, plus the step delimiter). */
export const CHAT_SYSTEM = 'Please reason step by step, separating the steps with a blank line, and put your final answer within \\boxed{}.';

export interface DialectChoice {
  dialect: Dialect;
  /** Why this dialect: the user's choice, or what was detected. */
  reason: string;
}

/** The dialect a server uses: the one configured, else Ollama's native endpoint for Ollama, else `/v1/completions`. */
export function resolveDialect(chosen: Dialect | undefined, kind: ServerKind | null | undefined): DialectChoice {
  if (chosen) return { dialect: chosen, reason: 'chosen in the settings' };
  if (kind === 'ollama') {
    return { dialect: 'ollama', reason: 'Ollama (found through /api/version): its /v1/completions applies the chat template, so the raw prompt goes to /api/generate with raw: true' };
  }
  return { dialect: 'completions', reason: kind && kind !== 'unknown' ? 'the raw-prompt endpoint of this server' : 'the default raw-prompt endpoint' };
}

/** How a chat server continues an assistant prefix: the one configured, else by server kind. */
export function resolveContinuation(chosen: Continuation | undefined, kind: ServerKind | null | undefined): { continuation: Continuation; reason: string } {
  if (chosen) return { continuation: chosen, reason: 'chosen in the settings' };
  switch (kind) {
    case 'vllm':
    case 'sglang':
      return { continuation: 'flags', reason: 'vLLM and SGLang continue the last assistant message with continue_final_message' };
    case 'llamacpp':
    case 'ollama':
      return { continuation: 'prefill', reason: 'llama.cpp and Ollama continue a final assistant message' };
    default:
      return { continuation: 'none', reason: 'a chat server not known to continue an assistant message (choose it in the settings if it does)' };
  }
}

/** Whether the policy can continue a partial solution (what the step strategies need). */
export function continuesSteps(dialect: Dialect, continuation: Continuation): boolean {
  return dialect !== 'chat' || continuation !== 'none';
}

/** Why beam search, MCTS and REBASE cannot run through a dialect, or null when they can. */
export function stepwiseBlock(dialect: Dialect, continuation: Continuation): string | null {
  if (continuesSteps(dialect, continuation)) return null;
  return 'through /v1/chat/completions without assistant-prefix continuation, each call starts a new answer, so a partial solution cannot be extended step by step';
}
