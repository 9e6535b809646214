import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../events';
import { FakeBackend } from '../testing/fake-backend';
import { treeFromEvents } from '../testing/event-tree';
import { hashTree, tableTree, uniformTree } from '../testing/fake-trees';
import { ofType, record } from '../testing/record';
import type { RebaseParams } from './rebase';
import { parseSpec } from './spec';

const rebaseSpec = (params: Partial<RebaseParams> & Record<string, unknown> = {}) => parseSpec({ name: 'rebase', params });

/**
 * Check every depth's allocation against the log: the budget is N minus the terminal nodes so
 * far, widths follow reward order, and each candidate got exactly its width of children.
 */
function checkAllocations(events: readonly SearchEvent[], width: number, reference: boolean): number {
  const tree = treeFromEvents(events);
  const allocs = ofType(events, 'allocate');
  for (const a of allocs) {
    const terminalsSoFar = [...tree.nodes.values()].filter((n) => n.terminal && n.depth <= a.depth).length;
    expect(a.budget).toBe(width - terminalsSoFar);
    const sum = a.items.reduce((s, i) => s + i.width, 0);
    expect(a.allocated).toBe(sum);
    if (reference) expect(sum).toBe(a.budget);
    for (let k = 1; k < a.items.length; k++) {
      expect(a.items[k].reward).toBeLessThanOrEqual(a.items[k - 1].reward);
      if (reference) expect(a.items[k].width).toBeLessThanOrEqual(a.items[k - 1].width);
    }
    for (const item of a.items) {
      const node = tree.nodes.get(item.id)!;
      expect(node.depth).toBe(a.depth);
      expect(node.terminal).toBe(false);
      expect(item.reward).toBe(node.reward);
      expect(tree.children.get(item.id)?.length ?? 0).toBe(item.width);
    }
    const candidates = [...tree.nodes.values()].filter((n) => n.depth === a.depth && !n.terminal);
    expect(a.items.map((i) => i.id).sort((x, y) => x - y)).toEqual(candidates.map((n) => n.id));
  }
  return allocs.length;
}

describe('REBASE', () => {
  it('splits the remaining width by reward at every depth, as announced (official preset)', async () => {
    const fake = new FakeBackend(hashTree({ seed: 7, terminalDepth: 7 }));
    const { events, done } = await record(rebaseSpec({ width: 16 }), fake);
    expect(checkAllocations(events, 16, true)).toBeGreaterThan(2);
    expect(done.solutions).toBe(16);
    expect(fake.terminalExpansions).toEqual([]);
  });

  it('keeps the width invariants on many random trees and widths', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 40 }), fc.constantFrom('official', 'paper'), async (seed, width, preset) => {
        const fake = new FakeBackend(hashTree({ seed, terminalDepth: 9, pTerminal: 0.25 }));
        const { events, done } = await record(rebaseSpec({ width, preset }), fake);
        checkAllocations(events, width, preset === 'official');
        if (preset === 'official') expect(done.solutions).toBe(width);
        expect(fake.terminalExpansions).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('expands candidates highest reward first and prunes the ones given no width', async () => {
    const { events } = await record(rebaseSpec({ width: 8 }), new FakeBackend(hashTree({ seed: 3 })));
    const [first] = ofType(events, 'allocate');
    const expandedAfter = ofType(events.slice(events.indexOf(first)), 'expand').slice(0, first.items.filter((i) => i.width > 0).length);
    expect(expandedAfter.map((e) => e.parent)).toEqual(first.items.filter((i) => i.width > 0).map((i) => i.id));
    const zero = first.items.filter((i) => i.width === 0).map((i) => i.id);
    const pruned = ofType(events, 'prune').filter((p) => p.reason === 'rebase-zero-width');
    expect(zero.length).toBeGreaterThan(0);
    expect(pruned[0].ids).toEqual(zero);
  });

  // Three first steps with rewards 0.5, 0.5, 0.4; every second step is a finished solution.
  const threeCandidates = () => tableTree({ '0': { reward: 0.5 }, '1': { reward: 0.5 }, '2': { reward: 0.4 } }, uniformTree(2, '2', 0.5));

  it('official preset: T_b 0.2 + reference walk gives 2 / 1 / 0 children and all N = 3 solutions', async () => {
    // w ∝ 1, 1, e^-0.5 → 0.3837, 0.3837, 0.2327; ceil(1.151) = 2, ceil(1 · 0.3837 / 0.6163) = 1, then 0.
    const { events, done } = await record(rebaseSpec({ width: 3 }), new FakeBackend(threeCandidates()));
    const [a] = ofType(events, 'allocate');
    expect(a.items.map((i) => [i.id, i.width])).toEqual([[0, 2], [1, 1], [2, 0]]);
    expect(done.solutions).toBe(3);
  });

  it('paper preset: T_b 0.1 + independent rounding gives 1 / 1 / 0, so only 2 of N = 3 solutions', async () => {
    // w ∝ 1, 1, e^-1 → 0.4223, 0.4223, 0.1554; × 3 = 1.27, 1.27, 0.47 → 1, 1, 0 (allocated 2 of 3).
    const { events, done } = await record(rebaseSpec({ width: 3, preset: 'paper' }), new FakeBackend(threeCandidates()));
    const [a] = ofType(events, 'allocate');
    expect(a).toMatchObject({ budget: 3, allocated: 2 });
    expect(a.items.map((i) => i.width)).toEqual([1, 1, 0]);
    expect(done.solutions).toBe(2);
  });

  it('stops at maxDepth, pruning the unfinished nodes there, and counts every generated step as compute', async () => {
    const fake = new FakeBackend(uniformTree(99), { policyParams: 5e8 });
    const { events, done } = await record(rebaseSpec({ width: 4, maxDepth: 3 }), fake);
    const nodes = ofType(events, 'node');
    expect(nodes.length).toBe(12);
    expect(ofType(events, 'prune')).toMatchObject([{ reason: 'max-depth', ids: nodes.filter((n) => n.depth === 3).map((n) => n.id) }]);
    expect(done).toMatchObject({ answer: null, solutions: 0, nodes: 12 });
    const tokens = nodes.reduce((s, n) => s + n.tokens, 0);
    expect(done.compute.policyTokens).toBe(tokens);
    expect(done.compute.flops).toBe(2 * 5e8 * tokens);
  });

  it('counts pruned branches in compute: more tokens than the finished solutions alone', async () => {
    const { events, done } = await record(rebaseSpec({ width: 8 }), new FakeBackend(hashTree({ seed: 11 })));
    const tree = treeFromEvents(events);
    const onSolutions = new Set<number>();
    for (const n of tree.nodes.values()) {
      if (!n.terminal) continue;
      for (let id: number | null = n.id; id !== null; id = tree.nodes.get(id)!.parent) onSolutions.add(id);
    }
    expect(onSolutions.size).toBeLessThan(tree.nodes.size);
    expect(done.compute.policyTokens).toBe([...tree.nodes.values()].reduce((s, n) => s + n.tokens, 0));
  });
});
