import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCorrect } from '../search/grading';
import { DatasetError, detectDataset, gsm8kGold, parseDataset, parseGsm8k, parseMath500 } from './datasets';

// The benchmark data lives beside the repository (../shared/data), never inside it.
const data = (name: string) => readFileSync(new URL(`../../../shared/data/${name}`, import.meta.url), 'utf8');

describe('GSM8K (real test set)', () => {
  const text = data('gsm8k_test.jsonl');
  const problems = parseGsm8k(text);

  it('reads all 1,319 problems with the text after #### as gold, commas stripped', () => {
    expect(problems).toHaveLength(1319);
    expect(problems[0]).toEqual({
      id: 'gsm8k-0', dataset: 'gsm8k', grading: 'gsm8k', answer: '18',
      question: 'Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers\' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers\' market?',
    });
    expect(problems.every((p) => /^-?\d+$/.test(p.answer))).toBe(true);
    // "#### 2,125" in the file.
    const raw = text.split('\n').findIndex((l) => l.includes('#### 2,125'));
    expect(problems[raw].answer).toBe('2125');
    expect(new Set(problems.map((p) => p.id)).size).toBe(1319);
  });

  it('grades its own gold answers correct', () => {
    expect(problems.every((p) => isCorrect(p.answer, p.answer, 'gsm8k'))).toBe(true);
  });

  it('takes a limit, and detects the dataset', () => {
    expect(parseGsm8k(text, { limit: 5 }).map((p) => p.answer)).toEqual(['18', '3', '70000', '540', '20']);
    expect(detectDataset(text)).toBe('gsm8k');
    expect(parseDataset(text, undefined, { limit: 2 })).toHaveLength(2);
  });
});

describe('MATH500 (real test set)', () => {
  const text = data('math500_test.jsonl');
  const problems = parseMath500(text);

  it('reads all 500 problems with the answer field verbatim, level and subject', () => {
    expect(problems).toHaveLength(500);
    expect(problems[0]).toMatchObject({ id: 'math500-0', dataset: 'math500', grading: 'math', answer: '\\left( 3, \\frac{\\pi}{2} \\right)', level: 2, subject: 'Precalculus' });
    expect(problems[0].question.startsWith('Convert the point $(0,3)$ in rectangular coordinates')).toBe(true);
    const rows = text.trim().split('\n').map((l) => JSON.parse(l) as { answer: string });
    expect(problems.map((p) => p.answer)).toEqual(rows.map((r) => r.answer));
    const levels = [1, 2, 3, 4, 5].map((l) => problems.filter((p) => p.level === l).length);
    expect(levels).toEqual([43, 90, 105, 128, 134]);
    expect(new Set(problems.map((p) => p.subject)).size).toBe(7);
  });

  it('detects the dataset', () => {
    expect(detectDataset(text)).toBe('math500');
    expect(parseDataset(text, undefined, { limit: 3 }).map((p) => p.id)).toEqual(['math500-0', 'math500-1', 'math500-2']);
  });
});

describe('bad dataset lines', () => {
  it('names the line and the problem', () => {
    expect(() => parseGsm8k('{"question": "q", "answer": "#### 1"}\n\n{"question": "q"}')).toThrow('line 3: answer: is missing');
    expect(() => parseGsm8k('{"question": "q", "answer": "no final line"}')).toThrow('line 1: answer: has no "#### <final answer>" line');
    expect(() => parseMath500('{"problem": 1, "answer": "2"}')).toThrow('line 1: problem: must be a string (got 1)');
    expect(() => parseMath500('{"problem": "p", "answer": "2"\n')).toThrow(DatasetError);
    expect(() => parseDataset('{"foo": 1}')).toThrow('not a GSM8K');
  });

  it('gsm8kGold takes the last ####', () => {
    expect(gsm8kGold('a #### 1\nb\n#### 1,000,000')).toBe('1000000');
    expect(gsm8kGold('none')).toBeNull();
  });
});
