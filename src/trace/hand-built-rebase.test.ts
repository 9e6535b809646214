/**
 * A REBASE run on a hand-built bundle allocates exactly as design.md §4 says. The tree below is
 * written by hand with BundleBuilder and every width is worked out by hand in the comments, so
 * the test does not lean on the allocation code it checks.
 */
import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../search/events';
import { createRng } from '../search/rng';
import { parseSpec, runStrategy } from '../search/strategies/index';
import { ofType } from '../search/testing/record';
import type { Bundle } from './bundle';
import { BundleBuilder } from './builder';
import { ReplayBackend } from './replay-backend';

const PARAMS = 7e9;
const TOKENS = 10;

/**
 * [label, parent, reward, answer if terminal]. Children keep this order (the recorded order).
 * Every step has 10 tokens. Terminal steps answering "7" sit only under nodes REBASE must never
 * expand (C, D, A3, A4a-y): if one is ever served, the "7" shows up in the tree or the vote.
 */
const TREE: [string, string | null, number, string?][] = [
  ['A', null, 0.9], ['B', null, 0.6], ['C', null, 0.6], ['D', null, 0.2],
  ['A1', 'A', 0.7], ['A2', 'A', 0.8, '42'], ['A3', 'A', 0.3], ['A4', 'A', 0.7],
  ['B1', 'B', 0.6],
  ['C1', 'C', 0.99, '7'], ['D1', 'D', 0.99, '7'],
  ['A1a', 'A1', 0.5], ['A1b', 'A1', 0.9, '42'],
  ['A3a', 'A3', 0.99, '7'],
  ['A4a', 'A4', 0.5],
  ['B1a', 'B1', 0.4, '41'],
  ['A1a-x', 'A1a', 0.85, '42'], ['A1a-y', 'A1a', 0.5],
  ['A4a-x', 'A4a', 0.6, '40'], ['A4a-y', 'A4a', 0.5],
  ['A1a-y1', 'A1a-y', 0.3, '40'],
  ['A4a-y1', 'A4a-y', 0.99, '7'],
];

function handBuiltBundle(): Bundle {
  const b = new BundleBuilder({ title: 'hand-built REBASE tree', createdAt: '2026-11-27T00:00:00Z', source: 'sim' });
  b.addModel('hand-7B', { role: 'policy', name: 'hand-7B', params: PARAMS });
  b.addModel('hand-prm', { role: 'prm', name: 'hand-prm', params: 1e9 });
  b.addProblem({ id: 'hand-1', question: 'What is 6 × 7?', answer: '42' });
  const pool = b.addPool({ problemId: 'hand-1', policy: 'hand-7B', prm: 'hand-prm', sampling: { temperature: 1 } });
  for (const [id, parent, reward, answer] of TREE) {
    b.addNode(pool, { id, parent, text: id, tokens: TOKENS, reward, terminal: answer !== undefined, ...(answer !== undefined ? { answer } : {}) });
  }
  return b.build();
}

interface Replayed {
  events: SearchEvent[];
  done: Extract<SearchEvent, { type: 'done' }>;
  replay: ReplayBackend;
  /** Run node id → the recorded label (the step's text). */
  label: (id: number) => string;
}

async function replayRebase(params: Record<string, unknown>): Promise<Replayed> {
  const bundle = handBuiltBundle();
  const replay = new ReplayBackend(bundle, 'hand-1');
  const events: SearchEvent[] = [];
  const done = await runStrategy(bundle.problems[0], replay, parseSpec({ name: 'rebase', params }), {
    rng: createRng(1),
    emit: (e) => events.push(e),
  });
  const labels = new Map(ofType(events, 'node').map((n) => [n.id, n.text]));
  return { events, done, replay, label: (id) => labels.get(id) ?? `?${id}` };
}

/** Each allocate event as [depth, B, Σ widths, [[label, width], …] in allocation order]. */
const allocations = ({ events, label }: Replayed) =>
  ofType(events, 'allocate').map((a) => [a.depth, a.budget, a.allocated, a.items.map((i) => [label(i.id), i.width])]);

const zeroWidthPrunes = ({ events, label }: Replayed) =>
  ofType(events, 'prune').filter((p) => p.reason === 'rebase-zero-width').map((p) => p.ids.map(label));

/** Nothing was ever generated under, or asked of, these run nodes. */
function neverExpanded({ events }: Replayed, ids: number[]): void {
  const set = new Set(ids);
  expect(ofType(events, 'node').filter((n) => n.parent !== null && set.has(n.parent))).toEqual([]);
  expect(ofType(events, 'expand').filter((e) => e.parent !== null && set.has(e.parent))).toEqual([]);
}

describe('a REBASE run on a hand-built bundle allocates exactly as design.md §4 says', () => {
  it('official preset (T_b 0.2, reference allocation), width 4', async () => {
    const r = await replayRebase({ width: 4, preset: 'official' });
    // Depth 1: B = 4, candidates A .9, B .6, C .6, D .2 (none terminal).
    //   w = exp(R / 0.2) = e^4.5, e^3, e^3, e^1 = 90.0171, 20.0855, 20.0855, 2.7183; Σw = 132.9065
    //   → normalised 0.67730, 0.15113, 0.15113, 0.02045.
    //   Walk, highest reward first, B_rem = 4, S_rem = 1:
    //     A: ceil(4 · 0.67730 / 1)       = ceil(2.7092) = 3;  B_rem = 1, S_rem = 0.32270
    //     B: ceil(1 · 0.15113 / 0.32270) = ceil(0.4683) = 1;  B_rem = 0
    //     C, D: 0 → pruned.                                     Σ = 4 = B.
    // Depth 2: served A1 .7, A2 (terminal), A3 .3 from A and B1 .6 from B. A2 uses up one unit: B = 3.
    //   w = e^3.5, e^3, e^1.5 (A1, B1, A3) = 33.1155, 20.0855, 4.4817; Σw = 57.6827 → 0.57410, 0.34821, 0.07770.
    //     A1: ceil(3 · 0.57410)           = ceil(1.7223) = 2;  B_rem = 1, S_rem = 0.42590
    //     B1: ceil(1 · 0.34821 / 0.42590) = ceil(0.8176) = 1;  B_rem = 0
    //     A3: 0 → pruned.
    // Depth 3: served A1a .5, A1b (terminal), B1a (terminal): B = 3 − 2 = 1; one candidate A1a → 1.
    // Depth 4: A1a-x (terminal): B = 0 and no candidates → stop with 4 solutions.
    expect(allocations(r)).toEqual([
      [1, 4, 4, [['A', 3], ['B', 1], ['C', 0], ['D', 0]]],
      [2, 3, 3, [['A1', 2], ['B1', 1], ['A3', 0]]],
      [3, 1, 1, [['A1a', 1]]],
    ]);
    const [d1, d2] = ofType(r.events, 'allocate');
    d1.items.forEach((item, k) => expect(item.weight).toBeCloseTo([0.67730, 0.15113, 0.15113, 0.02045][k], 4));
    d2.items.forEach((item, k) => expect(item.weight).toBeCloseTo([0.57410, 0.34821, 0.07770][k], 4));

    expect(zeroWidthPrunes(r)).toEqual([['C', 'D'], ['A3']]);
    neverExpanded(r, ofType(r.events, 'prune').flatMap((p) => p.ids));
    // Terminal nodes are finished solutions: never expanded, and each lowers B for good (4 → 3 → 1).
    neverExpanded(r, ofType(r.events, 'node').filter((n) => n.terminal).map((n) => n.id));

    // A2, A1b, A1a-x vote 42 (0.8 + 0.9 + 0.85), B1a votes 41 (0.4).
    expect(r.done).toMatchObject({ answer: '42', correct: true, solutions: 4, nodes: 12 });
    expect(ofType(r.events, 'vote')[0].buckets.map((b) => [b.key, b.count])).toEqual([['42', 3], ['41', 1]]);
    // Compute = every generated step, the pruned C, D and A3 included: 12 steps × 10 tokens.
    expect(r.done.compute.policyTokens).toBe(12 * TOKENS);
    expect(r.done.compute.flops).toBe(2 * PARAMS * 12 * TOKENS);
    expect(r.done.incomplete).toBeUndefined();
    expect(r.replay.coverage()).toEqual({ asked: 12, served: 12 });
  });

  it('paper preset (T_b 0.1, Round(B·w/Σw) independently, halves to even), width 4', async () => {
    const r = await replayRebase({ width: 4, preset: 'paper' });
    // Depth 1: B = 4. w = exp(R / 0.1) = e^9, e^6, e^6, e^2 = 8103.08, 403.43, 403.43, 7.39; Σw = 8917.33.
    //   B·w/Σw = 3.6348, 0.1810, 0.1810, 0.0033 → Round → 4, 0, 0, 0 (Σ 4). B, C, D pruned.
    // Depth 2: A's four children A1 .7, A2 (terminal), A3 .3, A4 .7: B = 4 − 1 = 3.
    //   w = e^7, e^7, e^3 (A1, A4, A3); B·w/Σw = 1.4864, 1.4864, 0.0272 → 1, 1, 0: Σ 2, one short of B.
    // Depth 3: A1a .5, A4a .5, no terminal, so B stays 3 (A2's unit stays used).
    //   Equal rewards: w/Σw = 1/2 exactly, B·w/Σw = 1.5 → half to even → 2, 2: Σ 4, one more than B.
    // Depth 4: A1a-x (terminal), A1a-y .5, A4a-x (terminal), A4a-y .5: B = 3 − 2 = 1.
    //   B·w/Σw = 0.5, 0.5 → half to even → 0, 0 (half-up would give 1, 1): both pruned, nothing expanded.
    // The run ends with 3 solutions (A2, A1a-x, A4a-x) for N = 4.
    expect(allocations(r)).toEqual([
      [1, 4, 4, [['A', 4], ['B', 0], ['C', 0], ['D', 0]]],
      [2, 3, 2, [['A1', 1], ['A4', 1], ['A3', 0]]],
      [3, 3, 4, [['A1a', 2], ['A4a', 2]]],
      [4, 1, 0, [['A1a-y', 0], ['A4a-y', 0]]],
    ]);
    const [d1, , d3] = ofType(r.events, 'allocate');
    d1.items.forEach((item, k) => expect(item.weight).toBeCloseTo([0.90869, 0.04524, 0.04524, 0.00083][k], 4));
    expect(d3.items.map((i) => i.weight)).toEqual([0.5, 0.5]);

    expect(zeroWidthPrunes(r)).toEqual([['B', 'C', 'D'], ['A3'], ['A1a-y', 'A4a-y']]);
    neverExpanded(r, ofType(r.events, 'prune').flatMap((p) => p.ids));
    neverExpanded(r, ofType(r.events, 'node').filter((n) => n.terminal).map((n) => n.id));

    expect(r.done).toMatchObject({ answer: '42', correct: true, solutions: 3, nodes: 14 });
    expect(ofType(r.events, 'vote')[0].buckets.map((b) => [b.key, b.count])).toEqual([['42', 2], ['40', 1]]);
    expect(r.done.compute.flops).toBe(2 * PARAMS * 14 * TOKENS);
    expect(r.done.incomplete).toBeUndefined();
  });

  it('asking for more children than were recorded goes on with what there is and ends incomplete with the coverage', async () => {
    const r = await replayRebase({ width: 5, preset: 'official' });
    // Root: asks 5, the trace has 4 first steps (served 4).  B = 5, normalised w as in the width-4 run:
    //   A: ceil(5 · 0.67730) = ceil(3.3865) = 4 (served A1..A4);  B_rem = 1
    //   B: ceil(1 · 0.15113 / 0.32270) = 1 (B1);  C, D: 0.
    // Depth 2: A1 .7, A2 (terminal), A3 .3, A4 .7, B1 .6 → B = 4.
    //   w = e^3.5, e^3.5, e^3, e^1.5 (A1, A4, B1, A3); Σw = 90.7982 → 0.36472, 0.36472, 0.22121, 0.04936.
    //   A1: ceil(4 · 0.36472) = ceil(1.4589) = 2 (A1a, A1b);  B_rem = 2, S_rem = 0.63528
    //   A4: ceil(2 · 0.36472 / 0.63528) = ceil(1.1482) = 2, but A4 has 1 recorded child (served 1).
    // Depth 3: A1a .5, A1b (terminal), A4a .5 → B = 3. Equal weights 1/2:
    //   A1a: ceil(3 · 1/2) = 2 (A1a-x, A1a-y);  B_rem = 1 → A4a: ceil(1 · 1) = 1 (A4a-x).
    // Depth 4: A1a-x, A4a-x terminal → B = 1; A1a-y gets 1 (A1a-y1, terminal) → B = 0, stop.
    // Asked 5 + 4 + 1 + 2 + 2 + 2 + 1 + 1 = 18; served 4 + 4 + 1 + 2 + 1 + 2 + 1 + 1 = 16.
    expect(allocations(r)).toEqual([
      [1, 5, 5, [['A', 4], ['B', 1], ['C', 0], ['D', 0]]],
      [2, 4, 4, [['A1', 2], ['A4', 2], ['B1', 0], ['A3', 0]]],
      [3, 3, 3, [['A1a', 2], ['A4a', 1]]],
      [4, 1, 1, [['A1a-y', 1]]],
    ]);
    const asked = ofType(r.events, 'expand');
    expect(asked[0]).toMatchObject({ parent: null, n: 5 });
    expect(ofType(r.events, 'node').filter((n) => n.parent === null)).toHaveLength(4);
    expect(r.replay.coverage()).toEqual({ asked: 18, served: 16 });
    expect(r.done.incomplete).toEqual({ reason: 'the trace had 16 of the 18 samples asked for', coverage: 16 / 18 });
    // Replay never invents: 16 steps, all recorded ones, and the run still voted.
    expect(r.done).toMatchObject({ answer: '42', correct: true, solutions: 5, nodes: 16 });
    expect(ofType(r.events, 'node').map((n) => n.text).filter((t) => !TREE.some(([id]) => id === t))).toEqual([]);
  });
});
