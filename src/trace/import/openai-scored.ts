/**
 * OpenAI's PRM-scored MATH test samples (`scored-test-samples.jsonl`, openai/prm800k
 * `prm800k/eval/eval.py`; public at
 * https://openaipublic.blob.core.windows.net/process-supervision/scored-test-samples.jsonl):
 * one GPT-4 solution per line, `{ problem, answer, is_correct, subject, level, unique_id, steps,
 * rating_probs: [ { "-1", "0", "1" } per step ], orm_score, prm_score, ground_truth_answer }`.
 * Each line becomes one chain from the question; lines of a problem share its pool.
 */
import { addChain } from './chains';
import { estimateTokens, ImportContext, type ImportOptions } from './context';
import { arr, At, isObject, object, optNum, optStr, str, strings, type Json } from './fields';
import type { RecordImporter } from './types';

const FORMAT = 'openai-scored';

/** The public address of the full file (about 1,860 samples for each MATH500 problem). */
export const OPENAI_SCORED_URL = 'https://openaipublic.blob.core.windows.net/process-supervision/scored-test-samples.jsonl';

/** Whether a parsed record looks like one of OpenAI's scored samples. */
export function isOpenaiScoredRecord(x: unknown): boolean {
  return isObject(x) && Array.isArray(x.steps) && Array.isArray(x.rating_probs) && typeof x.problem === 'string';
}

/**
 * A step's reward: P(rating ≠ −1) = P(0) + P(1), the quantity whose product over the steps is
 * the file's own `prm_score` (PRM800K counts a neutral step as not wrong).
 */
function stepReward(probs: unknown, at: At): number {
  const p = object(probs, at);
  const get = (k: string) => {
    const v = p[k];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw at.at(k).err('must be a probability in [0, 1]', v);
    return v;
  };
  get('-1');
  return Math.min(1, get('0') + get('1'));
}

export function openaiScoredImporter(options: ImportOptions): RecordImporter {
  const ctx = new ImportContext(FORMAT, options, { title: 'OpenAI scored test samples', policy: 'GPT-4 (PRM800K generator)', prm: 'OpenAI PRM (PRM800K)' });
  ctx.note('Rewards are the PRM\'s P(step is not wrong) = P(0) + P(1) from rating_probs; their product is the file\'s prm_score. orm_score is not kept.');
  ctx.note('Token counts are estimated from the text (the file holds none).');
  let problems = 0;
  return {
    add(record: unknown, where: string) {
      const at = new At(FORMAT, where);
      const r = object(record, at);
      const question = str(r, 'problem', at);
      const gold = str(r, 'ground_truth_answer', at);
      const uid = optStr(r, 'unique_id', at);
      const entry = ctx.pool(uid ?? question, () => {
        problems++;
        return {
          preferredId: uid ?? `q${problems - 1}`, question, answer: gold,
          ...optional(r, at),
        };
      });
      if (!entry || !ctx.takeSample(entry)) return;
      const steps = strings(r.steps, at.at('steps'));
      const probs = arr(r, 'rating_probs', at);
      if (steps.length === 0) throw at.at('steps').err('must hold at least one step', steps);
      if (probs.length !== steps.length) throw at.at('rating_probs').err(`has ${probs.length} entries for ${steps.length} steps`, undefined, false);
      const answer = optStr(r, 'answer', at);
      const correct = typeof r.is_correct === 'boolean' ? r.is_correct : undefined;
      addChain(ctx, entry, steps.map((text, k) => {
        const terminal = k === steps.length - 1;
        return {
          text, tokens: estimateTokens(text), reward: stepReward(probs[k], at.at('rating_probs').at(k)), terminal,
          ...(terminal && answer !== undefined && answer !== '' ? { answer } : {}),
          ...(terminal && correct !== undefined ? { correct } : {}),
        };
      }));
    },
    finish: () => ctx.finish(),
  };
}

function optional(r: Json, at: At): { subject?: string; level?: number } {
  const subject = optStr(r, 'subject', at);
  const level = optNum(r, 'level', at);
  return { ...(subject !== undefined ? { subject } : {}), ...(level !== undefined ? { level } : {}) };
}
