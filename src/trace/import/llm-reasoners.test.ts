import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../search/rng';
import { parseSpec, runStrategy } from '../../search/strategies/index';
import { parseBundle, serializeBundle } from '../bundle';
import { ReplayBackend } from '../replay-backend';
import { importText } from './import-any';

// Written by hand from maitrix-org/llm-reasoners' TreeLog code and RAP GSM8K example (see testdata/README.md).
const text = readFileSync(new URL('./testdata/llm-reasoners-treelog.json', import.meta.url), 'utf8');
const question = 'Tom has 3 apples and buys 2 more. How many apples does Tom have now?';

describe('llm-reasoners TreeLog (RAP on GSM8K)', () => {
  const bundle = importText('llm-reasoners-treelog', text, { createdAt: '2026-11-27T00:00:00Z', question, answer: '5' });

  it('merges the per-iteration snapshots into one tree; the root is the question', () => {
    const nodes = bundle.pools[0].nodes;
    // Depth-first order of the last snapshot, node ids as recorded.
    expect(nodes.map((n) => [n.id, n.parent])).toEqual([['1', null], ['4', '1'], ['6', '4'], ['5', '1'], ['2', null], ['3', null]]);
    expect(nodes[0].text).toBe('How many apples does Tom have at first?\nTom has 3 apples at first. The answer is 3.');
    expect(bundle.problems).toEqual([{ id: 'q0', question, answer: '5' }]);
  });

  it('takes the edge rewards (r_useful^0.5 · r_conf^0.5) and RAP\'s terminal rule', () => {
    const nodes = bundle.pools[0].nodes;
    expect(nodes.map((n) => n.reward?.toFixed(4))).toEqual(['0.9487', '0.9220', '0.9117', '0.4743', '0.7826', '0.3162']);
    // Only "Now we can answer" sub-questions end a solution; node 3 is an unexpanded leaf.
    expect(nodes.filter((n) => n.terminal).map((n) => [n.id, n.answer])).toEqual([['6', '5'], ['5', '6']]);
    expect(bundle.meta.notes).toContain('Q values and visit counts are not kept');
  });

  it('replays: a beam search over the recorded tree answers 5', async () => {
    expect(serializeBundle(parseBundle(JSON.parse(serializeBundle(bundle))))).toBe(serializeBundle(bundle));
    const done = await runStrategy(bundle.problems[0], new ReplayBackend(bundle, 'q0'), parseSpec({ name: 'beam', params: { n: 2, m: 2 } }), { rng: createRng(1) });
    expect(done.answer).toBe('5');
    expect(done.correct).toBe(true);
  });

  it('says what the TreeLog does not record when no question or answer is given', () => {
    const b = importText('llm-reasoners-treelog', text, { createdAt: '2026-11-27' });
    expect(b.problems[0]).toEqual({ id: 'q0', question: '', answer: '' });
    expect(b.meta.notes).toContain('does not record the question');
    expect(b.meta.notes).toContain('does not record a gold answer');
  });

  it('rescales rewards outside [0, 1] (e.g. Blocksworld) keeping their order, and reads a bare snapshot', () => {
    const snap = {
      nodes: { 0: { id: 0, data: {} }, 1: { id: 1, data: { text: 'a' } }, 2: { id: 2, data: { text: 'b' } } },
      edges: { 0: { id: 0, source: 0, target: 1, data: { reward: -2 } }, 1: { id: 1, source: 0, target: 2, data: { reward: 6 } } },
    };
    const b = importText('llm-reasoners-treelog', JSON.stringify(snap), { createdAt: '2026-11-27' });
    expect(b.pools[0].nodes.map((n) => n.reward)).toEqual([0, 1]);
    expect(b.meta.notes).toContain('Edge rewards span [-2, 6]; they were rescaled linearly to [0, 1]');
  });

  it('names what is wrong with a malformed TreeLog', () => {
    const two = { nodes: { 0: { id: 0, data: {} }, 1: { id: 1, data: {} }, 2: { id: 2, data: {} } }, edges: { 0: { id: 0, source: 0, target: 1, data: {} } } };
    expect(() => importText('llm-reasoners-treelog', JSON.stringify(two))).toThrow('llm-reasoners-treelog: line 1: nodes: must form one tree with one root (found 2 roots: 0, 2)');
    const noTarget = { logs: [{ nodes: { 0: { id: 0, data: {} } }, edges: { 0: { id: 0, source: 0, data: {} } } }] };
    expect(() => importText('llm-reasoners-treelog', JSON.stringify(noTarget))).toThrow('llm-reasoners-treelog: line 1: logs[0].edges.0: must have a source and a target');
  });
});
