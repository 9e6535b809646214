/**
 * The MATH answer key (design.md §6, docs/grading.md): Hendrycks' `_strip_string` and the
 * PRM800K grader's second normaliser folded into one pipeline, then exact numeric canonical forms
 * per tuple / interval / list element. Two answers are equivalent exactly when their keys are
 * equal, so voting buckets and grading can never disagree.
 *
 * Every regular expression is a module constant: this runs once per finished solution in sweeps.
 */
import { latexToText } from './latex-text';
import { canonicalNumber } from './numeric';

/** Wrappers that enclose a whole answer: `\boxed{…}`, `\text{…}`, `$…$`, `\(…\)`, `\[…\]`. */
const WRAPPED = /^\\(?:boxed|fbox|text|textbf|textrm|mbox|mathrm)\s*\{([\s\S]*)\}$/;
const MATH_DELIMS = /^(?:\$+([\s\S]*?)\$+|\\\(([\s\S]*)\\\)|\\\[([\s\S]*)\\\])$/;
const NEWLINES = /[\r\n]+/g;
/** `32,\!348`: LaTeX's thousands separator (MATH writes big numbers this way). */
const LATEX_THOUSANDS = /(\d),\\!\s*(?=\d)/g;
const NEG_SPACE = /\\!/g;
/** `\\frac` typed by a model that double-escaped its LaTeX; a row break `\\` is kept. */
const DOUBLE_ESCAPED = /\\\\(?=[A-Za-z])/g;
const DEGREES = /\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|°/g;
const DOLLARS = /\\?\$/g;
const PERCENT = /\\?%/g;
/** Hendrycks' `_remove_right_units`: a `\text{ …}` starting with a space is a unit. */
const TEXT_UNIT = /\\(?:text|mbox|textrm|mathrm)\s*\{\s/;
/**
 * A unit word at the end (the PRM800K list, with a few money/area words added), optionally in a
 * text wrapper and squared or cubed: `36 degrees`, `864 \mbox{inches}^2`, `5 cm`.
 */
const UNIT_TAIL =
  /(?<![A-Za-z\\])(?:\\(?:text|mbox|textrm|mathrm)\s*\{\s*)?(?:(?:sq|square)\.?\s+)?(?:degree|cm|centimet(?:er|re)|met(?:er|re)|km|kilomet(?:er|re)|mm|mile|second|minute|hour|day|week|month|year|foot|feet|ft|inch|yard|cent|dollar|unit)(?:es|s)?\.?\s*\}?\s*(?:\^\s*\{?\s*[23]\s*\}?)?\s*$/;
const HAS_DIGIT = /\d/;
/** `5 or 6`, `5 \text{ and } 1`: a list (PRM800K maps " or " / " and " to commas). */
const OR_AND = /\s*\\(?:text|mbox|textrm|mathrm)\s*\{\s*(?:or|and)\s*\}\s*|\s+(?:or|and)\s+/g;
/** Ordinal suffixes after a number: `12^{\text{th}}`, `3^{rd}`, `21st`. */
const ORDINAL = /(\d)\s*(?:\^\s*\{?\s*(?:\\(?:text|mathrm|textrm)\s*\{)?\s*(?:st|nd|rd|th)\s*\}?\s*\}?|(?:st|nd|rd|th)\b)/g;
const SCALE_WORDS = /\s*\\?(?:text\{\s*)?\b(million|billion|trillion)\b\}?/g;
const SCALE_POWER: Readonly<Record<string, string>> = { million: '*10^6', billion: '*10^9', trillion: '*10^12' };
/** A bare decimal `.5` gets its leading zero (Hendrycks: " .5", "{.5", ".5"). */
const BARE_DECIMAL = /(^|[^\d])\.(?=\d)/g;
/** `x = 5`, `k=3`, `\theta = …`: a short left-hand side is dropped (Hendrycks' rule). */
const SHORT_LHS = /^\s*(?:[A-Za-z0-9]{1,2}|\\[A-Za-z]+)\s*=(?!=)/;
/** `x \in [-2, 7]` → `[-2, 7]`. */
const IN_LHS = /^\s*[A-Za-z]\s*\\in\b\s*/;
/** A well-formed thousands number: 1–3 leading digits (not 0), then groups of 3. */
const THOUSANDS = /(^|[^\d.])([1-9]\d{0,2}(?:,\d{3})+)(?!\d|,\d)/g;
const COMMA = /,/g;
/** `7 3/4` → `7+3/4` (a mixed number, as PRM800K's `_inject_implicit_mixed_number`). */
const PLAIN_MIXED = /^(-?\d+)\s+(\d+\s*\/\s*\d+)$/;
const SPACES = /\s+/g;
const BRACES = /[{}]/g;
/** `(1,2) U (3,4)` typed with a capital U (lower-cased by now). */
const LETTER_UNION = /([)\]])u(?=[([])/g;

/** Remove enclosing wrappers (repeatedly: `$\boxed{\text{(C)}}$`). */
function unwrap(s: string): string {
  for (;;) {
    const m = WRAPPED.exec(s) ?? MATH_DELIMS.exec(s);
    if (!m) return s;
    const inner = m[1] ?? m[2] ?? m[3] ?? '';
    // `\text{a} + \text{b}` also starts and ends like a wrapper: only unwrap one balanced group.
    if (m[0].startsWith('\\') && m[0][m[0].length - 1] === '}' && !balanced(inner)) return s;
    s = inner.trim();
  }
}

/** Braces balance and never close below zero. */
function balanced(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Bracket depth (round and square, any pairing, so `(1,2]` counts) at each thousands match. */
function stripThousands(s: string): string {
  if (!s.includes(',')) return s;
  return s.replace(THOUSANDS, (all: string, pre: string, num: string, offset: number) => {
    let depth = 0;
    for (let i = 0, end = offset + pre.length; i < end; i++) {
      const c = s[i];
      if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') depth--;
    }
    // Inside a tuple or interval `(12,102)` the comma separates elements (PRM800K's bug: it
    // strips it). At the top level `58,500` is a number.
    return depth > 0 ? all : pre + num.replace(COMMA, '');
  });
}

function removeUnits(s: string): string {
  const t = TEXT_UNIT.exec(s);
  if (t && t.index > 0 && s.slice(0, t.index).trim() !== '') s = s.slice(0, t.index);
  const u = UNIT_TAIL.exec(s);
  if (u && u.index > 0 && HAS_DIGIT.test(s.slice(0, u.index))) s = s.slice(0, u.index);
  return s;
}

/** The string-level steps, before LaTeX is turned into text. */
function clean(raw: string): string {
  let s = unwrap(raw.trim());
  s = s.replace(NEWLINES, ' ').replace(LATEX_THOUSANDS, '$1').replace(NEG_SPACE, '');
  s = s.replace(DOUBLE_ESCAPED, '\\').replace(DEGREES, '').replace(DOLLARS, '');
  // Lists and scale words first: `\text{ and }` and `\text{ million}` are not units.
  s = s.replace(OR_AND, ',').replace(SCALE_WORDS, (_m: string, w: string) => SCALE_POWER[w]);
  s = removeUnits(s).replace(PERCENT, '').replace(ORDINAL, '$1');
  s = s.replace(BARE_DECIMAL, '$10.');
  const lhs = SHORT_LHS.exec(s);
  if (lhs && s.indexOf('=', lhs[0].length) < 0) s = s.slice(lhs[0].length);
  else s = s.replace(IN_LHS, '');
  s = stripThousands(s);
  return s.trim().replace(PLAIN_MIXED, '$1+$2');
}

/** Where the bracket opened at 0 closes (any pairing), or -1. */
function closeOf(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && --depth === 0) return i;
  }
  return -1;
}

/** Split at `sep` outside round and square brackets. */
function splitTop(s: string, sep: string): string[] {
  if (!s.includes(sep)) return [s];
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === sep && depth === 0) {
      parts.push(s.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(s.slice(from));
  return parts;
}

/** Characters after which a `+`/`-` is a sign, not an addition: `x^-2`, `2*-3`, `(-1`. */
const SIGN_CONTEXT = new Set(['^', '*', '/', '(', '[', '_', '±', '∓', ',']);

/** The leaf's top-level addends, each with its sign; null when it has only one. */
function addends(s: string): string[] | null {
  const terms: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if ((c === '+' || c === '-') && i > 0 && depth === 0 && !SIGN_CONTEXT.has(s[i - 1])) {
      // `1e-5`: an exponent, not a subtraction.
      if (s[i - 1] === 'e' && i >= 2 && s[i - 2] >= '0' && s[i - 2] <= '9') continue;
      terms.push(s.slice(from, i));
      from = i;
    }
  }
  if (terms.length === 0) return null;
  terms.push(s.slice(from));
  return terms;
}

/**
 * A sum in canonical term order: `7i-2` and `-2+7i` both become `7i-2`. Reordering addends never
 * changes a value, and it is what a grader with a CAS accepts (OpenAI's PRM800K samples grade
 * `7i - 2` correct against `-2+7i`). Each side of one `=` is sorted on its own; inequalities are
 * left alone.
 */
function sortSum(s: string): string {
  if (s.includes('<') || s.includes('>')) return s;
  const eq = s.indexOf('=');
  if (eq > 0 && s.indexOf('=', eq + 1) < 0) return `${sortSum(s.slice(0, eq))}=${sortSum(s.slice(eq + 1))}`;
  const terms = addends(s);
  if (!terms) return s;
  const signed = terms.map((t) => (t[0] === '+' || t[0] === '-' ? t : `+${t}`)).sort();
  const joined = signed.join('');
  return joined[0] === '+' ? joined.slice(1) : joined;
}

/**
 * Structure: unions, then a bracket pair around the whole (tuple or interval: the brackets are
 * kept, so `(1,2]` ≠ `(1,2)`), then a bare comma list (order kept, like PRM800K), then a leaf.
 */
function structure(s: string): string {
  if (s === '') return s;
  const union = splitTop(s, '∪');
  if (union.length > 1) return union.map(structure).join('∪');
  const first = s[0];
  const last = s[s.length - 1];
  if ((first === '(' || first === '[') && (last === ')' || last === ']') && closeOf(s) === s.length - 1) {
    const inner = s.slice(1, -1);
    const elems = splitTop(inner, ',');
    // `(5)` or `(C)`: redundant parentheses (PRM800K's sympy step accepts them too).
    if (elems.length === 1 && first === '(' && last === ')') return structure(inner);
    return first + elems.map(structure).join(',') + last;
  }
  const list = splitTop(s, ',');
  if (list.length > 1) return list.map(structure).join(',');
  return canonicalNumber(s, true) ?? sortSum(s);
}

/** The normalised MATH key of an extracted answer ('' for an empty answer). */
export function mathKey(raw: string): string {
  const s = clean(raw);
  if (s === '') return '';
  const text = s.includes('\\') || s.includes('{') || s.includes('^') ? latexToText(s) : s;
  const flat = text.replace(SPACES, '').toLowerCase().replace(BRACES, '').replace(LETTER_UNION, '$1∪');
  return structure(flat);
}
