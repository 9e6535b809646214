/**
 * Answers and grading (design.md §6; the full account with measured figures is docs/grading.md).
 *
 * One function decides equivalence: `answerKey`. Two answers are equivalent exactly when their
 * keys are equal, and `isCorrect` is that comparison, so a vote's winning bucket is graded
 * correct exactly when its key is the gold answer's key — voting and grading never disagree.
 * The optional symbolic (CAS) check of design.md §6 is not implemented; the key is a string
 * normaliser plus exact rational arithmetic, deterministic and fast.
 */
import { extractGsm8k, extractMath } from './grading/extract';
import { mathKey } from './grading/math-key';
import { gsm8kKey } from './grading/numeric';
import type { GradingStyle, Problem } from './types';

/** How a problem's answers are graded: its own `grading`, else 'gsm8k' for GSM8K, else 'math'. */
export function gradingStyleOf(problem: Problem): GradingStyle {
  return problem.grading ?? (problem.dataset === 'gsm8k' ? 'gsm8k' : 'math');
}

/**
 * The final answer stated in a solution text, or null when it states none.
 * - `math`: the last brace-balanced `\boxed{…}` (fallback `\fbox{…}`); else the text after the
 *   last "The answer is" (optional colon; one sentence, trailing period and `$` stripped); else the
 *   line after PRM800K's `# Answer`.
 * - `gsm8k`: the line after `####`; else the last `\boxed{…}`; else "The answer is"; else the last
 *   number in the text.
 */
export function extractAnswer(text: string, style: GradingStyle): string | null {
  return style === 'gsm8k' ? extractGsm8k(text) : extractMath(text);
}

const INT_FAST = /^-?[1-9]\d{0,14}$|^0$/;
/** Keys of recently seen answers: sweeps meet the same few answers many times. */
const cache: Record<GradingStyle, Map<string, string>> = { math: new Map(), gsm8k: new Map() };
const CACHE_LIMIT = 8192;

/**
 * The normalised key answers are bucketed by when voting, and compared by when grading.
 * Equivalent forms share one key: `\frac{1}{2}`, `\dfrac12`, `1/2` and `0.5` → `1/2`; `10` and
 * `10.0` → `10`; `(1,2)` and `(1, 2)` → `(1,2)`, which stays distinct from `12`; `\$18.90` →
 * `189/10`. An unreduced fraction keeps its literal key (`2/4` ≠ `1/2`), as in the PRM800K grader.
 * An empty answer has the key ''.
 */
export function answerKey(answer: string, style: GradingStyle): string {
  // Plain integers are most answers in sweeps (the simulated world's are all integers).
  if (INT_FAST.test(answer)) return answer;
  const memo = cache[style];
  let key = memo.get(answer);
  if (key === undefined) {
    key = style === 'gsm8k' ? gsm8kKey(answer) : mathKey(answer);
    if (memo.size >= CACHE_LIMIT) memo.clear();
    memo.set(answer, key);
  }
  return key;
}

/**
 * Whether `given` is equivalent to the gold answer: equal non-empty keys. A missing or empty
 * answer is never correct, whatever the gold answer is.
 */
export function isCorrect(given: string | null | undefined, gold: string, style: GradingStyle): boolean {
  if (given === null || given === undefined) return false;
  const key = answerKey(given, style);
  return key !== '' && key === answerKey(gold, style);
}
