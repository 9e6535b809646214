/**
 * Synthetic search trees for viz tests and benchmarks: a deterministic, REBASE-shaped event log of
 * any size (wide levels, scored steps, terminal answers, pruned nodes), fed through a real
 * Playback. Not used by the app.
 */
import type { SearchEvent } from '../../search/events';
import { Playback } from '../../search/playback';
import { zeroCompute } from '../../search/types';

export interface SyntheticOptions {
  /** Exact number of nodes (default 500). */
  nodes?: number;
  /** Tree seed (default 1). */
  seed?: number;
  /** First steps (default 16). */
  roots?: number;
  /** Most children of one node (default 5). */
  maxChildren?: number;
  /** Log `done` at the end (default true). */
  done?: boolean;
}

/** A small deterministic generator (mulberry32): viz code has no seeded rng of its own to reuse. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The event log of a synthetic tree (breadth-first growth; reward-driven fan-out). */
export function syntheticEvents(options: SyntheticOptions = {}): SearchEvent[] {
  const total = options.nodes ?? 500;
  const rnd = mulberry32(options.seed ?? 1);
  const rootCount = Math.min(options.roots ?? 16, total);
  const maxChildren = options.maxChildren ?? 5;
  const compute = zeroCompute();
  const events: SearchEvent[] = [];
  const reward: number[] = [];
  const depth: number[] = [];
  let queue: number[] = [];
  let id = 0;
  const add = (parent: number | null): void => {
    const d = parent === null ? 1 : depth[parent] + 1;
    const r = parent === null ? rnd() : Math.min(1, Math.max(0, reward[parent] + (rnd() - 0.5) * 0.4));
    const terminal = d >= 3 && rnd() < 0.25;
    const answer = terminal ? String(Math.floor(rnd() * 4) + 40) : undefined;
    events.push({ type: 'node', id, parent, depth: d, text: `step ${id}: consider the ${d}th quantity and simplify`, tokens: 20, terminal, answer, compute });
    events.push({ type: 'score', id, reward: r, compute });
    reward[id] = r;
    depth[id] = d;
    if (!terminal) queue.push(id);
    id++;
  };
  for (let i = 0; i < rootCount; i++) add(null);
  while (id < total) {
    if (queue.length === 0) {
      add(null);
      continue;
    }
    const level = queue;
    queue = [];
    const dropped: number[] = [];
    for (const p of level) {
      const k = id >= total ? 0 : Math.floor(rnd() * rnd() * (maxChildren + 1) + reward[p] * 1.5);
      if (k === 0) dropped.push(p);
      for (let j = 0; j < k && id < total; j++) add(p);
    }
    if (dropped.length) events.push({ type: 'prune', ids: dropped, reason: 'rebase-zero-width', compute });
  }
  if (options.done ?? true) events.push({ type: 'done', answer: '42', correct: true, solutions: 0, nodes: total, compute });
  return events;
}

/** A Playback holding a synthetic tree, played to the end. */
export function syntheticPlayback(options: SyntheticOptions = {}): Playback {
  const pb = new Playback({ isCorrect: (a) => a === '42' });
  pb.append(syntheticEvents(options));
  pb.seek(pb.events.length);
  return pb;
}
