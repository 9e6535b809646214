/** Test helper: a SearchNode built from a sample the way a run's tree builds it (and linked to its parent). */
import type { SearchNode, StepSample } from '../types';

export function nodeFrom(id: number, sample: StepSample, parentNode: SearchNode | null): SearchNode {
  const node: SearchNode = {
    id,
    parent: parentNode ? parentNode.id : null,
    parentNode,
    depth: parentNode ? parentNode.depth + 1 : 1,
    text: sample.text,
    tokens: sample.tokens,
    terminal: sample.terminal,
    answer: sample.answer,
    finishReason: sample.finishReason,
    reward: null,
    ref: sample.ref,
    children: [],
  };
  parentNode?.children.push(node);
  return node;
}
