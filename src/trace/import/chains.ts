/**
 * Adding recorded solutions (chains of steps) to a pool: either each as its own path from a new
 * first step (a pool of independent samples), or merged with the chains already added wherever
 * they share a prefix (a tree rebuilt from the leaves of a tree search).
 */
import type { ImportContext, PoolEntry } from './context';

/** One step of a recorded solution. */
export interface ChainStep {
  text: string;
  tokens: number;
  reward: number | null;
  /** Set on the last step of a finished solution. */
  terminal: boolean;
  answer?: string;
  correct?: boolean;
}

/** Append a chain as a new path from the question; returns the node ids. */
export function addChain(ctx: ImportContext, entry: PoolEntry, steps: readonly ChainStep[]): string[] {
  const ids: string[] = [];
  let parent: string | null = null;
  for (const step of steps) {
    parent = ctx.addNode(entry, { parent, ...step });
    ids.push(parent);
  }
  return ids;
}

/**
 * Merges chains that share step prefixes, per pool. Two steps are the same node when they have
 * the same parent, text, reward and terminal flag: a deterministic PRM gives one prefix one
 * score, so equal (text, reward) under one parent is the same recorded node, and nodes with
 * different recorded rewards are never conflated.
 */
export class PrefixMerger {
  private readonly children = new Map<number, Map<string, string>>();

  /** Add a chain; returns the node ids along it (shared ones included). */
  add(ctx: ImportContext, entry: PoolEntry, steps: readonly ChainStep[]): string[] {
    let index = this.children.get(entry.pool);
    if (!index) this.children.set(entry.pool, (index = new Map()));
    const ids: string[] = [];
    let parent: string | null = null;
    for (const step of steps) {
      const key = `${parent ?? ''}\u0000${step.terminal ? 1 : 0}\u0000${step.reward}\u0000${step.text}`;
      let id = index.get(key);
      if (id === undefined) {
        id = ctx.addNode(entry, { parent, ...step });
        index.set(key, id);
      }
      ids.push(id);
      parent = id;
    }
    return ids;
  }
}
