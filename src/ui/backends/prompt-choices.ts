/** The prompt formats and endpoints the Backends panel offers (docs/backends.md, docs/live.md). */
import { DIALECT_ENDPOINTS, DIALECT_LABELS, DIALECTS, resolveContinuation, resolveDialect, stepwiseBlock, type Continuation, type Dialect } from '../../backends/dialect';
import type { ServerKind } from '../../backends/index';
import type { FormatChoice } from '../../state/live-config';
import { PROMPT_FORMATS } from '../../state/live-draft';

export const PROMPT_CHOICES: readonly { value: FormatChoice; label: string }[] = [
  { value: 'plain', label: 'plain — "Question: … Answer: Let\'s think step by step.", steps by blank lines' },
  { value: 'qwen-math', label: 'qwen-math — Qwen2.5-Math chat template, steps by blank lines' },
  { value: 'metamath', label: 'metamath — MetaMath Alpaca prompt, "Step k:" headers (official REBASE)' },
  { value: 'qwen3-think', label: 'qwen3-think — Qwen3, thinking on: <think>…</think> then the answer, steps by blank lines' },
  { value: 'qwen3-no-think', label: 'qwen3-no-think — Qwen3, thinking off (empty think block), steps by blank lines' },
  { value: 'r1', label: 'r1 — DeepSeek-R1 distills: <think>…</think> then the answer, steps by blank lines' },
  { value: 'custom', label: 'custom' },
];

/** A preset's template, delimiter and answer pattern (for display, or to start a custom one from). */
export function presetFormat(choice: FormatChoice): { template: string; delimiter: string; answerPattern: string } {
  const f = choice === 'custom' ? PROMPT_FORMATS.plain : PROMPT_FORMATS[choice];
  return { template: f.template, delimiter: f.delimiter, answerPattern: f.answerPattern };
}

/** The endpoints the panel offers (src/backends/dialect.ts), '' = by server kind. */
export const DIALECT_CHOICES: readonly { value: Dialect | ''; label: string }[] = [
  { value: '', label: 'automatic (Ollama: /api/generate; others: /v1/completions)' },
  ...DIALECTS.map((d) => ({ value: d, label: DIALECT_LABELS[d] })),
];

export const CONTINUATION_CHOICES: readonly { value: Continuation | ''; label: string }[] = [
  { value: '', label: 'automatic (by server kind)' },
  { value: 'flags', label: 'continue_final_message (vLLM, SGLang)' },
  { value: 'prefill', label: 'final assistant message continued as is (llama.cpp, Ollama)' },
  { value: 'none', label: 'none — whole solutions only (hosted APIs)' },
];

/** Which endpoint a draft uses and why, as one sentence for the panel. */
export function dialectInUse(dialect: Dialect | '', continuation: Continuation | '', kind: ServerKind | null): string {
  const d = resolveDialect(dialect || undefined, kind);
  let text = `In use: ${DIALECT_ENDPOINTS[d.dialect]} — ${d.reason}.`;
  if (d.dialect === 'chat') {
    const c = resolveContinuation(continuation || undefined, kind);
    const block = stepwiseBlock('chat', c.continuation);
    text += ` Continuation: ${c.continuation} — ${c.reason}.${block ? ' Beam search, MCTS and REBASE are disabled; voting and best-of-N run.' : ''}`;
  }
  return text;
}
