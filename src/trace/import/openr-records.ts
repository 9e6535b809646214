/**
 * OpenR / compute-optimal-TTS evaluation records (`record_<k>.jsonl`, one JSON object per line):
 * `{ question, groundtruth, result: { majority_vote, total_completion_tokens }, output: [ { text,
 * value, extracted_answer, token_history, completion_tokens, model_history, … } ] }`.
 * `output[].text` carries a ` ки` tag after every step (the Math-Shepherd PRM's step tag) and
 * `value[k]` is the PRM score at tag k. Each output path becomes one chain from the question;
 * records of the same question share a pool. docs/importers.md has the whole mapping.
 */
import { extractAnswer } from '../../search/grading';
import { addChain, type ChainStep } from './chains';
import { apportion, estimateTokens, ImportContext, lastBoxed, type ImportOptions } from './context';
import { arr, At, count, isObject, object, optNum, optStr, str, unit, type Json } from './fields';
import type { RecordImporter } from './types';

const FORMAT = 'openr-records';
const TAG = 'ки';

/** Whether a parsed record looks like an OpenR record. */
export function isOpenrRecord(x: unknown): boolean {
  return isObject(x) && typeof x.question === 'string' && Array.isArray(x.output)
    && x.output.length > 0 && isObject(x.output[0]) && typeof x.output[0].text === 'string' && Array.isArray(x.output[0].value);
}

/** The steps of a tagged text: the text before each tag, without the tag's own space and newline. */
export function splitTagged(text: string): { steps: string[]; rest: string } {
  const parts = text.split(TAG);
  const rest = parts.pop() ?? '';
  const steps = parts.map((p, i) => (i === 0 ? p : p.replace(/^\n/, '')).replace(/ $/, ''));
  return { steps, rest: rest.replace(/^\n/, '') };
}

export function openrRecordsImporter(options: ImportOptions): RecordImporter {
  const ctx = new ImportContext(FORMAT, options, { title: 'OpenR records', policy: 'unknown policy (not named in the records)', prm: 'PRM (not named in the records)' });
  let problems = 0;
  return {
    add(record: unknown, where: string) {
      const at = new At(FORMAT, where);
      const r = object(record, at);
      const question = str(r, 'question', at);
      const index = optNum(r, '_question_idx', at);
      const groundtruth = optStr(r, 'groundtruth', at) ?? optStr(r, 'answer', at);
      if (groundtruth === undefined) throw at.at('groundtruth').err('is missing (the gold solution or answer)', undefined, false);
      const outputs = arr(r, 'output', at);
      if (outputs.length === 0) throw at.at('output').err('must hold at least one path', outputs);
      const result = isObject(r.result) ? r.result : undefined;
      const firstModel = modelName(outputs[0]);
      const entry = ctx.pool(index !== undefined ? `#${index}` : question, () => {
        problems++;
        return { preferredId: `q${index ?? problems - 1}`, question, answer: lastBoxed(groundtruth) ?? groundtruth };
      }, firstModel);
      if (!entry) return;
      outputs.forEach((out, i) => {
        if (!ctx.takeSample(entry)) return;
        const steps = pathSteps(object(out, at.at('output').at(i)), at.at('output').at(i), ctx);
        const last = steps[steps.length - 1];
        if (outputs.length === 1 && result && (result.majority_vote === 0 || result.majority_vote === 1)) last.correct = result.majority_vote === 1;
        addChain(ctx, entry, steps);
      });
    },
    finish() {
      ctx.note('Rewards are the PRM scores in output[].value, one per ки step tag; steps are the text between tags.');
      return ctx.finish();
    },
  };
}

function modelName(out: unknown): string | undefined {
  if (!isObject(out) || !Array.isArray(out.model_history)) return undefined;
  const first = out.model_history[0];
  return typeof first === 'string' && first !== '' ? first : undefined;
}

function pathSteps(out: Json, at: At, ctx: ImportContext): ChainStep[] {
  const text = str(out, 'text', at);
  const values = arr(out, 'value', at);
  const { steps: texts, rest } = splitTagged(text);
  if (values.length !== texts.length) {
    throw at.at('value').err(`has ${values.length} rewards for ${texts.length} ки-tagged steps in ${at.path}.text`, undefined, false);
  }
  const rewards: (number | null)[] = values.map((v, k) => unit(v, at.at('value').at(k)));
  if (rest.trim() !== '') {
    texts.push(rest);
    rewards.push(null);
    ctx.note('Text after the last ки tag of a path was kept as a final step without a reward.');
  }
  if (texts.length === 0) throw at.at('text').err('has no steps', text);
  const tokens = stepTokens(out, at, texts, ctx);
  const extracted = optStr(out, 'extracted_answer', at) ?? extractAnswer(text.split(TAG).join(''), 'math') ?? '';
  return texts.map((t, k) => {
    const terminal = k === texts.length - 1;
    return { text: t, tokens: tokens[k], reward: rewards[k], terminal, ...(terminal && extracted !== '' ? { answer: extracted } : {}) };
  });
}

/** Per-step tokens: exact when token_history has one entry per step, else the path's total apportioned. */
function stepTokens(out: Json, at: At, texts: string[], ctx: ImportContext): number[] {
  const history = Array.isArray(out.token_history) ? out.token_history.map((t, k) => count(t, at.at('token_history').at(k))) : undefined;
  if (history && history.length === texts.length && texts.length > 1) {
    ctx.note('Per-step token counts are the recorded token_history.');
    return history;
  }
  const total = out.completion_tokens !== undefined && out.completion_tokens !== null
    ? count(out.completion_tokens, at.at('completion_tokens'))
    : history?.reduce((a, b) => a + b, 0);
  if (total !== undefined) {
    ctx.note('Per-step token counts are estimates: each path\'s recorded completion_tokens split over its steps in proportion to their length.');
    return apportion(total, texts);
  }
  ctx.note('Token counts are estimated from the text (the records hold none).');
  return texts.map(estimateTokens);
}
