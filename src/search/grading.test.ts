import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { answerKey, extractAnswer, gradingStyleOf, isCorrect } from './grading';

// The benchmark data lives beside the repository (../shared/data), never inside it.
const data = (name: string) => new URL(`../../../shared/data/${name}`, import.meta.url);
const jsonl = <T>(text: string): T[] => text.trim().split('\n').map((l) => JSON.parse(l) as T);

interface MathRow { problem: string; solution: string; answer: string; unique_id: string }
interface GsmRow { question: string; answer: string }
interface CottsRecord {
  _question_idx: number;
  result: { majority_vote: number };
  output: { text: string }[];
}

const math500 = jsonl<MathRow>(readFileSync(data('math500_test.jsonl'), 'utf8'));
const gsm8k = jsonl<GsmRow>(readFileSync(data('gsm8k_test.jsonl'), 'utf8'));
const key = (a: string) => answerKey(a, 'math');
const mathEq = (a: string, b: string) => isCorrect(a, b, 'math');

describe('MATH500 reference solutions', () => {
  it('extracts an answer from ≥ 99% of solutions, equivalent to the gold answer in ≥ 98%', () => {
    let found = 0;
    let equal = 0;
    for (const row of math500) {
      const got = extractAnswer(row.solution, 'math');
      if (got !== null) found++;
      if (isCorrect(got, row.answer, 'math')) equal++;
    }
    expect(math500).toHaveLength(500);
    // Measured: 500/500 and 500/500 (docs/grading.md).
    expect(found).toBeGreaterThanOrEqual(495);
    expect(equal).toBeGreaterThanOrEqual(490);
  });

  it('grades every gold answer correct against itself and wrong against every other value', () => {
    const keys = new Map<string, Set<string>>();
    for (const { answer } of math500) {
      expect(mathEq(answer, answer), answer).toBe(true);
      const k = key(answer);
      expect(k, answer).not.toBe('');
      keys.set(k, (keys.get(k) ?? new Set()).add(answer));
    }
    // Distinct gold strings that share a key must be the same value written two ways.
    const merged = [...keys.values()].filter((s) => s.size > 1).map((s) => [...s].sort());
    expect(merged.sort()).toEqual(
      [
        ['10,\\!080', '10080'],
        ['120', '120^\\circ'],
        ['15', '15\\mbox{ cm}^2'],
        ['2 \\sqrt{5}', '2\\sqrt{5}'],
        ['30', '30^\\circ'],
        ['36', '36^\\circ', '\\$36'],
        ['5', 'x=5'],
        ['90', '90^\\circ'],
        ['\\frac14', '\\frac{1}{4}'],
      ].sort(),
    );
  });

  it('votes equivalent forms of the real fraction and integer golds together', () => {
    let fractions = 0;
    for (const { answer } of math500) {
      const frac = /^(-?)\\frac\{(\d+)\}\{(\d+)\}$/.exec(answer);
      if (frac) {
        fractions++;
        const [, sign, p, q] = frac;
        const forms = [`${sign}${p}/${q}`, `${sign}\\dfrac{${p}}{${q}}`, `$${answer}$`, `\\boxed{${answer}}`, `\\frac{${sign}${p}}{${q}}`];
        for (const f of forms) expect(key(f), `${f} vs ${answer}`).toBe(key(answer));
        // Scaling numerator and denominator gives an unreduced fraction: PRM800K marks it wrong.
        expect(mathEq(`${sign}\\frac{${2 * +p}}{${2 * +q}}`, answer)).toBe(false);
        expect(mathEq(`${sign}${+p + 1}/${q}`, answer)).toBe(false);
      }
      if (/^-?\d+$/.test(answer)) {
        for (const f of [`${answer}.0`, `${answer}.00`, `\\$${answer}`, ` ${answer} `, `\\boxed{${answer}}`, `x = ${answer}`]) {
          expect(key(f), f).toBe(key(answer));
        }
        expect(mathEq(`${+answer + 1}`, answer)).toBe(false);
        expect(mathEq(`${answer}.5`, answer)).toBe(false);
      }
    }
    expect(fractions).toBeGreaterThanOrEqual(40);
  });

  it('shares one key across \\frac{1}{2}, 0.5, 1/2, \\dfrac12 and finite decimals of the golds', () => {
    expect(new Set(['\\frac{1}{2}', '0.5', '1/2', '\\dfrac12', '\\tfrac12', '.5', '0.50'].map(key)).size).toBe(1);
    expect(key('10')).toBe(key('10.0'));
    expect(mathEq('1.25', '\\frac{5}{4}')).toBe(true);
    expect(mathEq('.35625', '\\frac{57}{160}')).toBe(true);
    expect(mathEq('0.333', '\\frac{1}{3}')).toBe(false);
    expect(mathEq('\\frac{4}{2}', '2')).toBe(false);
    expect(mathEq('1\\frac{4}{5}', '\\frac{9}{5}')).toBe(true);
    expect(mathEq('137.5', '137 \\frac{1}{2}')).toBe(true);
  });

  it('keeps the commas of tuples and the bracket types of intervals (real golds)', () => {
    const tuples = math500.map((r) => r.answer).filter((a) => /^(\\left)?[([].*,.*[)\]]$/.test(a));
    expect(tuples.length).toBeGreaterThanOrEqual(15);
    for (const t of tuples) {
      // The official REBASE scorer strips every comma, which turns (1,2) into 12.
      expect(mathEq(t.replace(/,/g, ''), t), t).toBe(false);
      expect(mathEq(t.replace(/,\s*/g, ', '), t), t).toBe(true);
    }
    expect(key('(1,2)')).toBe(key('(1, 2)'));
    expect(key('(1,2)')).not.toBe(key('12'));
    expect(mathEq('(1,2]', '(1,2)')).toBe(false);
    expect(mathEq('(3,4)', '(3,4]')).toBe(false);
    expect(mathEq('[-\\infty, 0]', '(-\\infty, 0]')).toBe(false);
    expect(mathEq('(3,\\frac{\\pi}{2})', '\\left( 3, \\frac{\\pi}{2} \\right)')).toBe(true);
    expect(mathEq('(3, \\pi/2)', '\\left( 3, \\frac{\\pi}{2} \\right)')).toBe(true);
    expect(mathEq('(\\frac{\\pi}{2}, 3)', '\\left( 3, \\frac{\\pi}{2} \\right)')).toBe(false);
    // An interval endpoint 102 is not "12,102" read as twelve thousand.
    expect(key('(2,12) \\cup (12,102)')).toBe('(2,12)∪(12,102)');
    expect(mathEq('(2, 12) U (12, 102)', '(2,12) \\cup (12,102)')).toBe(true);
    expect(mathEq('(2,12102)', '(2,12) \\cup (12,102)')).toBe(false);
  });

  it('removes thousands separators, money, degrees, units and text wrappers as the graders do', () => {
    const cases: [string, string][] = [
      ['32348', '\\$32,\\!348'], ['32,348', '\\$32,\\!348'], ['58500', '58,500'],
      ['11111111100', '11,\\! 111,\\! 111,\\! 100'], ['90', '90^\\circ'], ['90 degrees', '90^\\circ'],
      ['864', '864 \\mbox{ inches}^2'], ['5.4', '5.4 \\text{ cents}'], ['18.9', '\\$18.90'],
      ['C', '\\text{(C)}'], ['(C)', '\\text{(C)}'], ['Evelyn', '\\text{Evelyn}'], ['[-2, 7]', 'x \\in [-2,7]'],
      ['\\frac{270}{7}', '\\frac{270}7\\text{ degrees}'], ['12^{\\text{th}}', '12'], ['5 million', '5000000'],
      ['-2+7i', '7i - 2'], ['x^3 + 3x - 6', 'x^3+3x-6'], ['-6 + x^3 + 3x', 'x^3+3x-6'],
    ];
    for (const [given, gold] of cases) expect(mathEq(given, gold), `${given} vs ${gold}`).toBe(true);
    const wrong: [string, string][] = [
      ['5 \\text{ and } 1', 'x=5'], ['\\text{Fri}', '\\text{Friday}'], ['6 + 5i', '6 - 5i'],
      ['(b+2)(a+5)x', '(a+5)(b+2)'], ['x^{n+1}', 'x^n + 1'], ['3\\sqrt{13}', '3\\sqrt{31}'],
      ['\\begin{pmatrix} -1 \\\\ 16 \\\\ 5 \\end{pmatrix}', '\\begin{pmatrix} -7 \\\\ 16 \\\\ 5 \\end{pmatrix}'],
    ];
    for (const [given, gold] of wrong) expect(mathEq(given, gold), `${given} vs ${gold}`).toBe(false);
    expect(mathEq('\\begin{pmatrix} 1/5 \\\\ -\\frac{18}{5} \\end{pmatrix}', '\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}')).toBe(true);
  });
});

describe('real model answers (Qwen2.5-1.5B on MATH500, graded by OpenR)', () => {
  const records = jsonl<CottsRecord>(
    gunzipSync(readFileSync(data('cotts_math500_best_of_n_qwen15b_mathshepherd.jsonl.gz'))).toString('utf8'),
  );

  it('agrees with the recorded grader on ≥ 98% of 1,000 answers', () => {
    let agree = 0;
    let extracted = 0;
    for (const r of records) {
      const given = extractAnswer(r.output[0].text, 'math');
      if (given !== null) extracted++;
      if (isCorrect(given, math500[r._question_idx].answer, 'math') === (r.result.majority_vote === 1)) agree++;
    }
    expect(records).toHaveLength(1000);
    // Measured: 986 agree, 978 extracted (docs/grading.md lists the 14 disagreements).
    expect(agree).toBeGreaterThanOrEqual(980);
    expect(extracted).toBeGreaterThanOrEqual(970);
  });

  it('rejects the unreduced fraction a model gave, as the PRM800K grader does', () => {
    expect(mathEq('\\frac{2240}{78125}', '\\frac{448}{15625}')).toBe(false);
  });
});

describe('extractAnswer', () => {
  it('takes the last brace-balanced \\boxed, then \\fbox, then "The answer is", then # Answer', () => {
    expect(extractAnswer('so \\boxed{1} wait \\boxed{\\frac{1}{\\sqrt{2}}} done', 'math')).toBe('\\frac{1}{\\sqrt{2}}');
    expect(extractAnswer('\\fbox{3}', 'math')).toBe('3');
    expect(extractAnswer('Step 4: so. The answer is: $\\frac{3}{4}$.\n', 'math')).toBe('\\frac{3}{4}');
    expect(extractAnswer('The answer is 3.5', 'math')).toBe('3.5');
    expect(extractAnswer('The final answer is 5. I hope it is correct.', 'math')).toBe('5');
    expect(extractAnswer('Some steps.\n\n# Answer\n\n7i - 2', 'math')).toBe('7i - 2');
    expect(extractAnswer('no answer here 42', 'math')).toBeNull();
    // A truncated box is no answer, and no earlier box is taken instead.
    expect(extractAnswer('\\boxed{4} hmm, no: \\boxed{\\frac{1}{2}', 'math')).toBeNull();
  });

  it('reads PRM800K "# Answer" solutions and grades them like OpenAI did', () => {
    const sample = JSON.parse(readFileSync(data('openai_scored_test_sample_example.json'), 'utf8')) as {
      steps: string[]; ground_truth_answer: string; is_correct: boolean;
    };
    const given = extractAnswer(sample.steps.join('\n'), 'math');
    expect(given).toBe('7i - 2');
    expect(isCorrect(given, sample.ground_truth_answer, 'math')).toBe(sample.is_correct);
    const labels = jsonl<{ question: { ground_truth_answer: string | null }; label: { steps: { completions: { text: string; rating: number | null }[] | null }[] } }>(
      readFileSync(data('prm800k_label_examples.jsonl'), 'utf8'),
    );
    let checked = 0;
    for (const line of labels) {
      const gold = line.question.ground_truth_answer;
      for (const step of line.label.steps) {
        for (const c of step.completions ?? []) {
          if (gold === null || !c.text.includes('# Answer')) continue;
          expect(isCorrect(extractAnswer(c.text, 'math'), gold, 'math')).toBe(c.rating === 1);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(9);
  });
});

describe('GSM8K', () => {
  const gold = (row: GsmRow) => row.answer.slice(row.answer.lastIndexOf('####') + 4).trim();

  it('extracts the #### answer of all 1,319 reference solutions', () => {
    for (const row of gsm8k) expect(extractAnswer(row.answer, 'gsm8k')).toBe(gold(row));
  });

  it('grades comma-grouped golds equal to the plain number, and numerically', () => {
    const grouped = gsm8k.map(gold).filter((g) => /\d,\d{3}/.test(g));
    expect(grouped.length).toBeGreaterThanOrEqual(10);
    expect(grouped).toContain('1,450,000');
    for (const g of grouped) {
      const plain = g.replace(/,/g, '');
      expect(isCorrect(plain, g, 'gsm8k'), g).toBe(true);
      expect(isCorrect(`$${g}.00`, plain, 'gsm8k'), g).toBe(true);
      expect(isCorrect(String(Number(plain) + 1), g, 'gsm8k'), g).toBe(false);
    }
    expect(new Set(['18', '18.00', '$18', '18 dollars', 'The answer is 18.', '#### 18'].map((a) => answerKey(a, 'gsm8k')))).toEqual(new Set(['18']));
    expect(isCorrect('-10', '-10', 'gsm8k')).toBe(true);
    expect(isCorrect('10', '-10', 'gsm8k')).toBe(false);
    expect(isCorrect('5 - 3 = 2', '2', 'gsm8k')).toBe(true);
  });

  it('falls back to "The answer is", then the last number', () => {
    expect(extractAnswer('She pays 3*6 = 18. The answer is 18.', 'gsm8k')).toBe('18');
    expect(extractAnswer('So she has 1,000 apples left', 'gsm8k')).toBe('1000');
    expect(extractAnswer('no digits', 'gsm8k')).toBeNull();
  });
});

describe('isCorrect and answerKey', () => {
  it('never grades a missing or empty answer correct', () => {
    expect(isCorrect(null, '5', 'math')).toBe(false);
    expect(isCorrect('', '', 'math')).toBe(false);
    expect(isCorrect('$', '\\$', 'gsm8k')).toBe(false);
  });

  it('keeps keys exact after the memo fills up', () => {
    for (let i = 0; i < 9000; i++) answerKey(`y_{${i}}`, 'math');
    expect(key('\\frac{14}{3}')).toBe('14/3');
    expect(key('0.5')).toBe('1/2');
  });

  it('picks the grading style from the problem', () => {
    expect(gradingStyleOf({ id: 'a', question: '', answer: '1', dataset: 'gsm8k' })).toBe('gsm8k');
    expect(gradingStyleOf({ id: 'a', question: '', answer: '1', dataset: 'math500' })).toBe('math');
    expect(gradingStyleOf({ id: 'a', question: '', answer: '1', dataset: 'gsm8k', grading: 'math' })).toBe('math');
  });
});
