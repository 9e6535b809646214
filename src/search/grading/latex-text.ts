/**
 * LaTeX → plain text for answer keys: the role pylatexenc plays in the PRM800K grader
 * (docs/grading.md). Not a LaTeX parser for rendering: it only has to map equal answers to equal
 * strings and keep different ones apart. `\frac{a}{b}` → `a/b`, `\sqrt{x}` / `\sqrt x` →
 * `sqrt(x)`, `\pi` → `pi`, `\infty` → `inf`, `\cup` → `∪`, matrices → `[[a,b],[c,d]]`,
 * text wrappers keep their content, grouping braces disappear.
 */

/** Macros with a fixed text. */
const SYMBOLS: Readonly<Record<string, string>> = {
  pi: 'pi', infty: 'inf', infinity: 'inf', cup: '∪', cap: '∩', cdot: '*', times: '*', ast: '*',
  div: '/', pm: '±', mp: '∓', le: '<=', leq: '<=', ge: '>=', geq: '>=', ne: '!=', neq: '!=',
  lt: '<', gt: '>', in: '∈', ldots: '...', cdots: '...', dots: '...', emptyset: '∅',
  varnothing: '∅', circ: '', degree: '', prime: "'", colon: ':', vert: '|', mid: '|', lvert: '|',
  rvert: '|', langle: '<', rangle: '>', lbrace: '', rbrace: '', setminus: '\\',
  // Spacing and sizing: no text.
  left: '', right: '', big: '', Big: '', bigg: '', Bigg: '', bigl: '', bigr: '', Bigl: '',
  Bigr: '', biggl: '', biggr: '', displaystyle: '', textstyle: '', quad: '', qquad: '',
  limits: '', nolimits: '', phantom: '', hfill: '', noindent: '',
};

/** Macros whose one argument is their text (`\text{Evelyn}` → `Evelyn`). */
const WRAPPERS = new Set([
  'text', 'textrm', 'textbf', 'textit', 'texttt', 'textsf', 'textnormal', 'mathrm', 'mathbf',
  'mathit', 'mathsf', 'mathtt', 'mathbb', 'mathcal', 'mathnormal', 'mbox', 'hbox', 'operatorname',
  'boxed', 'fbox', 'emph', 'bm', 'boldsymbol', 'underline',
]);

const FRACS = new Set(['frac', 'dfrac', 'tfrac', 'cfrac']);
const MATRIX_ENV = /^(?:[pbBvV]|small)?matrix\*?$|^array$/;
const LETTER = /[A-Za-z]/;
const SIMPLE_SCRIPT = /^[0-9A-Za-z.]+$/;
/** A numerator that needs no parentheses before `/`: no operator after its first character. */
const NEEDS_PARENS_NUM = /.[-+±∓,=<>/]/;
/** A denominator that needs none: a number, a word, or a call like `sqrt(3)`. */
const ATOMIC_DEN = /^(?:[0-9.]+|[A-Za-z]+|[A-Za-z]*\([^()]*\))$/;
const INTEGER = /^\d+$/;
const TRAILING_INT = /(^|[\s+\-(,[=])(\d+)\s*$/;
/** Row and column separators, read as spaces outside matrices (`cases`, `aligned` …). */
const ALIGN_MARKS = /\\\\|&/g;

/** Text converter over one string; `pos` walks it. */
class Converter {
  private pos = 0;
  constructor(private readonly src: string) {}

  /** Convert from the current position up to `end` (exclusive). */
  run(end = this.src.length): string {
    let out = '';
    const s = this.src;
    while (this.pos < end) {
      const ch = s[this.pos];
      if (ch === '\\') out = this.macro(out, end);
      else if (ch === '{') {
        const close = this.matchBrace(this.pos);
        const stop = Math.min(close, end);
        this.pos++;
        out += this.run(stop);
        this.pos = stop + 1;
      } else if (ch === '}') this.pos++;
      else if (ch === '^' || ch === '_') {
        this.pos++;
        const arg = this.arg(end);
        // `^\circ` and friends convert to nothing: drop the operator too.
        if (arg !== '') out += ch + (SIMPLE_SCRIPT.test(arg) ? arg : `(${arg})`);
      } else if (ch === '~') {
        out += ' ';
        this.pos++;
      } else {
        out += ch;
        this.pos++;
      }
    }
    return out;
  }

  /** Index of the `}` closing the `{` at `open` (or the string's length when unclosed). */
  private matchBrace(open: number): number {
    const s = this.src;
    let depth = 0;
    for (let i = open; i < s.length; i++) {
      const c = s[i];
      if (c === '\\') i++;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return i;
    }
    return s.length;
  }

  /** One macro argument: a brace group, a macro, or a single character; converted. */
  private arg(end: number): string {
    const s = this.src;
    while (this.pos < end && s[this.pos] === ' ') this.pos++;
    if (this.pos >= end) return '';
    const c = s[this.pos];
    if (c === '{') {
      const close = Math.min(this.matchBrace(this.pos), end);
      this.pos++;
      const inner = this.run(close);
      this.pos = close + 1;
      return inner.trim();
    }
    if (c === '\\') return this.macro('', end).trim();
    this.pos++;
    return c;
  }

  /** Raw text of a brace group (for environment names and column specs). */
  private rawGroup(): string {
    const s = this.src;
    while (s[this.pos] === ' ') this.pos++;
    if (s[this.pos] !== '{') return '';
    const close = this.matchBrace(this.pos);
    const text = s.slice(this.pos + 1, close);
    this.pos = close + 1;
    return text.trim();
  }

  /** Convert the macro at `pos` and append it to `out`. */
  private macro(out: string, end: number): string {
    const s = this.src;
    const start = this.pos + 1;
    let stop = start;
    while (stop < end && LETTER.test(s[stop])) stop++;
    if (stop === start) {
      // A control symbol: `\{`, `\,`, `\\` …; escaped braces are set braces, which PRM800K drops.
      const sym = s[start] ?? '';
      this.pos = start + 1;
      return sym === '&' || sym === '#' || sym === '_' ? out + sym : out;
    }
    const name = s.slice(start, stop);
    this.pos = stop;
    if (FRACS.has(name)) return this.fraction(out, end);
    if (name === 'sqrt') {
      let index = '';
      while (s[this.pos] === ' ') this.pos++;
      if (s[this.pos] === '[') {
        const close = s.indexOf(']', this.pos);
        if (close > 0) {
          index = new Converter(s.slice(this.pos + 1, close)).run().trim();
          this.pos = close + 1;
        }
      }
      const radicand = this.arg(end);
      return out + (index ? `sqrt[${index}](${radicand})` : `sqrt(${radicand})`);
    }
    if (WRAPPERS.has(name)) return out + this.arg(end);
    if (name === 'begin') return out + this.environment(end);
    if (name === 'end') {
      this.rawGroup();
      return out;
    }
    if (name === 'left' || name === 'right') {
      // `\left.` / `\right.` are invisible delimiters.
      if (s[this.pos] === '.') this.pos++;
      return out;
    }
    if (name === 'binom' || name === 'dbinom' || name === 'tbinom') {
      const n = this.arg(end);
      return `${out}binom(${n},${this.arg(end)})`;
    }
    const sym = SYMBOLS[name];
    // Unknown macros (functions, Greek letters) keep their name: `\cot` → `cot`, `\theta` → `theta`.
    return out + (sym ?? name);
  }

  /** `\frac{a}{b}` (or `\frac12`) → `a/b`; after a whole number, a mixed number `w+a/b`. */
  private fraction(out: string, end: number): string {
    let num = this.arg(end);
    const den = this.arg(end);
    const mixed = INTEGER.test(num) && INTEGER.test(den) ? TRAILING_INT.exec(out) : null;
    let sign = '';
    if (num.startsWith('-')) {
      sign = '-';
      num = num.slice(1);
    }
    const n = NEEDS_PARENS_NUM.test(num) ? `(${num})` : num;
    const d = ATOMIC_DEN.test(den) ? den : `(${den})`;
    if (mixed) return `${out.trimEnd()}+${n}/${d}`;
    return `${out}${sign}${n}/${d}`;
  }

  /** `\begin{env} … \end{env}`: matrices become nested lists, anything else its content. */
  private environment(end: number): string {
    const s = this.src;
    const env = this.rawGroup();
    if (env === 'array') this.rawGroup();
    const endTag = `\\end{${env}}`;
    let close = s.indexOf(endTag, this.pos);
    if (close < 0 || close > end) close = end;
    const body = s.slice(this.pos, close);
    this.pos = Math.min(close + endTag.length, end);
    if (!MATRIX_ENV.test(env)) return new Converter(body.replace(ALIGN_MARKS, ' ')).run();
    const rows = splitTop(body, '\\\\')
      .map((row) => splitTop(row, '&').map((cell) => new Converter(cell).run().trim()))
      .filter((cells) => cells.some((c) => c !== ''));
    return `[${rows.map((cells) => `[${cells.join(',')}]`).join(',')}]`;
  }
}

/** Split LaTeX source at `sep` outside brace groups. */
function splitTop(src: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (depth === 0 && src.startsWith(sep, i)) {
      parts.push(src.slice(from, i));
      i += sep.length - 1;
      from = i + 1;
    } else if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
  }
  parts.push(src.slice(from));
  return parts;
}

/** Plain text of a LaTeX answer (whitespace kept; the caller removes it). */
export function latexToText(src: string): string {
  return new Converter(src).run();
}
