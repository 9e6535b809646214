/** The prompt formats the Backends panel offers (the presets of docs/backends.md, or custom). */
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
