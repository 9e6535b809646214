import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ofType } from '../../search/testing/record';
import type { SearchEvent } from '../../search/events';
import { createRng } from '../../search/rng';
import { parseSpec, runStrategy } from '../../search/strategies/index';
import { parseBundle, serializeBundle } from '../bundle';
import { ReplayBackend } from '../replay-backend';
import { importText } from './import-any';

const data = (name: string) => new URL(`../../../../shared/data/${name}`, import.meta.url);
const text = readFileSync(data('openr_math_aps_mcts_tree_samples.jsonl'), 'utf8');
const rows = text.trim().split('\n').map((l) => JSON.parse(l));
const bundle = importText('openr-mcts', text, { createdAt: '2026-11-27T00:00:00Z' });

describe('openr-mcts on OpenR\'s MATH-APS tree samples', () => {
  it('turns each tree into a pool: the root is the question, every other node a step', () => {
    expect(bundle.problems.map((p) => [p.id, p.answer])).toEqual([['q0', '3'], ['q1', '64'], ['q1-2', '\\frac{11}{36}']]);
    expect(bundle.problems.map((p) => p.question)).toEqual(rows.map((r) => r.question));
    expect(bundle.pools.map((p) => p.nodes.length)).toEqual([142, 89, 23]);
    expect(bundle.pools.map((p) => p.nodes.filter((n) => n.parent === null).length)).toEqual([16, 14, 8]);
    // Leaves that box an answer end their solution; the rest were never expanded.
    expect(bundle.pools.map((p) => p.nodes.filter((n) => n.terminal).length)).toEqual([137, 82, 17]);
  });

  it('keeps the Monte-Carlo values as rewards and the recorded child order', () => {
    const sum = (i: number) => bundle.pools[i].nodes.reduce((s, n) => s + (n.reward ?? 0), 0);
    expect([sum(0), sum(1), sum(2)]).toEqual([138.75, 84.1875, 17.40625]);
    const firsts = bundle.pools[2].nodes.filter((n) => n.parent === null);
    expect(firsts.map((n) => n.reward)).toEqual(rows[2].reasoning_steps.children.map((c: { mc_value: number }) => c.mc_value));
    expect(firsts.map((n) => n.text)).toEqual(rows[2].reasoning_steps.children.map((c: { text: string }) => c.text));
    expect(bundle.pools[0].nodes.filter((n) => n.terminal).every((n) => n.answer === '3')).toBe(true);
    expect(bundle.models['Monte-Carlo rollouts (mc_value)']).toEqual({ role: 'prm', name: 'Monte-Carlo rollouts (mc_value)', params: 0 });
    expect(bundle.meta.notes).toContain('not PRM scores');
  });

  it('is accepted by parseBundle and replays: REBASE over the third tree goes below its first steps', async () => {
    expect(serializeBundle(parseBundle(JSON.parse(serializeBundle(bundle))))).toBe(serializeBundle(bundle));
    const events: SearchEvent[] = [];
    const replay = new ReplayBackend(bundle, 'q1-2');
    const done = await runStrategy(bundle.problems[2], replay, parseSpec({ name: 'rebase', params: { width: 8 } }), { rng: createRng(1), emit: (e) => events.push(e) });
    const nodes = ofType(events, 'node');
    const texts = new Set(bundle.pools[2].nodes.map((n) => n.text));
    expect(nodes.every((n) => texts.has(n.text))).toBe(true);
    expect(nodes.filter((n) => n.depth === 1)).toHaveLength(8);
    expect(nodes.some((n) => n.depth > 1)).toBe(true);
    expect(done.answer).toBe('\\frac{11}{36}');
    expect(done.correct).toBe(true);
  });

  it('names the node of a malformed tree', () => {
    const bad = { question: 'q', final_answer: '1', reasoning_steps: { text: 'q', mc_value: 1, children: [{ text: 'a', mc_value: 0.5, children: [{ text: 'b', mc_value: 2 }] }] } };
    expect(() => importText('openr-mcts', JSON.stringify(bad))).toThrow('openr-mcts: line 1: reasoning_steps.children[0].children[0].mc_value: must be a number in [0, 1] (got 2)');
    const noAnswer = { question: 'q', reasoning_steps: { text: 'q', mc_value: 1, children: [] } };
    expect(() => importText('openr-mcts', JSON.stringify(noAnswer))).toThrow('openr-mcts: line 1: final_answer: is missing');
  });
});
