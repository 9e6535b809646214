/**
 * PRM800K label lines (openai/prm800k `data/*.jsonl`): one human labelling of one solution per
 * line. At every step the labeller rated one or more candidate completions (−1 / 0 / +1) and
 * either chose one to continue with (`chosen_completion`) or wrote their own
 * (`human_completion`). The line becomes a tree: each step's candidates are siblings under the
 * continued step of the one before, so the alternatives a labeller saw stay visible.
 */
import { extractAnswer } from '../../search/grading';
import { estimateTokens, ImportContext, type ImportOptions } from './context';
import { arr, At, isObject, obj, object, optStr, str, type Json } from './fields';
import type { RecordImporter } from './types';

const FORMAT = 'prm800k';

/** Human ratings as rewards: −1 → 0, 0 → 0.5, +1 → 1, unrated → null. */
const RATING: Record<string, number> = { '-1': 0, '0': 0.5, '1': 1 };

/** Whether a parsed record looks like a PRM800K label line. */
export function isPrm800kRecord(x: unknown): boolean {
  return isObject(x) && isObject(x.label) && Array.isArray(x.label.steps) && isObject(x.question) && typeof x.question.problem === 'string';
}

function reward(c: Json, at: At): number | null {
  const r = c.rating;
  if (r === null || r === undefined) return null;
  if (typeof r !== 'number' || !(String(r) in RATING)) throw at.at('rating').err('must be -1, 0, 1 or null', r);
  return RATING[String(r)];
}

export function prm800kImporter(options: ImportOptions): RecordImporter {
  const ctx = new ImportContext(FORMAT, options, { title: 'PRM800K labels', policy: 'GPT-4 (PRM800K generator)', prm: 'PRM800K human labels' });
  ctx.note('Rewards are human step ratings: -1 → 0, 0 → 0.5, +1 → 1; a step nobody rated (a human-written step) has no reward.');
  ctx.note('Token counts are estimated from the text (the labels hold none).');
  let problems = 0;
  return {
    add(record: unknown, where: string) {
      const at = new At(FORMAT, where);
      const r = object(record, at);
      const q = obj(r, 'question', at);
      const question = str(q, 'problem', at.at('question'));
      const gold = optStr(q, 'ground_truth_answer', at.at('question'));
      const label = obj(r, 'label', at);
      const steps = arr(label, 'steps', at.at('label'));
      const entry = ctx.pool(question, () => {
        problems++;
        return { preferredId: `q${problems - 1}`, question, answer: gold ?? '' };
      });
      if (!entry || !ctx.takeSample(entry)) return;
      if (gold === undefined) ctx.note(`${where}: question.ground_truth_answer is null (a screening question); its gold answer is left empty, so no answer grades as correct.`);
      // The step the next step's candidates hang under; undefined once the labelling stopped.
      let parent: string | null | undefined = null;
      steps.forEach((s, i) => {
        const stepAt = at.at('label').at('steps').at(i);
        const under = parent;
        if (under === undefined) throw stepAt.err('follows a step whose labelling stopped (no chosen_completion and no human_completion)', undefined, false);
        const step = object(s, stepAt);
        const last = i === steps.length - 1;
        const completions = step.completions === null || step.completions === undefined ? [] : arr(step, 'completions', stepAt);
        const chosen = step.chosen_completion;
        if (chosen !== null && chosen !== undefined && (typeof chosen !== 'number' || !Number.isInteger(chosen) || chosen < 0 || chosen >= completions.length)) {
          throw stepAt.at('chosen_completion').err(`must be null or an index into completions (0–${completions.length - 1})`, chosen);
        }
        const ids = completions.map((c, k) => add(object(c, stepAt.at('completions').at(k)), stepAt.at('completions').at(k), under, !last && k === chosen));
        let next: string | undefined = typeof chosen === 'number' ? ids[chosen] : undefined;
        if (isObject(step.human_completion)) {
          const human = add(step.human_completion, stepAt.at('human_completion'), under, !last && next === undefined);
          next ??= human;
        }
        parent = next;
      });

      function add(c: Json, cAt: At, par: string | null, continued: boolean): string {
        const text = str(c, 'text', cAt);
        // A step that states "# Answer" ends the solution, unless the labelling went on from it.
        const stated = continued ? null : /^# Answer\s*$/m.test(text) ? extractAnswer(text, 'math') : null;
        return ctx.addNode(entry!, {
          parent: par, text, tokens: estimateTokens(text), reward: reward(c, cAt), terminal: stated !== null, ...(stated !== null ? { answer: stated } : {}),
        });
      }
    },
    finish: () => ctx.finish(),
  };
}
