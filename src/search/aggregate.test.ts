import { describe, expect, it } from 'vitest';
import { INVALID_ANSWER, vote, votePicks, type Candidate } from './aggregate';
import type { SearchNode } from './types';

/** Candidates from [key, score] pairs (the node is irrelevant to the vote). */
const cands = (...items: [string, number][]): Candidate[] =>
  items.map(([key, score]) => ({ answer: key, key, score, node: null as unknown as SearchNode }));

describe('vote rules (thu-wyz/inference_scaling math_evaluate.py vs first-vote ties)', () => {
  it('a majority tie goes to the class that first reached the winning count (official), to the first-voted class (first-vote)', () => {
    // 5 is voted first, but 7 reaches 2 votes at the third candidate, before 5 does at the fourth.
    const c = cands(['5', 0], ['7', 0], ['7', 0], ['5', 0]);
    expect(vote(c, 'majority', 'official').winner?.key).toBe('7');
    expect(vote(c, 'majority', 'first-vote').winner?.key).toBe('5');
    expect(vote(c, 'majority').winner?.key).toBe('7'); // the default is official
  });

  it('a weighted tie goes to the class whose total first reached the maximum (official)', () => {
    const c = cands(['a', 0.25], ['b', 0.25], ['b', 0.25], ['a', 0.25]);
    expect(vote(c, 'weighted-majority', 'official').winner?.key).toBe('b');
    expect(vote(c, 'weighted-majority', 'first-vote').winner?.key).toBe('a');
  });

  it('a class whose total stays 0 never wins under the official rule (its running maximum starts at 0)', () => {
    const c = cands(['a', 0], ['b', 0]);
    expect(vote(c, 'weighted-majority', 'official').winner).toBeNull();
    expect(vote(c, 'weighted-majority', 'first-vote').winner?.key).toBe('a');
  });

  it('best-of-N takes the first candidate with the highest score under both rules, [invalid] included', () => {
    const c = cands(['2', 0.6], [INVALID_ANSWER, 0.9], ['3', 0.9]);
    expect(vote(c, 'best-of-n', 'official').best?.key).toBe(INVALID_ANSWER);
    expect(vote(c, 'best-of-n', 'first-vote').best?.key).toBe(INVALID_ANSWER);
  });

  it('picks: what each method would choose under the rule', () => {
    const c = cands(['5', 0.1], ['7', 0.4], ['7', 0.1], ['5', 0.2]);
    expect(votePicks(c, 'official')).toEqual({ majority: '7', weighted: '7', best: '7' });
    expect(votePicks(c, 'first-vote')).toEqual({ majority: '5', weighted: '7', best: '7' });
  });
});
