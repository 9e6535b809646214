/**
 * Finding the final answer in a solution text (design.md §6, docs/grading.md).
 * MATH: the last `\boxed{…}` (brace-balanced; `\fbox` when there is no `\boxed`), else the text
 * after the last "The answer is" (the official REBASE code's terminal marker), else PRM800K's
 * `# Answer` block. GSM8K: the text after `####`, else a `\boxed{}`, else "The answer is", else
 * the last number.
 */
import { lastNumber } from './numeric';

const BOXED_TOKEN = /^[^\s$]+/;
/** End of the answer sentence: a period followed by a space or the end (`3.5` is kept whole). */
const SENTENCE_END = /\.(?:\s|$)/;
const EDGE_DOLLARS = /^\$+|\$+$/g;
const TRAILING_DOT = /\.+$/;

/**
 * The content of the last `\boxed{…}` (or `\fbox{…}`), brace-balanced; `\boxed 5` gives `5`.
 * Returns null when there is none or the last one never closes (a truncated solution: an earlier
 * box is not taken instead, because the solution moved on from it).
 */
export function lastBoxed(text: string): string | null {
  let at = text.lastIndexOf('\\boxed');
  let open = at + 6;
  if (at < 0) {
    at = text.lastIndexOf('\\fbox');
    open = at + 5;
  }
  if (at < 0) return null;
  let i = open;
  while (text[i] === ' ') i++;
  if (text[i] !== '{') {
    // `\boxed 5` needs the space; `\boxedx` is another macro.
    const m = i > open ? BOXED_TOKEN.exec(text.slice(i)) : null;
    return m ? m[0] : null;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(i + 1, j);
  }
  return null;
}

/** Text after the last "The answer is" / "The final answer is" (optional colon), one sentence. */
export function afterAnswerIs(text: string): string | null {
  const lower = text.toLowerCase();
  let from = lower.length;
  for (;;) {
    const at = lower.lastIndexOf('answer is', from);
    if (at < 0) return null;
    const before = lower.slice(Math.max(0, at - 10), at);
    if (before.endsWith('the ') || before.endsWith('the final ')) {
      let rest = text.slice(at + 9).trimStart();
      if (rest.startsWith(':')) rest = rest.slice(1).trimStart();
      const nl = rest.indexOf('\n');
      if (nl >= 0) rest = rest.slice(0, nl);
      const end = SENTENCE_END.exec(rest);
      if (end) rest = rest.slice(0, end.index);
      rest = rest.trim().replace(TRAILING_DOT, '').replace(EDGE_DOLLARS, '').trim();
      return rest === '' ? null : rest;
    }
    if (at === 0) return null;
    from = at - 1;
  }
}

/** The first non-empty line after the last `marker` (`# Answer`, `####`). */
function lineAfter(text: string, marker: string): string | null {
  const at = text.lastIndexOf(marker);
  if (at < 0) return null;
  for (const line of text.slice(at + marker.length).split('\n')) {
    const t = line.trim();
    if (t !== '') return t;
  }
  return null;
}

/** The MATH-style final answer of a solution text, or null when it states none. */
export function extractMath(text: string): string | null {
  if (text.includes('\\boxed') || text.includes('\\fbox')) {
    const boxed = lastBoxed(text);
    if (boxed !== null && boxed.trim() !== '') return boxed.trim();
  }
  return afterAnswerIs(text) ?? lineAfter(text, '# Answer');
}

/** The GSM8K-style final answer of a solution text, or null when it has no number at all. */
export function extractGsm8k(text: string): string | null {
  const hash = lineAfter(text, '####');
  if (hash !== null) return hash;
  if (text.includes('\\boxed')) {
    const boxed = lastBoxed(text);
    if (boxed !== null && boxed.trim() !== '') return boxed.trim();
  }
  return afterAnswerIs(text) ?? lastNumber(text);
}
