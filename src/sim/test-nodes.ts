/** Test helper: SearchNodes built from samples the way a run's tree builds them. */
import { nodeFrom } from '../search/testing/nodes';
import type { SearchNode, StepSample } from '../search/types';

let nextId = 0;

export function toNode(sample: StepSample, parent: SearchNode | null): SearchNode {
  return nodeFrom(nextId++, sample, parent);
}

/** The nodes of one whole solution, first step first. */
export function chainNodes(chain: readonly StepSample[]): SearchNode[] {
  const nodes: SearchNode[] = [];
  for (const s of chain) nodes.push(toNode(s, nodes.length ? nodes[nodes.length - 1] : null));
  return nodes;
}
