/**
 * OpenR MCTS trees (the MATH-APS / OmegaPRM-style data generation, one JSON object per line):
 * `{ question, final_answer, question_id, reasoning_steps: { text, mc_value, children: […] } }`.
 * The root is the question; every other node is one step whose `mc_value` (the share of
 * Monte-Carlo rollouts from that prefix that reached the gold answer) becomes its reward.
 */
import { extractAnswer } from '../../search/grading';
import { estimateTokens, ImportContext, type ImportOptions } from './context';
import { arr, At, isObject, object, optNum, str, unit, type Json } from './fields';
import type { RecordImporter } from './types';

const FORMAT = 'openr-mcts';

/** Whether a parsed record looks like an OpenR MCTS tree. */
export function isOpenrMctsRecord(x: unknown): boolean {
  return isObject(x) && typeof x.question === 'string' && isObject(x.reasoning_steps)
    && ('mc_value' in x.reasoning_steps || 'children' in x.reasoning_steps);
}

export function openrMctsImporter(options: ImportOptions): RecordImporter {
  const ctx = new ImportContext(FORMAT, options, { title: 'OpenR MCTS trees', policy: 'unknown policy (not named in the trees)', prm: 'Monte-Carlo rollouts (mc_value)' });
  ctx.note('Rewards are Monte-Carlo estimates (mc_value: the share of rollouts from the step that reached the gold answer), not PRM scores.');
  ctx.note('Token counts are estimated from the text (the trees hold none).');
  let problems = 0;
  return {
    add(record: unknown, where: string) {
      const at = new At(FORMAT, where);
      const r = object(record, at);
      const question = str(r, 'question', at);
      const answer = str(r, 'final_answer', at);
      const qid = optNum(r, 'question_id', at);
      const root = object(r.reasoning_steps, at.at('reasoning_steps'));
      const entry = ctx.pool(question, () => ({ preferredId: `q${qid ?? problems++}`, question, answer }));
      if (!entry || !ctx.takeSample(entry)) return;
      // Depth-first in recorded order, so siblings keep their order; iterative for deep trees.
      const stack: [Json, At, string | null][] = [];
      const pushChildren = (node: Json, nodeAt: At, id: string | null) => {
        const kids = node.children === undefined || node.children === null ? [] : arr(node, 'children', nodeAt);
        for (let i = kids.length - 1; i >= 0; i--) {
          const kidAt = nodeAt.at('children').at(i);
          stack.push([object(kids[i], kidAt), kidAt, id]);
        }
      };
      pushChildren(root, at.at('reasoning_steps'), null);
      while (stack.length > 0) {
        const [node, nodeAt, parent] = stack.pop()!;
        const text = str(node, 'text', nodeAt);
        const reward = unit(node.mc_value, nodeAt.at('mc_value'));
        const leaf = !Array.isArray(node.children) || node.children.length === 0;
        // A leaf that states an answer ends its solution; other leaves were never expanded.
        const stated = leaf ? extractAnswer(text, 'math') : null;
        const id = ctx.addNode(entry, {
          parent, text, tokens: estimateTokens(text), reward, terminal: stated !== null, ...(stated !== null ? { answer: stated } : {}),
        });
        pushChildren(node, nodeAt, id);
      }
    },
    finish: () => ctx.finish(),
  };
}
