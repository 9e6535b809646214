import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../search/rng';
import { parseSpec, runStrategy } from '../../search/strategies/index';
import { parseBundle, serializeBundle } from '../bundle';
import { ReplayBackend } from '../replay-backend';
import { importText } from './import-any';
import { splitSteps } from './search-and-learn';

// Written by hand from huggingface/search-and-learn's code (see testdata/README.md): its outputs are on the HF Hub only.
const read = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
const opts = { createdAt: '2026-11-27T00:00:00Z', policy: 'meta-llama/Llama-3.2-1B-Instruct', prm: 'RLHFlow/Llama3.1-8B-PRM-Deepseek-Data' };

describe('search-and-learn best_of_n rows', () => {
  const bundle = importText('search-and-learn', read('search-and-learn-best-of-n.jsonl'), opts);

  it('makes every completion its own chain of "\\n\\n"-separated steps, with the row\'s scores', () => {
    expect(bundle.problems).toEqual([
      { id: 'test/prealgebra/9001.json', question: 'What is $3 \\cdot 4 + 5$?', answer: '17', subject: 'Prealgebra', level: 1 },
      { id: 'test/prealgebra/9002.json', question: 'Simplify $\\frac{6}{8}$.', answer: '\\frac{3}{4}', subject: 'Prealgebra', level: 2 },
    ]);
    const p0 = bundle.pools[0].nodes;
    expect(p0).toHaveLength(11);
    expect(p0.filter((n) => n.parent === null)).toHaveLength(4);
    expect(p0.map((n) => n.reward)).toEqual([0.98, 0.97, 0.99, 0.62, 0.21, 0.08, 0.98, 0.97, 0.99, 0.91, 0.95]);
    expect(p0.filter((n) => n.terminal).map((n) => n.answer)).toEqual(['17', '27', '17', '17']);
    expect(p0[0].text).toBe('## Step 1: Multiply\n$3 \\cdot 4 = 12$\n\n');
  });

  it('splits each completion\'s real completion_tokens over its steps', () => {
    const chains = [[0, 3], [3, 6], [6, 9], [9, 11]].map(([a, b]) => bundle.pools[0].nodes.slice(a, b).reduce((s, n) => s + n.tokens, 0));
    expect(chains).toEqual([41, 40, 41, 23]);
    expect(bundle.models['llama-3.2-1b-instruct'].params).toBe(1.24e9);
  });

  it('keeps the score RLHFlow\'s PRM gives the empty piece after a final blank line as an empty last step', () => {
    const last = bundle.pools[1].nodes.slice(-3);
    expect(last.map((n) => [n.text, n.reward, n.terminal])).toEqual([
      ['## Step 1: Divide by 2\n$\\frac{6}{8} = \\frac{3}{4}$\n\n', 0.95, false],
      ['Therefore, the final answer is: $\\boxed{\\frac{3}{4}}$. I hope it is correct.\n\n', 0.96, false],
      ['', 0.5, true],
    ]);
    expect(splitSteps('a\n\nb\n\n')).toEqual(['a\n\n', 'b\n\n']);
    expect(splitSteps('a\n\n\n\nb')).toEqual(['a\n\n', '\n\n', 'b']);
  });

  it('replays best-of-4 by the last step score (the official evaluation\'s default) and round-trips', async () => {
    expect(serializeBundle(parseBundle(JSON.parse(serializeBundle(bundle))))).toBe(serializeBundle(bundle));
    const done = await runStrategy(bundle.problems[1], new ReplayBackend(bundle, 'test/prealgebra/9002.json'), parseSpec({ name: 'sample', params: { n: 4, aggregate: 'best-of-n' } }), { rng: createRng(1) });
    expect(done.answer).toBe('\\frac{3}{4}');
    expect(done.correct).toBe(true);
  });
});

describe('search-and-learn beam_search and dvts rows', () => {
  it('rebuilds the beam search tree from its completions (the duplicated beam merges away)', () => {
    const b = importText('search-and-learn', read('search-and-learn-beam-search.jsonl'), opts);
    expect(b.pools[0].nodes.map((n) => [n.id, n.parent, n.reward, n.answer])).toEqual([
      ['n1', null, 0.98, undefined], ['n2', 'n1', 0.97, undefined], ['n3', 'n2', 0.99, '17'],
      ['n4', 'n1', 0.95, undefined], ['n5', 'n4', 0.97, '17'], ['n6', 'n1', 0.3, undefined], ['n7', 'n6', 0.1, '18'],
    ]);
    expect(b.meta.notes).toContain('merged into one tree');
    expect(b.meta.notes).toContain('Token counts of merged trees are estimated');
  });

  it('rebuilds DVTS subtrees (completion_tokens is -1 there)', async () => {
    const b = importText('search-and-learn', read('search-and-learn-dvts.jsonl'), opts);
    const nodes = b.pools[0].nodes;
    expect(nodes.filter((n) => n.parent === null).map((n) => n.reward)).toEqual([0.98, 0.6]);
    expect(nodes).toHaveLength(8);
    const done = await runStrategy(b.problems[0], new ReplayBackend(b, b.problems[0].id), parseSpec({ name: 'beam', params: { n: 4, m: 2, dvts: true } }), { rng: createRng(1) });
    expect(done.answer).toBe('17');
  });

  it('names the row and field of a malformed row', () => {
    const row = { problem: 'p', answer: '1', completions: ['a\n\nb'], scores: [[0.5, 0.5]], completion_tokens: [3] };
    expect(() => importText('search-and-learn', JSON.stringify({ ...row, scores: [[0.5]] })))
      .toThrow('search-and-learn: line 1: scores[0]: has 1 step scores for 2 steps ("\\n\\n"-separated) in completions[0]');
    expect(() => importText('search-and-learn', JSON.stringify({ ...row, scores: [[0.5, null]] })))
      .toThrow('search-and-learn: line 1: scores[0][1]: must be a number in [0, 1] (got null)');
    expect(() => importText('search-and-learn', JSON.stringify({ ...row, completion_tokens: [3, 4] })))
      .toThrow('search-and-learn: line 1: completion_tokens: has 2 entries for 1 completions');
    expect(() => importText('search-and-learn', `${JSON.stringify(row)}\n${JSON.stringify({ ...row, answer: 5 })}`))
      .toThrow('search-and-learn: line 2: answer: must be a string (got 5)');
  });
});
