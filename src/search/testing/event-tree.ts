/**
 * Rebuild a run's tree from its event log alone (node + score events), the way a viewer or a
 * trace replay would. Tests use it to check a strategy's decisions against what it announced.
 */
import type { SearchEvent } from '../events';

export interface EventNode {
  id: number;
  parent: number | null;
  depth: number;
  tokens: number;
  terminal: boolean;
  answer?: string;
  /** The last score event for the node, null if never scored. */
  reward: number | null;
  /** Index of the node event in the log. */
  at: number;
}

export interface EventTree {
  nodes: Map<number, EventNode>;
  /** Children in creation order; key null = the question. */
  children: Map<number | null, EventNode[]>;
}

/** The tree described by the `node` and `score` events of a log. */
export function treeFromEvents(events: readonly SearchEvent[]): EventTree {
  const nodes = new Map<number, EventNode>();
  const children = new Map<number | null, EventNode[]>();
  events.forEach((e, at) => {
    if (e.type === 'node') {
      const node: EventNode = { id: e.id, parent: e.parent, depth: e.depth, tokens: e.tokens, terminal: e.terminal, answer: e.answer, reward: null, at };
      nodes.set(e.id, node);
      const list = children.get(e.parent) ?? [];
      list.push(node);
      children.set(e.parent, list);
    } else if (e.type === 'score') {
      const node = nodes.get(e.id);
      if (!node) throw new Error(`score event for unknown node ${e.id}`);
      node.reward = e.reward;
    }
  });
  return { nodes, children };
}

/** Fails loudly if any compute field ever decreases along the log; returns the number of events checked. */
export function assertComputeMonotone(events: readonly SearchEvent[]): number {
  const keys = ['policyTokens', 'promptTokens', 'prmTokens', 'flops', 'calls', 'wallMs'] as const;
  for (let i = 1; i < events.length; i++) {
    for (const k of keys) {
      if (events[i].compute[k] < events[i - 1].compute[k]) {
        throw new Error(`compute.${k} went down at event ${i} (${events[i].type}): ${events[i - 1].compute[k]} → ${events[i].compute[k]}`);
      }
    }
  }
  return events.length;
}
