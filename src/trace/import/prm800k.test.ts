import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../search/rng';
import { parseSpec, runStrategy } from '../../search/strategies/index';
import { parseBundle, serializeBundle } from '../bundle';
import { ReplayBackend } from '../replay-backend';
import { importText } from './import-any';

const data = (name: string) => new URL(`../../../../shared/data/${name}`, import.meta.url);
const text = readFileSync(data('prm800k_label_examples.jsonl'), 'utf8');
const rows = text.trim().split('\n').map((l) => JSON.parse(l));
const bundle = importText('prm800k', text, { createdAt: '2026-11-27T00:00:00Z' });

describe('prm800k on six real PRM800K label lines', () => {
  it('makes each labelling a tree of every rated candidate (human-written steps included)', () => {
    expect(bundle.pools.map((p) => p.nodes.length)).toEqual([15, 10, 11, 13, 14, 12]);
    expect(bundle.pools.map((p) => p.nodes.filter((n) => n.parent === null).length)).toEqual([1, 1, 1, 1, 1, 1]);
    // Candidates that state "# Answer" end a solution: 2 + 0 + 6 + 1 + 0 + 1.
    expect(bundle.pools.map((p) => p.nodes.filter((n) => n.terminal).length)).toEqual([2, 0, 6, 1, 0, 1]);
  });

  it('keeps the gold answers exactly as given (a screening question has none: left empty, with a note)', () => {
    expect(bundle.problems.map((p) => p.answer)).toEqual(['29', '28800', '468', '9', '1+2\\sqrt{3}', '']);
    expect(bundle.problems.map((p) => p.question)).toEqual(rows.map((r) => r.question.problem));
    expect(bundle.meta.notes).toContain('line 6: question.ground_truth_answer is null');
  });

  it('turns ratings −1/0/+1 into rewards 0/0.5/1 and leaves unrated steps unscored', () => {
    const rewards = bundle.pools.flatMap((p) => p.nodes.map((n) => n.reward));
    expect([0, 0.5, 1, null].map((r) => rewards.filter((x) => x === r).length)).toEqual([15, 3, 55, 2]);
    // Line 1, step 2: five candidates all rated −1, then the labeller's own step, which the labelling continues from.
    const line1 = bundle.pools[0].nodes;
    const step2 = line1.filter((n) => n.parent === line1[0].id);
    expect(step2.map((n) => n.reward)).toEqual([0, 0, 0, 0, 0, null]);
    expect(step2[5].text).toBe('We have $3p+e=1.24$ and $5p+e=1.82$.');
    expect(line1.filter((n) => n.parent === step2[5].id).map((n) => n.text)).toEqual([rows[0].label.steps[2].completions[0].text]);
    // The chosen last step states the answer 29.
    expect(line1.filter((n) => n.terminal).map((n) => [n.answer, n.reward])).toEqual([['29', 1], ['29', 1]]);
  });

  it('replays: a beam search over line 3 keeps the top-rated candidates and reaches the answer', async () => {
    expect(serializeBundle(parseBundle(JSON.parse(serializeBundle(bundle))))).toBe(serializeBundle(bundle));
    const done = await runStrategy(bundle.problems[2], new ReplayBackend(bundle, bundle.problems[2].id), parseSpec({ name: 'beam', params: { n: 4, m: 2 } }), { rng: createRng(1) });
    expect(done.answer).toBe('468');
    expect(done.correct).toBe(true);
  });

  it('names the step of a malformed label line', () => {
    const line = (steps: unknown[]) => JSON.stringify({ question: { problem: 'p', ground_truth_answer: '1' }, label: { steps, finish_reason: 'solution' } });
    const c = (rating: unknown, text = 'x') => ({ text, rating, flagged: false });
    expect(() => importText('prm800k', line([{ completions: [c(2)], chosen_completion: 0, human_completion: null }])))
      .toThrow('prm800k: line 1: label.steps[0].completions[0].rating: must be -1, 0, 1 or null (got 2)');
    expect(() => importText('prm800k', line([{ completions: [c(1)], chosen_completion: 3, human_completion: null }])))
      .toThrow('prm800k: line 1: label.steps[0].chosen_completion: must be null or an index into completions (0–0) (got 3)');
    expect(() => importText('prm800k', line([{ completions: [c(-1)], chosen_completion: null, human_completion: null }, { completions: [c(1)], chosen_completion: 0 }])))
      .toThrow('prm800k: line 1: label.steps[1]: follows a step whose labelling stopped (no chosen_completion and no human_completion)');
  });
});
