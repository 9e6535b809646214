import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../search/rng';
import { parseSpec, runStrategy } from '../../search/strategies/index';
import { parseBundle, serializeBundle } from '../bundle';
import { ReplayBackend } from '../replay-backend';
import { importText } from './import-any';

const data = (name: string) => new URL(`../../../../shared/data/${name}`, import.meta.url);
const text = readFileSync(data('openai_scored_test_sample_example.json'), 'utf8');
const record = JSON.parse(text);
const bundle = importText('openai-scored', text, { createdAt: '2026-11-27T00:00:00Z' });

describe('openai-scored on a real record of OpenAI\'s PRM-scored MATH500 samples', () => {
  it('makes the sample one chain under its problem, with the gold answer and metadata as given', () => {
    expect(bundle.problems).toEqual([{
      id: 'test/precalculus/779.json', question: record.problem, answer: '-2+7i', subject: 'Precalculus', level: 2,
    }]);
    const nodes = bundle.pools[0].nodes;
    expect(nodes.map((n) => n.parent)).toEqual([null, 'n1', 'n2', 'n3']);
    expect(nodes.map((n) => n.text)).toEqual(record.steps);
    expect(nodes[3]).toMatchObject({ terminal: true, answer: '7i - 2', correct: true });
  });

  it('scores each step P(0) + P(1), whose product is the file\'s prm_score', () => {
    const rewards = bundle.pools[0].nodes.map((n) => n.reward as number);
    expect(rewards[0]).toBeCloseTo(0.387681464904673 + 0.01925049232449113, 15);
    expect(rewards.reduce((a, b) => a * b, 1)).toBeCloseTo(record.prm_score, 12);
    expect(rewards.map((r) => r.toFixed(4))).toEqual(['0.4069', '0.9429', '0.9576', '0.2492']);
  });

  it('groups the lines of a problem into one pool and keeps the first maxPerProblem samples', () => {
    const line = (answer: string, correct: boolean) => JSON.stringify({ ...record, answer, is_correct: correct, steps: [...record.steps.slice(0, 3), `So\n\n# Answer\n\n${answer}`] });
    const other = JSON.stringify({ ...record, unique_id: 'test/algebra/1.json', problem: 'What is 1+1?', ground_truth_answer: '2' });
    const jsonl = [line('7i - 2', true), other, line('2 + 7i', false), line('-2+7i', true)].join('\n');
    const b = importText('openai-scored', jsonl, { maxPerProblem: 2, createdAt: '2026-11-27' });
    expect(b.problems.map((p) => p.id)).toEqual(['test/precalculus/779.json', 'test/algebra/1.json']);
    expect(b.pools[0].nodes.filter((n) => n.terminal).map((n) => [n.answer, n.correct])).toEqual([['7i - 2', true], ['2 + 7i', false]]);
    expect(b.meta.notes).toContain('Only the first 2 samples of each problem were imported (1 skipped).');
  });

  it('replays (weighted majority over one sample) and round-trips', async () => {
    expect(serializeBundle(parseBundle(JSON.parse(serializeBundle(bundle))))).toBe(serializeBundle(bundle));
    const done = await runStrategy(bundle.problems[0], new ReplayBackend(bundle, 'test/precalculus/779.json'), parseSpec({ name: 'sample', params: { n: 1 } }), { rng: createRng(1) });
    expect(done.answer).toBe('7i - 2');
    expect(done.correct).toBe(true);
  });

  it('names the field of a malformed sample', () => {
    expect(() => importText('openai-scored', JSON.stringify({ ...record, rating_probs: record.rating_probs.slice(1) })))
      .toThrow('openai-scored: line 1: rating_probs: has 3 entries for 4 steps');
    expect(() => importText('openai-scored', JSON.stringify({ ...record, rating_probs: [{ '-1': 0.5, 0: 'x', 1: 0.5 }, ...record.rating_probs.slice(1)] })))
      .toThrow('openai-scored: line 1: rating_probs[0].0: must be a probability in [0, 1] (got "x")');
    expect(() => importText('openai-scored', JSON.stringify({ ...record, ground_truth_answer: undefined })))
      .toThrow('openai-scored: line 1: ground_truth_answer: is missing');
  });
});
