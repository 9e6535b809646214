/**
 * A cheap deterministic tokenizer that approximates a Llama-style BPE on English arithmetic text,
 * so the sim's token counts (and hence FLOPs) come from the text itself:
 * - whitespace is free (BPE folds a leading space into the next token);
 * - a run of letters (apostrophes split it) is one token per started 7 letters — short common
 *   words are one token, long words two or three;
 * - every digit is its own token (Llama splits numbers into single digits);
 * - every other character (punctuation, $, +, ×, =, …) is one token.
 * The hot path never calls this: step templates carry precomputed counts and a number adds its
 * character count (digits, sign and decimal point are one token each). Tests check both agree.
 */

const LETTER_CHUNK = 7;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** Number of tokens in `text` under the sim's approximate Llama-style tokenizer. */
export function countTokens(text: string): number {
  let tokens = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLetter(c)) {
      run++;
      continue;
    }
    if (run > 0) {
      tokens += Math.ceil(run / LETTER_CHUNK);
      run = 0;
    }
    if (!isSpace(c)) tokens++;
  }
  if (run > 0) tokens += Math.ceil(run / LETTER_CHUNK);
  return tokens;
}

/**
 * The first `maxTokens` tokens of `text` (used only when a step is cut by `maxStepTokens`).
 * Cuts at a token boundary; a long word may be cut inside, as a real BPE would.
 */
export function truncateTokens(text: string, maxTokens: number): string {
  let tokens = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLetter(c)) {
      if (run % LETTER_CHUNK === 0) {
        if (tokens === maxTokens) return text.slice(0, i);
        tokens++;
      }
      run++;
      continue;
    }
    run = 0;
    if (isSpace(c)) continue;
    if (tokens === maxTokens) return text.slice(0, i);
    tokens++;
  }
  return text;
}
