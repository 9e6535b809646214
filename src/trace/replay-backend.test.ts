import { describe, expect, it } from 'vitest';
import type { SampleOptions } from '../search/backend';
import { createRng } from '../search/rng';
import type { SearchNode, StepSample } from '../search/types';
import { parseBundle } from './bundle';
import { ReplayBackend } from './replay-backend';
import { exampleBundleJson, nodeFrom } from './testing';

const bundle = parseBundle(exampleBundleJson());
const p1 = bundle.problems[0];
const p2 = bundle.problems[1];
const opts = (seed = 1, temperature = 1): SampleOptions => ({ temperature, maxStepTokens: 256, rng: createRng(seed) });
const refs = (samples: StepSample[]) => samples.map((s) => s.ref);

/** Expand through the backend and make the children run nodes, as a strategy would. */
function children(replay: ReplayBackend, parent: SearchNode | null, n: number, next: { id: number }) {
  const res = replay.expand(p1, parent, n, opts());
  return { res, nodes: res.samples.map((s) => nodeFrom(next.id++, s, parent)) };
}

describe('ReplayBackend.expand', () => {
  it('serves recorded children in recorded order, each once, then reports the shortfall', () => {
    const replay = new ReplayBackend(bundle, 'p1');
    const first = replay.expand(p1, null, 2, opts());
    expect(refs(first.samples)).toEqual(['a', 'b']);
    expect(first.shortfall).toBeUndefined();
    const second = replay.expand(p1, null, 2, opts());
    expect(refs(second.samples)).toEqual(['c']);
    expect(second.shortfall).toBe(1);
    const third = replay.expand(p1, null, 3, opts());
    expect(third.samples).toEqual([]);
    expect(third.shortfall).toBe(3);
    expect(replay.coverage()).toEqual({ asked: 7, served: 3 });
  });

  it('returns each step as recorded, with the recorded id as ref and the default or recorded finish reason', () => {
    const replay = new ReplayBackend(bundle, 'p1');
    const next = { id: 0 };
    const [a, b] = children(replay, null, 2, next).nodes;
    expect(replay.expand(p1, b, 1, opts()).samples).toEqual([
      { text: 'The answer is 41.', tokens: 6, terminal: true, answer: '41', finishReason: 'length', ref: 'b1' },
    ]);
    const res = replay.expand(p1, a, 5, opts());
    expect(res.samples).toEqual([
      { text: '7 + 7 + 7 = 21, doubled is 42.', tokens: 14, terminal: false, finishReason: 'stop', ref: 'a1' },
      { text: 'The answer is 42.', tokens: 6, terminal: true, answer: '42', finishReason: 'eos', ref: 'a2' },
    ]);
    expect(res.shortfall).toBe(3);
  });

  it('never invents: a leaf has no children and a prefix it did not serve is refused', () => {
    const replay = new ReplayBackend(bundle, 'p1');
    const next = { id: 0 };
    const [, , c] = children(replay, null, 3, next).nodes;
    const res = replay.expand(p1, c, 2, opts());
    expect(res).toEqual({ samples: [], shortfall: 2 });
    const stranger = nodeFrom(99, { text: 'x', tokens: 1, terminal: false, finishReason: 'stop', ref: { sim: 1 } }, null);
    expect(() => replay.expand(p1, stranger, 1, opts())).toThrow('ReplayBackend: run node 99 carries no recorded node id of this pool (ref: an object); a replay can only continue from nodes it served');
    expect(() => replay.expand(p2, null, 1, opts())).toThrow('ReplayBackend: this replay serves problem "p1", not "p2"');
  });

  it('ignores rng and temperature: every run has one outcome', () => {
    const run = (seed: number, temperature: number) => {
      const replay = new ReplayBackend(bundle, 'p1');
      const roots = replay.expand(p1, null, 2, opts(seed, temperature)).samples;
      const a = nodeFrom(0, roots[0], null);
      return [...roots, ...replay.expand(p1, a, 2, opts(seed, temperature)).samples];
    };
    expect(run(1, 1)).toEqual(run(12345, 0));
    expect(refs(run(7, 0.3))).toEqual(['a', 'b', 'a1', 'a2']);
  });

  it('serves everything again after reset(), and fresh() starts a run of its own', () => {
    const replay = new ReplayBackend(bundle, 'p1');
    const once = refs(replay.expand(p1, null, 3, opts()).samples);
    const other = replay.fresh();
    replay.reset();
    expect(replay.coverage()).toEqual({ asked: 0, served: 0 });
    expect(refs(replay.expand(p1, null, 3, opts()).samples)).toEqual(once);
    expect(refs(other.expand(p1, null, 3, opts()).samples)).toEqual(once);
  });
});

describe('ReplayBackend.complete', () => {
  it('serves whole chains: next unserved first step, then next unserved child, down to a terminal step', () => {
    const replay = new ReplayBackend(bundle, 'p1');
    const res = replay.complete(p1, 2, { ...opts(), maxDepth: 10 });
    expect(res.solutions.map(refs)).toEqual([['a', 'a1', 'a1x'], ['b', 'b1']]);
    expect(res.shortfall).toBeUndefined();
    const more = replay.complete(p1, 3, { ...opts(), maxDepth: 10 });
    // c was recorded without children: its chain ends unfinished, as recorded.
    expect(more.solutions.map(refs)).toEqual([['c']]);
    expect(more.shortfall).toBe(2);
    expect(replay.coverage()).toEqual({ asked: 5, served: 3 });
  });

  it('stops a chain at maxDepth and replays a pool of whole solutions root to leaf', () => {
    expect(new ReplayBackend(bundle, 'p1').complete(p1, 1, { ...opts(), maxDepth: 2 }).solutions.map(refs)).toEqual([['a', 'a1']]);
    const replay = new ReplayBackend(bundle, 'p2');
    const res = replay.complete(p2, 2, { ...opts(), maxDepth: 10 });
    expect(res.solutions.map((chain) => chain.map((s) => s.answer ?? '-'))).toEqual([['-', '\\frac{1}{2}'], ['0.5']]);
  });
});

describe('ReplayBackend.score and describe', () => {
  it('returns the recorded reward of each node', () => {
    const replay = new ReplayBackend(bundle, 'p1');
    const [a, b] = replay.expand(p1, null, 2, opts()).samples.map((s, i) => nodeFrom(i, s, null));
    const [a1, a2] = replay.expand(p1, a, 2, opts()).samples.map((s, i) => nodeFrom(2 + i, s, a));
    expect(replay.score(p1, [a, b, a1, a2]).rewards).toEqual([0.9, 0.4, 0.8, 0.95]);
  });

  it('explains that a pool without PRM cannot score', () => {
    const replay = new ReplayBackend(bundle, 'p2');
    const s1 = nodeFrom(0, replay.expand(p2, null, 1, opts()).samples[0], null);
    expect(() => replay.score(p2, [s1])).toThrow('the recorded pool for problem "p2" has no PRM (prm: null)');
  });

  it('describes the pool\'s models, with the policy parameters for FLOPs', () => {
    expect(new ReplayBackend(bundle, 'p1').describe()).toEqual({
      policy: { name: 'sim-7B', params: 7e9 },
      prm: { name: 'sim-prm', params: 7e9 },
      capabilities: { complete: true, multiSample: true, replay: true },
    });
    expect(new ReplayBackend(bundle, 'p2').describe().prm).toBeNull();
  });

  it('picks the pool by problem and policy, and says what exists when nothing matches', () => {
    const two = parseBundle(exampleBundleJson());
    two.pools.push({ ...two.pools[1], problemId: 'p1', nodes: [] });
    expect(() => new ReplayBackend(two, 'p1')).toThrow('problem "p1" has pools for several policies (sim-7B, sim-1B); say which');
    expect(new ReplayBackend(two, 'p1', 'sim-1B').pool).toBe(two.pools[2]);
    expect(() => new ReplayBackend(bundle, 'p1', 'sim-1B')).toThrow('no pool for problem "p1" with policy "sim-1B" (policies with pools for it: sim-7B)');
    expect(() => new ReplayBackend(bundle, 'p7')).toThrow('the trace has no problem "p7"');
  });
});
