import { describe, expect, it } from 'vitest';
import { SimBackend, simProblem } from '../sim/index';
import type { SearchEvent } from './events';
import { isCorrect } from './grading';
import { Playback } from './playback';
import { createRng } from './rng';
import { parseSpec, runStrategy } from './strategies/index';

async function record(spec: unknown, problemId = 'sim-L3-0002'): Promise<SearchEvent[]> {
  const events: SearchEvent[] = [];
  await runStrategy(simProblem(problemId), new SimBackend({ policy: 'sim-7B' }), parseSpec(spec), { rng: createRng(1), emit: (e) => events.push(e) });
  return events;
}

function snapshot(pb: Playback) {
  return JSON.stringify({ nodes: pb.nodes, compute: pb.compute, allocate: pb.lastAllocate, select: pb.lastSelect, vote: pb.vote, done: pb.done });
}

describe('Playback', () => {
  it('shows exactly the earlier tree after seeking back (REBASE and MCTS)', async () => {
    for (const spec of [{ name: 'rebase', params: { width: 16 } }, { name: 'mcts', params: { budget: 48 } }]) {
      const pb = new Playback();
      pb.append(await record(spec));
      const snaps: string[] = [];
      const points = [0, 7, 40, 90, pb.events.length];
      for (const t of points) {
        pb.seek(t);
        snaps.push(snapshot(pb));
      }
      for (let i = points.length - 1; i >= 0; i--) {
        pb.seek(points[i]);
        expect(snapshot(pb), `${spec.name} at t=${points[i]}`).toBe(snaps[i]);
      }
    }
  });

  it('counts nodes as the node events up to the playhead, with rewards only once scored', async () => {
    const events = await record({ name: 'rebase', params: { width: 8 } });
    const pb = new Playback();
    pb.append(events);
    for (const t of [0, 5, 20, events.length]) {
      pb.seek(t);
      const nodeEvents = events.slice(0, t).filter((e) => e.type === 'node').length;
      expect(pb.nodes.filter(Boolean)).toHaveLength(nodeEvents);
      const scored = new Set(events.slice(0, t).filter((e) => e.type === 'score').map((e) => (e as { id: number }).id));
      for (const n of pb.nodes) expect(n.reward !== null).toBe(scored.has(n.id));
    }
    expect(pb.done?.type).toBe('done');
    expect(pb.compute).toEqual(events[events.length - 1].compute);
  });

  it('steps REBASE by depth: each step boundary is just before an allocation, the last at the end', async () => {
    const events = await record({ name: 'rebase', params: { width: 16 } });
    const pb = new Playback();
    pb.append(events);
    const cuts = pb.stepBoundaries('step');
    expect(cuts[cuts.length - 1]).toBe(events.length);
    const allocations = events.filter((e) => e.type === 'allocate').length;
    expect(cuts.length).toBe(allocations + 1);
    for (const c of cuts.slice(0, -1)) expect(events[c].type).toBe('allocate');
    expect(pb.stepBoundaries('event')).toHaveLength(events.length);
  });

  it('marks REBASE widths, pruned nodes, MCTS visits and graded answers as the events say', async () => {
    const problem = simProblem('sim-L2-0001');
    const pb = new Playback({ isCorrect: (a) => isCorrect(a, problem.answer, 'gsm8k') });
    pb.append(await record({ name: 'rebase', params: { width: 16 } }, 'sim-L2-0001'));
    pb.seek(pb.events.length);
    const alloc = pb.lastAllocate!;
    for (const item of alloc.items) expect(pb.nodes[item.id].width).toBe(item.width);
    for (const item of alloc.items.filter((i) => i.width === 0)) expect(pb.nodes[item.id].pruned).toBe('rebase-zero-width');
    const terminals = pb.nodes.filter((n) => n.terminal && n.answer !== undefined);
    expect(terminals.length).toBeGreaterThan(0);
    for (const n of terminals) expect(n.correct).toBe(isCorrect(n.answer!, problem.answer, 'gsm8k'));

    const mcts = new Playback();
    mcts.append(await record({ name: 'mcts', params: { budget: 32 } }));
    mcts.seek(mcts.events.length);
    const last = mcts.lastBackup!;
    for (const s of last.stats) {
      expect(mcts.nodes[s.id].N).toBe(s.N);
      expect(mcts.nodes[s.id].Q).toBe(s.Q);
    }
  });
});
