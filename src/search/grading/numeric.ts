/**
 * Exact numeric canonical forms for answer keys (docs/grading.md). Numbers are compared as
 * rationals, never as floats, so `0.1 + 0.2`-style rounding can never merge two different answers:
 * `0.5`, `1/2` and `\frac{1}{2}` share the key `1/2`, while `0.333` and `1/3` stay apart.
 */

const INT = /^([+-]?)(\d+)$/;
const DEC = /^([+-]?)(\d*)\.(\d*)$/;
const FRAC = /^([+-]?)(\d+)\/(\d+)$/;
/** A mixed number `7+3/4` (made from `7\frac{3}{4}` or `7 3/4` by the normaliser). */
const MIXED = /^([+-]?)(\d+)\+(\d+)\/(\d+)$/;
/** `5*10^6`, what "5 million" becomes (the PRM800K normaliser's rewrite). */
const SCI = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)\*10\^(\d{1,3})$/;
const LEADING_ZEROS = /^0+(?=\d)/;

/** Integer digits without leading zeros; `-0` is `0`. Works on any length (no Number overflow). */
function intString(sign: string, digits: string): string {
  const d = digits.replace(LEADING_ZEROS, '');
  return sign === '-' && d !== '0' ? `-${d}` : d;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** `p/q` reduced, `p` when q = 1; the sign goes on the numerator. */
function ratString(negative: boolean, p: bigint, q: bigint): string {
  if (p === 0n) return '0';
  const g = gcd(p, q);
  const n = p / g;
  const d = q / g;
  const body = d === 1n ? `${n}` : `${n}/${d}`;
  return negative ? `-${body}` : body;
}

/** The rational value of a decimal literal as numerator and denominator (unreduced). */
function decimalParts(intPart: string, fracPart: string): [bigint, bigint] {
  return [BigInt((intPart || '0') + fracPart), 10n ** BigInt(fracPart.length)];
}

/**
 * The canonical key of a plain numeric string, or null when `s` is not one of the numeric forms
 * (integer, decimal, `a/b`, mixed number `w+a/b`, `x*10^k`). Expects a string that has already
 * been normalised: no spaces, no LaTeX.
 *
 * `keepUnreduced` is the PRM800K rule for MATH: a fraction written as `a/b` is only equal to the
 * same fraction string, so an unreduced `2/4` (or `4/2`, or `5/1`) keeps its literal key and never
 * matches `1/2` (or `2`, or `5`). GSM8K compares numerically, so it passes false.
 */
export function canonicalNumber(s: string, keepUnreduced: boolean): string | null {
  let m = INT.exec(s);
  if (m) return intString(m[1], m[2]);
  m = DEC.exec(s);
  if (m) {
    if (m[2] === '' && m[3] === '') return null;
    const [p, q] = decimalParts(m[2], m[3]);
    return ratString(m[1] === '-', p, q);
  }
  m = FRAC.exec(s);
  if (m) {
    const p = BigInt(m[2]);
    const q = BigInt(m[3]);
    if (q === 0n) return null;
    if (keepUnreduced && (q === 1n || gcd(p, q) !== 1n)) {
      return `${intString(m[1], m[2])}/${intString('', m[3])}`;
    }
    return ratString(m[1] === '-', p, q);
  }
  m = MIXED.exec(s);
  if (m) {
    const q = BigInt(m[4]);
    if (q === 0n) return null;
    return ratString(m[1] === '-', BigInt(m[2]) * q + BigInt(m[3]), q);
  }
  m = SCI.exec(s);
  if (m) {
    const [intPart, fracPart = ''] = m[2].split('.');
    const [p, q] = decimalParts(intPart, fracPart);
    return ratString(m[1] === '-', p * 10n ** BigInt(m[3]), q);
  }
  return null;
}

/** Digit-group commas: `1,000` → `1000` (a comma followed by exactly three digits). */
const DIGIT_COMMA = /(\d),(?=\d{3}(?!\d))/g;
/**
 * The last number in a text: optional sign (not after a digit or letter, so `5-3` ends in `3`),
 * digits, decimals, and an optional `/denominator`.
 */
const LAST_NUMBER = /(?<![\w.])-?(?:\d+(?:\.\d+)?|\.\d+)(?:\/\d+(?:\.\d+)?)?/g;
const WS = /\s+/g;

/** The last number of a text as written (digit commas removed), or null when there is none. */
export function lastNumber(text: string): string | null {
  const matches = text.replace(DIGIT_COMMA, '$1').match(LAST_NUMBER);
  return matches ? matches[matches.length - 1] : null;
}

/**
 * GSM8K key (design.md §6): the last number of the answer, commas, `$` and units ignored,
 * compared by value (`18`, `18.00`, `$18` and `18 dollars` share the key `18`). A text with no
 * number keys as its lower-cased, space-collapsed self, so such answers still vote together.
 */
export function gsm8kKey(answer: string): string {
  const hash = answer.lastIndexOf('####');
  const text = hash >= 0 ? answer.slice(hash + 4) : answer;
  const num = lastNumber(text);
  if (num === null) return text.trim().replace(WS, ' ').toLowerCase();
  return canonicalNumber(num, false) ?? num;
}
