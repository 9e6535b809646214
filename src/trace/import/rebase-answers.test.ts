import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../../search/events';
import { createRng } from '../../search/rng';
import { parseSpec, runStrategy } from '../../search/strategies/index';
import { ofType } from '../../search/testing/record';
import { parseBundle, serializeBundle } from '../bundle';
import { ReplayBackend } from '../replay-backend';
import { importText } from './import-any';
import { rebaseAnswer, splitRebaseSteps } from './rebase-answers';

// Written by hand from thu-wyz/rebase rebase.py (see testdata/README.md): no answers.json is public.
const text = readFileSync(new URL('./testdata/rebase-answers.json', import.meta.url), 'utf8');
const bundle = importText('rebase-answers', text, { createdAt: '2026-11-27T00:00:00Z', policy: 'llemma_7b' });

describe('rebase-answers (the official REBASE answers.json)', () => {
  it('rebuilds each question\'s tree by merging the leaves\' shared step prefixes', () => {
    const q0 = bundle.pools[0].nodes;
    // Four leaves: two share their first step, one is a duplicate of the first and merges away.
    expect(q0.map((n) => [n.id, n.parent, n.reward, n.terminal, n.answer])).toEqual([
      ['n1', null, 0.921875, false, undefined],
      ['n2', 'n1', 0.953125, true, '17'],
      ['n3', 'n1', 0.90234375, false, undefined],
      ['n4', 'n3', 0.93359375, true, '17'],
      ['n5', null, 0.310546875, false, undefined],
      ['n6', 'n5', 0.119140625, true, '27'],
    ]);
    expect(q0[0].text).toBe(' Step 1: First multiply: $3 \\cdot 4 = 12$. ки\n');
    expect(q0[1].text).toBe('Step 2: Then add: $12 + 5 = 17$. The answer is: 17 ки');
    expect(bundle.pools[1].nodes.map((n) => n.text)).toEqual([
      ' Tom starts with 3 apples. ки\n', 'He buys 2 more, so he has 3 + 2 = 5 apples. The answer is: 5 ки',
      ' He buys 2 more apples. ки\n', 'So he has 3 * 2 = 6 apples. The answer is: 6 ки',
    ]);
  });

  it('keeps the gold answers exactly as given (GSM8K\'s worked solution graded GSM8K-style)', () => {
    expect(bundle.problems).toEqual([
      { id: 'q0', question: 'What is the value of $3 \\cdot 4 + 5$?', answer: '17' },
      { id: 'q1', question: 'Tom has 3 apples and buys 2 more. How many apples does he have now?', answer: 'Tom has 3 + 2 = <<3+2=5>>5 apples.\n#### 5', grading: 'gsm8k' },
    ]);
    expect(bundle.models['llemma-7b']).toEqual({ role: 'policy', name: 'Llemma-7B', params: 6.74e9 });
    expect(bundle.meta.notes).toContain('The file records 183 generated tokens in total');
    expect(bundle.meta.notes).toContain('pruned branches and unfinished paths are missing');
  });

  it('reads answers as the official evaluation does and splits at Step markers, else at ки tags', () => {
    expect(rebaseAnswer('Step 4: So the total is 1,234. The answer is: 1,234 ки')).toBe('1234');
    expect(rebaseAnswer('The final answer is $\\boxed{7}$')).toBe('7');
    expect(splitRebaseSteps(' Step 1: a ки\nStep 2: b ки\nStep 3: c', 3)).toEqual([' Step 1: a ки\n', 'Step 2: b ки\n', 'Step 3: c']);
    expect(splitRebaseSteps(' a ки\nb ки', 2)).toEqual([' a ки\n', 'b ки']);
    expect(splitRebaseSteps(' a ки\nb ки', 3)).toBeUndefined();
  });

  it('replays REBASE over the rebuilt tree and answers 17 (q0)', async () => {
    expect(serializeBundle(parseBundle(JSON.parse(serializeBundle(bundle))))).toBe(serializeBundle(bundle));
    const events: SearchEvent[] = [];
    const done = await runStrategy(bundle.problems[0], new ReplayBackend(bundle, 'q0'), parseSpec({ name: 'rebase', params: { width: 4 } }), { rng: createRng(3), emit: (e) => events.push(e) });
    expect(done.answer).toBe('17');
    expect(done.correct).toBe(true);
    // Only 2 first steps were recorded for a width of 4: the run says it is incomplete.
    expect(done.incomplete).toBeDefined();
    expect(ofType(events, 'node').map((n) => n.text)).toContain('Step 3: The answer is: 17 ки');
  });

  it('names the answer that cannot be read', () => {
    const doc = (a: object) => JSON.stringify([{ id: 0, question: 'Q?', model_answer: [a], ground_truth_answer: '1', total_tokens: 5 }]);
    expect(() => importText('rebase-answers', doc({ text: 'Q? Step 1: a ки\nStep 2: b ки', step_scores: [0.5, 0.6, 0.7] })))
      .toThrow('rebase-answers: [0]: model_answer[0].text: cannot be split into 3 steps (one per step_scores entry): found neither the "Step 2" … "Step 3" markers nor 3 ки tags');
    expect(() => importText('rebase-answers', doc({ text: 'Other? Step 1: a ки', step_scores: [0.5] })))
      .toThrow('rebase-answers: [0]: model_answer[0].text: does not contain the question');
    expect(() => importText('rebase-answers', doc({ text: 'Q? Step 1: a ки', step_scores: [7] })))
      .toThrow('rebase-answers: [0]: model_answer[0].step_scores[0]: must be a number in [0, 1] (got 7)');
  });
});
