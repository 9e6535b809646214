// @vitest-environment happy-dom
import { act } from 'react';
import type { Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DoneEvent, VoteEvent } from '../../../search/events';
import { zeroCompute } from '../../../search/types';
import { VoteTally } from './VoteTally';
import { winners } from './vote-summary';
import { mountRoot, unmountRoot } from '../../testing/dom-root';


// Majority and weighted voting disagree: "7" has the most votes, "12" the most PRM weight,
// and the single best-scored solution says "\frac{1}{2}".
const vote: VoteEvent = {
  type: 'vote',
  method: 'weighted-majority',
  compute: zeroCompute(),
  winner: '12',
  buckets: [
    { key: '7', answer: '7', count: 4, weight: 1.2, best: 0.4 },
    { key: '12', answer: '12', count: 3, weight: 2.4, best: 0.85 },
    { key: '1/2', answer: '\\frac{1}{2}', count: 1, weight: 0.95, best: 0.95 },
  ],
};
const done: DoneEvent = { type: 'done', answer: '12', correct: true, solutions: 8, nodes: 40, compute: zeroCompute() };

describe('winners', () => {
  it('computes every method from the buckets, ties to the earlier bucket', () => {
    const w = winners(vote.buckets);
    expect(w.majority?.key).toBe('7');
    expect(w.weighted?.key).toBe('12');
    expect(w.best?.key).toBe('1/2');
    const tie = winners([
      { key: 'a', answer: 'a', count: 2, weight: 1, best: 0.5 },
      { key: 'b', answer: 'b', count: 2, weight: 1, best: 0.5 },
    ]);
    expect([tie.majority?.key, tie.weighted?.key, tie.best?.key]).toEqual(['a', 'a', 'a']);
  });

  it('takes the event\'s own picks (its tie rule) over a recount from the buckets', () => {
    const tied = [
      { key: 'a', answer: 'a', count: 2, weight: 1, best: 0.5 },
      { key: 'b', answer: 'b', count: 2, weight: 1, best: 0.5 },
    ];
    const w = winners(tied, { majority: 'b', weighted: 'b', best: 'a' });
    expect([w.majority?.key, w.weighted?.key, w.best?.key]).toEqual(['b', 'b', 'a']);
  });

  it('has no weighted or best-of-N winner without PRM scores', () => {
    const w = winners([{ key: '3', answer: '3', count: 2, weight: 0, best: 0 }]);
    expect(w.majority?.key).toBe('3');
    expect(w.weighted).toBeNull();
    expect(w.scored).toBe(false);
  });
});

describe('VoteTally', () => {
  let host: HTMLElement;
  let root: Root;
  beforeEach(() => {
    ({ host, root } = mountRoot());
  });
  afterEach(() => {
    unmountRoot(host, root);
  });

  it('shows both winners, the gold answer and the verdict', () => {
    act(() => root.render(<VoteTally vote={vote} done={done} gold="12" style="math" scoreAgg="last" />));
    const dd = (label: string) =>
      [...host.querySelectorAll('.if-winner')].find((el) => el.querySelector('dt')?.textContent === label)?.querySelector('dd');
    expect(dd('Majority vote')?.textContent).toMatch(/^7.*✗$/);
    expect(dd('Weighted vote')?.textContent).toMatch(/^12.*✓$/);
    expect(dd('Best-scored solution')?.querySelector('.katex')).not.toBeNull();
    expect(host.textContent).toContain('weighted majority vote');
    // Rows are ranked by the run's method (Σ score) and the run's winner is marked.
    const rows = [...host.querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-key'));
    expect(rows).toEqual(['12', '7', '1/2']);
    expect(host.querySelector('.if-vote-win')?.getAttribute('data-key')).toBe('12');
    expect(host.querySelector('.if-verdict')?.textContent).toContain('✓ correct');
    // An event without `rule` was voted under the default: the official rule, named.
    expect(host.querySelector('.if-vote-rule')?.textContent).toContain('Ties: official');
  });

  it('shows the [invalid] class as plain text, its win under the official rule and the wrong verdict', () => {
    const invalidVote: VoteEvent = {
      type: 'vote', method: 'majority', compute: zeroCompute(), winner: '[invalid]', rule: 'official',
      // A 2–2 tie on counts: under the official rule "[invalid]" reached 2 first.
      picks: { majority: '[invalid]', weighted: '12', best: '12' },
      buckets: [
        { key: '12', answer: '12', count: 2, weight: 1.5, best: 0.9 },
        { key: '[invalid]', answer: '[invalid]', count: 2, weight: 0.6, best: 0.4 },
      ],
    };
    const lost: DoneEvent = { ...done, answer: '[invalid]', correct: false };
    act(() => root.render(<VoteTally vote={invalidVote} done={lost} gold="12" style="math" />));
    const cell = host.querySelector('tr[data-key="[invalid]"] .if-invalid');
    expect(cell?.textContent).toBe('[invalid]');
    expect(cell?.children.length).toBe(0);
    expect(host.querySelector('.if-vote-win')?.getAttribute('data-key')).toBe('[invalid]');
    const dd = [...host.querySelectorAll('.if-winner')].find((el) => el.querySelector('dt')?.textContent === 'Majority vote')?.querySelector('dd');
    expect(dd?.textContent).toMatch(/^\[invalid\].*✗$/);
    expect(host.querySelector('.if-verdict')?.textContent).toContain('✗ wrong');
    expect(host.querySelector('.if-vote-rule')?.textContent).toContain('vote as [invalid]');
  });

  it('names the first-vote rule when the run used it', () => {
    act(() => root.render(<VoteTally vote={{ ...vote, rule: 'first-vote' }} done={done} gold="12" style="math" />));
    expect(host.querySelector('.if-vote-rule')?.textContent).toContain('Ties: first-vote');
  });
});
