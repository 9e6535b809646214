import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../events';
import { FakeBackend } from '../testing/fake-backend';
import { treeFromEvents } from '../testing/event-tree';
import { hashTree, tableTree } from '../testing/fake-trees';
import { ofType, record } from '../testing/record';
import { defaultRootChildren, UNVISITED_UCT } from './mcts';
import { parseSpec } from './spec';

const mctsSpec = (params: Record<string, unknown>) => parseSpec({ name: 'mcts', params });

/**
 * Replay the log with our own N and Q: every selection must take the first unvisited child, or
 * else the child of highest UCT (value as reported), and every backup's stats must equal the
 * running means recomputed from the backed-up values. Returns the number of iterations checked.
 */
function checkSelectionsAndBackups(events: readonly SearchEvent[], c = 1): number {
  const N = new Map<number, number>();
  const Q = new Map<number, number>();
  const children = new Map<number | null, number[]>();
  const fail = (msg: string): never => {
    throw new Error(msg);
  };
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
  let rootN = 0;
  let iterations = 0;
  for (const e of events) {
    if (e.type === 'node') {
      const list = children.get(e.parent) ?? [];
      list.push(e.id);
      children.set(e.parent, list);
      N.set(e.id, 0);
      Q.set(e.id, 0);
    } else if (e.type === 'select' && e.reason === 'mcts-path') {
      iterations++;
      let parent: number | null = null;
      e.ids.forEach((id, i) => {
        const siblings = children.get(parent) ?? fail(`selection went below leaf ${parent}`);
        if (!siblings.includes(id)) fail(`${id} is not a child of ${parent}`);
        const unvisited = siblings.find((s) => N.get(s) === 0);
        if (unvisited !== undefined) {
          if (id !== unvisited) fail(`selected ${id} while ${unvisited} was unvisited`);
          if (e.uct![i] !== UNVISITED_UCT) fail(`unvisited ${id} reported UCT ${e.uct![i]}`);
        } else {
          const pN = parent === null ? rootN : N.get(parent)!;
          const uct = (s: number) => Q.get(s)! + c * Math.sqrt(Math.log(pN) / N.get(s)!);
          const values = siblings.map(uct);
          const best = values.indexOf(Math.max(...values));
          if (siblings[best] !== id) fail(`selected ${id} (UCT ${uct(id)}) over ${siblings[best]} (UCT ${values[best]})`);
          if (!close(e.uct![i], uct(id))) fail(`reported UCT ${e.uct![i]} for ${id}, recomputed ${uct(id)}`);
        }
        parent = id;
      });
    } else if (e.type === 'backup') {
      rootN++;
      e.path.forEach((id, i) => {
        const n = N.get(id)! + 1;
        const q = Q.get(id)! + (e.value - Q.get(id)!) / n;
        N.set(id, n);
        Q.set(id, q);
        const st = e.stats[i];
        if (st.id !== id || st.N !== n || !close(st.Q, q)) fail(`backup stats ${JSON.stringify(st)} for ${id}, recomputed N ${n} Q ${q}`);
      });
    }
  }
  const firstSteps = children.get(null) ?? [];
  expect(firstSteps.reduce((s, id) => s + N.get(id)!, 0)).toBe(rootN);
  return iterations;
}

describe('MCTS', () => {
  it('uses the paper root width: 4 / 8 / 16 children for 32 / 64 / 128 nodes', () => {
    expect([32, 64, 128, 8, 100, 1].map(defaultRootChildren)).toEqual([4, 8, 16, 2, 13, 1]);
  });

  it('spends exactly its node budget: kRoot at the root, then 2 per expansion', async () => {
    const fake = new FakeBackend(hashTree({ seed: 2, minDepth: 3, terminalDepth: 10, pTerminal: 0.2 }));
    const { events, done } = await record(mctsSpec({ budget: 64 }), fake);
    expect(done.nodes).toBe(64);
    const expands = ofType(events, 'expand');
    expect(expands[0]).toMatchObject({ parent: null, n: 8 });
    expect(expands.slice(1).every((e) => e.n === 2 || (e.n === 1 && e === expands.at(-1)))).toBe(true);
    expect(fake.terminalExpansions).toEqual([]);
  });

  it('selects unvisited children first, else by UCT, and keeps N and Q equal to the backed-up values', async () => {
    const { events } = await record(mctsSpec({ budget: 96 }), new FakeBackend(hashTree({ seed: 4, minDepth: 2, terminalDepth: 7, pTerminal: 0.3 })));
    expect(checkSelectionsAndBackups(events)).toBeGreaterThan(40);
  });

  it('holds those invariants on many random trees, budgets and exploration constants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 80 }), fc.constantFrom(0, 0.5, 1, 2), fc.boolean(), async (seed, budget, c, rollout) => {
        const fake = new FakeBackend(hashTree({ seed, terminalDepth: 6 }));
        const { events, done } = await record(mctsSpec({ budget, c, rollout }), fake);
        checkSelectionsAndBackups(events, c);
        expect(done.nodes).toBeLessThanOrEqual(budget);
        expect(fake.terminalExpansions).toEqual([]);
      }),
      { numRuns: 80 },
    );
  }, 30_000);

  it('ends when every leaf is a finished solution instead of looping on them', async () => {
    const allFinished = tableTree(Object.fromEntries([0, 1, 2, 3].map((i) => [String(i), { terminal: true, answer: '2', reward: 0.2 * i }])));
    const { events, done } = await record(mctsSpec({ budget: 32 }), new FakeBackend(allFinished));
    expect(done).toMatchObject({ nodes: 4, solutions: 4, answer: '2' });
    expect(ofType(events, 'backup').length).toBe(0);
  });

  it('stops at the iteration cap when finished leaves keep winning the selection', async () => {
    // One excellent finished first step and one poor open one: UCT keeps returning to the first.
    const tree = tableTree({ '0': { terminal: true, answer: '2', reward: 1 }, '1': { reward: 0 } }, hashTree({ seed: 1, terminalDepth: 99 }));
    const { events, done } = await record(mctsSpec({ budget: 1000, kRoot: 2, maxIterations: 50 }), new FakeBackend(tree));
    expect(ofType(events, 'backup').length).toBe(50);
    expect(done.nodes).toBeLessThan(1000);
  });

  it('with rollouts, rolls a new node out to a finished step, backs up that reward and counts the steps', async () => {
    const fake = new FakeBackend(hashTree({ seed: 8, minDepth: 4, terminalDepth: 6, pTerminal: 0.5 }));
    const { events, done } = await record(mctsSpec({ budget: 40, rollout: true }), fake);
    const tree = treeFromEvents(events);
    expect(done.nodes).toBe(40);
    const rolled = ofType(events, 'backup').filter((b) => b.path.length > ofType(events, 'select')[0].ids.length);
    expect(rolled.length).toBeGreaterThan(0);
    for (const b of ofType(events, 'backup')) {
      const end = tree.nodes.get(b.path.at(-1)!)!;
      expect(b.value).toBe(end.reward);
    }
    checkSelectionsAndBackups(events);
    expect(fake.terminalExpansions).toEqual([]);
  });

  it('answers from the finished nodes it generated, by weighted vote', async () => {
    const { events, done } = await record(mctsSpec({ budget: 64 }), new FakeBackend(hashTree({ seed: 12, terminalDepth: 5 })));
    const finished = ofType(events, 'node').filter((n) => n.terminal);
    expect(done.solutions).toBe(finished.length);
    const [vote] = ofType(events, 'vote');
    expect(vote.buckets.reduce((s, b) => s + b.count, 0)).toBe(finished.length);
  });
});
