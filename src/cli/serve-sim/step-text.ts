/**
 * Reading solution steps inside prompt text, leniently: whitespace may differ, a step may come
 * with or without its "Step N:" header (a client whose format supplies the headers itself sends
 * the text after them), and PRM tags, the step delimiter and chat end markers may stand between
 * steps. Pure functions over strings; world.ts decides what the steps mean.
 */
import { TAG_QWEN, TAG_SHEPHERD, isSpace } from './tokens';

export const TAGS = [TAG_QWEN, TAG_SHEPHERD];
/** End-of-turn markers a chat template puts after the solution (Qwen, Llama 3, Mistral/Llama 2). */
const END_MARKERS = ['<|im_end|>', '<|endoftext|>', '<|eot_id|>', '<|end_of_text|>', '</s>'];
/** What may stand between two steps or after the last one, besides whitespace and the delimiter. */
const SEPARATORS = [...TAGS, ...END_MARKERS];
const HEADER = /^Step \d+:\s*/;

const formsMemo = new Map<string, readonly string[]>();
const MAX_FORMS = 100_000;

/** The ways a step can appear in a prompt: its whole text, and its text after the "Step N:" header. */
export function forms(text: string): readonly string[] {
  let f = formsMemo.get(text);
  if (!f) {
    const m = HEADER.exec(text);
    f = m ? [text, text.slice(m[0].length)] : [text];
    if (formsMemo.size >= MAX_FORMS) formsMemo.clear();
    formsMemo.set(text, f);
  }
  return f;
}

export interface LooseMatch {
  /** Index in the prompt where the match ends. */
  end: number;
  /** Characters of the form matched (= its length for a whole match; less when the prompt ran out). */
  used: number;
}

/**
 * Match `form` against `s` from `pos`, whitespace-tolerant: a run of whitespace in the form
 * matches any run (or none) in `s`, and `s` may hold whitespace only where the form does.
 * null on a mismatch; a result with `used < form.length` means `s` ended inside the form.
 */
export function looseMatch(s: string, pos: number, form: string): LooseMatch | null {
  let i = pos;
  let j = 0;
  while (j < form.length) {
    if (isSpace(form.charCodeAt(j))) {
      const [i0, j0] = [i, j];
      while (j < form.length && isSpace(form.charCodeAt(j))) j++;
      while (i < s.length && isSpace(s.charCodeAt(i))) i++;
      // `s` ends before this space: the space is still to be written.
      if (i === s.length && i === i0) return { end: i, used: j0 };
      continue;
    }
    if (i >= s.length) return { end: i, used: j };
    if (s.charCodeAt(i) !== form.charCodeAt(j)) return null;
    i++;
    j++;
  }
  return { end: i, used: j };
}

/** Where a whole step in one of its forms ends in `s` at `pos` (followed by a boundary); -1 when it is not there. */
export function wholeAt(s: string, pos: number, text: string, delimiter: string): number {
  let best = -1;
  for (const f of forms(text)) {
    const m = looseMatch(s, pos, f);
    if (m && m.used === f.length && m.end > best && isBoundary(s, m.end, delimiter)) best = m.end;
  }
  return best;
}

/** How many characters of `text` the piece `s` (the whole of it) is the start of, in either form; -1 when it is not. */
export function startOf(s: string, text: string): { used: number; form: string } | null {
  for (const f of forms(text)) {
    const m = looseMatch(s, 0, f);
    if (m && m.end === s.length && m.used < f.length) return { used: m.used, form: f };
  }
  return null;
}

/** A step may end here: end of text, whitespace, a separator, the delimiter, or the next header. */
export function isBoundary(s: string, i: number, delimiter: string): boolean {
  return i === s.length || isSpace(s.charCodeAt(i)) || s.startsWith('Step ', i) || s.startsWith(delimiter, i)
    || SEPARATORS.some((t) => s.startsWith(t, i));
}

/** Skip whitespace, delimiters, tags and end markers from `pos`. */
export function skipSeparators(s: string, pos: number, delimiter: string): number {
  for (;;) {
    if (pos < s.length && isSpace(s.charCodeAt(pos))) pos++;
    else if (s.startsWith(delimiter, pos)) pos += delimiter.length;
    else {
      const sep = SEPARATORS.find((t) => s.startsWith(t, pos));
      if (!sep) return pos;
      pos += sep.length;
    }
  }
}

/** `s` without trailing whitespace, delimiters, tags and end markers. */
export function stripSeparators(s: string, delimiter: string): string {
  for (;;) {
    const t = s.trimEnd();
    const sep = [delimiter, ...SEPARATORS].find((x) => t.endsWith(x));
    if (!sep) return t;
    s = t.slice(0, -sep.length);
  }
}

/**
 * Where the step starting at `from` must end at the latest: the first line break, delimiter,
 * tag or end marker, or the header of step `next`; -1 when none follows (the text ends inside it).
 * A sim step is one line and contains none of these.
 */
export function stepLimit(s: string, from: number, next: number, delimiter: string): number {
  let end = -1;
  const take = (i: number) => {
    if (i >= 0 && (end < 0 || i < end)) end = i;
  };
  take(findHeader(s, from + 1, next));
  for (const t of ['\n', '\r', ...(delimiter.trim() ? [delimiter] : []), ...SEPARATORS]) take(s.indexOf(t, from));
  return end;
}

/** Where "Step {num}" (followed by ':' or the end of the text) first occurs at or after `from`; -1 if nowhere. */
export function findHeader(s: string, from: number, num: number): number {
  const h = `Step ${num}`;
  for (let i = s.indexOf(h, from); i >= 0; i = s.indexOf(h, i + 1)) {
    const after = i + h.length;
    if (after === s.length || s[after] === ':') return i;
  }
  return -1;
}

/** What the model writes before the next step, given what the prompt has after the last one. */
export function leadAfter(gap: string, delimiter: string): string {
  if (gap === '') return delimiter;
  return delimiter.startsWith(gap) ? delimiter.slice(gap.length) : '';
}
