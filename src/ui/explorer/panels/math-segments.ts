/**
 * Splits a model's step text into plain-text and TeX segments for MathText. Pure string work: no
 * DOM, no KaTeX. Delimiters: `$…$`, `$$…$$`, `\(…\)`, `\[…\]`.
 *
 * Dollar signs are mostly money in word problems ("Ben keeps $41 … He earns $43"), so an inline
 * `$` pair follows pandoc's rule: the opening `$` has a non-space character right after it, the
 * closing `$` has a non-space character right before it and no digit right after it. `\$` is a
 * literal dollar sign outside math. An opener without a closer stays text.
 */

export type Segment =
  | { kind: 'text'; text: string }
  /** `raw` is the segment with its delimiters, shown as text when KaTeX cannot render it. */
  | { kind: 'math'; tex: string; display: boolean; raw: string };

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Index of `close` at or after `from`, skipping backslash escapes; -1 if absent. */
function findClose(s: string, from: number, close: string, inlineDollar: boolean): number {
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && !(close.startsWith('\\') && s.startsWith(close, i))) {
      i++;
      continue;
    }
    // An inline `$…$` never spans a blank line (a stray `$` would otherwise swallow paragraphs).
    if (inlineDollar && c === '\n' && s[i + 1] === '\n') return -1;
    if (!s.startsWith(close, i)) continue;
    if (inlineDollar && (isSpace(s[i - 1]) || isDigit(s[i + 1]))) continue;
    return i;
  }
  return -1;
}

/** The text's segments in order; joining text segments and math `raw`s gives back the text (`\$` → `$`). */
export function splitMath(text: string): Segment[] {
  const out: Segment[] = [];
  let buf = '';
  const flush = () => {
    if (buf) out.push({ kind: 'text', text: buf });
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '$') {
      buf += '$';
      i += 2;
      continue;
    }
    let open = '';
    let close = '';
    let display = false;
    if (text.startsWith('$$', i)) [open, close, display] = ['$$', '$$', true];
    else if (c === '$' && !isSpace(text[i + 1])) [open, close] = ['$', '$'];
    else if (text.startsWith('\\(', i)) [open, close] = ['\\(', '\\)'];
    else if (text.startsWith('\\[', i)) [open, close, display] = ['\\[', '\\]', true];
    if (!open) {
      buf += c;
      i++;
      continue;
    }
    const start = i + open.length;
    const end = findClose(text, start, close, open === '$');
    const tex = end < 0 ? '' : text.slice(start, end);
    if (end < 0 || tex.trim() === '') {
      buf += open;
      i = start;
      continue;
    }
    flush();
    out.push({ kind: 'math', tex, display, raw: text.slice(i, end + close.length) });
    i = end + close.length;
  }
  flush();
  return out;
}
