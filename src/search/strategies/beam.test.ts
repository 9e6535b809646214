import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../events';
import { FakeBackend } from '../testing/fake-backend';
import { treeFromEvents, type EventNode } from '../testing/event-tree';
import { hashTree, tableTree, uniformTree } from '../testing/fake-trees';
import { ofType, record } from '../testing/record';
import { parseSpec } from './spec';

const beamSpec = (params: Record<string, unknown>) => parseSpec({ name: 'beam', params });

/** Per depth: the live (non-terminal) nodes, what was kept, and how many children were asked for. */
function depths(events: readonly SearchEvent[]) {
  const tree = treeFromEvents(events);
  const keeps = ofType(events, 'select').filter((s) => s.reason === 'beam-keep');
  return keeps.map((keep) => {
    const depth = tree.nodes.get(keep.ids[0])!.depth;
    const live = [...tree.nodes.values()].filter((n) => n.depth === depth && !n.terminal);
    const kids = keep.ids.map((id) => tree.children.get(id)?.length ?? 0);
    return { depth, live, kept: keep.ids, kids };
  });
}

const byReward = (nodes: EventNode[]) => [...nodes].sort((a, b) => b.reward! - a.reward! || a.id - b.id);

describe('beam search', () => {
  it('keeps the top n/m beams by PRM score at each depth and expands each into m children', async () => {
    const fake = new FakeBackend(hashTree({ seed: 5, minDepth: 3, terminalDepth: 8, pTerminal: 0.2 }));
    const { events, done } = await record(beamSpec({ n: 8, m: 2 }), fake);
    const steps = depths(events);
    expect(steps.length).toBeGreaterThan(1);
    for (const s of steps) {
      const k = Math.min(4, s.live.length);
      expect(s.kept).toEqual(byReward(s.live).slice(0, k).map((n) => n.id));
      expect(s.kids.reduce((a, b) => a + b, 0)).toBe(8);
      if (k === 4) expect(s.kids).toEqual([2, 2, 2, 2]);
    }
    const drops = ofType(events, 'prune').filter((p) => p.reason === 'beam-drop');
    const dropped = drops.flatMap((p) => p.ids);
    expect(dropped.length).toBe(steps.reduce((a, s) => a + s.live.length - s.kept.length, 0));
    expect(done.solutions).toBeGreaterThanOrEqual(8);
    expect(fake.terminalExpansions).toEqual([]);
  });

  it('with n/m not whole (n = 10, m = 4) keeps 2 beams that share 10 children 5 + 5', async () => {
    const { events } = await record(beamSpec({ n: 10, m: 4 }), new FakeBackend(uniformTree(4)));
    const steps = depths(events);
    expect(steps.map((s) => s.kept.length)).toEqual([2, 2, 2]);
    expect(steps.map((s) => s.kids)).toEqual([[5, 5], [5, 5], [5, 5]]);
  });

  it('when fewer than n/m beams survive, the survivors share all n children, best first', async () => {
    // Depth 1: eight first steps, six of them finished solutions; two live, rewards 0.3 and 0.8.
    const table: Record<string, { terminal?: boolean; answer?: string; reward: number }> = {};
    for (let i = 0; i < 8; i++) table[String(i)] = i < 6 ? { terminal: true, answer: '3', reward: 0.5 } : { reward: i === 6 ? 0.3 : 0.8 };
    const { events, done } = await record(beamSpec({ n: 8, m: 2 }), new FakeBackend(tableTree(table, uniformTree(2, '2'))));
    const [first] = depths(events);
    expect(first.kept).toEqual([7, 6]);
    expect(first.kids).toEqual([4, 4]);
    expect(done.solutions).toBe(14);
  });

  it('stops at maxDepth and prunes the beams still open there', async () => {
    const { events, done } = await record(beamSpec({ n: 4, m: 2, maxDepth: 3 }), new FakeBackend(uniformTree(99)));
    expect(ofType(events, 'node').length).toBe(12);
    const last = ofType(events, 'prune').at(-1)!;
    expect(last.reason).toBe('max-depth');
    expect(last.ids.length).toBe(4);
    expect(done).toMatchObject({ answer: null, solutions: 0 });
  });

  it('never expands a finished solution, on many random trees', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 6 }), fc.boolean(), async (seed, n, mRaw, dvts) => {
        const m = Math.min(n, mRaw);
        const fake = new FakeBackend(hashTree({ seed, terminalDepth: 7 }));
        const { done } = await record(beamSpec({ n, m, dvts }), fake);
        expect(fake.terminalExpansions).toEqual([]);
        expect(done.solutions).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });
});

describe('DVTS', () => {
  it('grows n/m independent subtrees, each following its own best step', async () => {
    const fake = new FakeBackend(hashTree({ seed: 9, minDepth: 3, terminalDepth: 6, pTerminal: 0.3 }));
    const { events, done } = await record(beamSpec({ n: 8, m: 2, dvts: true }), fake);
    const tree = treeFromEvents(events);
    const rootExpands = ofType(events, 'expand').filter((e) => e.parent === null);
    expect(rootExpands.map((e) => e.n)).toEqual([2, 2, 2, 2]);
    for (const keep of ofType(events, 'select')) {
      expect(keep.reason).toBe('beam-keep');
      for (const id of keep.ids) {
        const node = tree.nodes.get(id)!;
        const siblings = node.parent === null
          ? tree.children.get(null)!.slice(Math.floor(tree.children.get(null)!.indexOf(node) / 2) * 2).slice(0, 2)
          : tree.children.get(node.parent)!;
        expect(byReward(siblings)[0].id).toBe(id);
        expect(tree.children.get(id)?.length ?? 0).toBe(node.depth < 25 ? 2 : 0);
      }
    }
    expect(done.solutions).toBeGreaterThanOrEqual(1);
    expect(fake.terminalExpansions).toEqual([]);
  });
});
