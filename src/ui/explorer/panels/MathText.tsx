/**
 * A model's step text with its TeX rendered by KaTeX. Model text is data: plain segments become
 * React text nodes; only KaTeX's own output (trust off, so no \href, \url, \includegraphics or
 * \htmlClass) is ever set as HTML. A segment KaTeX cannot parse is shown raw, marked.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { Fragment, useMemo } from 'react';
import { splitMath, type Segment } from './math-segments';

type Rendered = { ok: true; html: string } | { ok: false; error: string };

const CACHE_LIMIT = 600;
/** Hovering across a tree re-renders the same steps many times; KaTeX is the slow part. */
const cache = new Map<string, Rendered>();

/** KaTeX HTML for one TeX segment, or why it failed. Exported for tests. */
export function renderTex(tex: string, display: boolean): Rendered {
  const key = (display ? 'D' : 'I') + tex;
  const hit = cache.get(key);
  if (hit) return hit;
  let result: Rendered;
  try {
    const html = katex.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      trust: false,
      strict: 'ignore',
      output: 'htmlAndMathml',
      maxSize: 20,
      maxExpand: 500,
    });
    result = { ok: true, html };
  } catch (err) {
    result = { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

function MathSegment({ seg }: { seg: Extract<Segment, { kind: 'math' }> }) {
  const r = renderTex(seg.tex, seg.display);
  if (!r.ok) {
    return (
      <span className="if-math-error" title={`could not render: ${r.error}`}>
        {seg.raw}
      </span>
    );
  }
  // The one place model-derived text becomes HTML: KaTeX escapes it and, with trust off, emits no links or raw HTML.
  return <span className={seg.display ? 'if-math if-math-display' : 'if-math'} dangerouslySetInnerHTML={{ __html: r.html }} />;
}

export interface MathTextProps {
  /** The step text as the model wrote it. */
  text: string;
  className?: string;
}

/**
 * Renders `text` with its `$…$`, `$$…$$`, `\(…\)` and `\[…\]` segments typeset by KaTeX; a dollar
 * amount such as "$41" stays text (see math-segments.ts). Unparseable TeX is shown as written
 * with a dotted underline and the title "could not render".
 */
export function MathText({ text, className }: MathTextProps) {
  const segments = useMemo(() => splitMath(text), [text]);
  return (
    <span className={className ? `if-mathtext ${className}` : 'if-mathtext'}>
      {segments.map((seg, i) => (seg.kind === 'text' ? <Fragment key={i}>{seg.text}</Fragment> : <MathSegment key={i} seg={seg} />))}
    </span>
  );
}

const TEX_LIKE = /[\\^_{}]/;

/**
 * A final answer (TeX without delimiters): typeset by KaTeX when it has TeX in it (`\frac{1}{2}`,
 * `x^2`), plain text otherwise (`232`, `(1,2)`) or when it does not parse.
 */
export function AnswerText({ answer }: { answer: string }) {
  const r = TEX_LIKE.test(answer) ? renderTex(answer, false) : null;
  if (!r?.ok) return <span className="if-answer">{answer === '' ? '(empty)' : answer}</span>;
  // KaTeX output only (trust off), as in MathSegment.
  return <span className="if-answer if-math" dangerouslySetInnerHTML={{ __html: r.html }} />;
}
