/**
 * The official REBASE code's output (thu-wyz/rebase `rebase.py`): `answers.json`, a JSON array
 * with one object per question, `{ id, question, model_answer: [ { text, step_scores } ],
 * ground_truth_answer, total_tokens }` (or one such object, `answer_q<id>.json`). Only the
 * finished leaves are written: `text` is the whole state text (question + every step) and
 * `step_scores` the PRM score of each step from the root. The tree is rebuilt by merging the
 * leaves' shared step prefixes.
 */
import { extractAnswer } from '../../search/grading';
import { PrefixMerger, type ChainStep } from './chains';
import { estimateTokens, ImportContext, type ImportOptions } from './context';
import { arr, At, isObject, object, optNum, str, unit, type Json } from './fields';
import type { RecordImporter } from './types';

const FORMAT = 'rebase-answers';

/** The official evaluation's answer pattern (math_evaluate.py `SHEPHERD_RE`). */
const SHEPHERD_RE = /The answer is:(.+) ки/;

/** Whether a parsed record looks like one question of a REBASE answers.json. */
export function isRebaseAnswer(x: unknown): boolean {
  return isObject(x) && Array.isArray(x.model_answer) && (x.model_answer.length === 0 || (isObject(x.model_answer[0]) && 'step_scores' in x.model_answer[0]));
}

/**
 * Split the generated part of a leaf's text into `n` steps: at the "Step 2", "Step 3", …
 * markers the generation stopped on (`stop="Step " + str(depth + 2)`), or else after each of
 * `n` ки tags. Undefined when neither gives exactly `n` steps.
 */
export function splitRebaseSteps(text: string, n: number): string[] | undefined {
  const cuts: number[] = [];
  let from = 0;
  for (let k = 2; k <= n; k++) {
    const i = text.indexOf(`Step ${k}`, from);
    if (i < 0) break;
    cuts.push(i);
    from = i + 1;
  }
  if (cuts.length === n - 1 && text.indexOf(`Step ${n + 1}`, from) < 0) {
    return [0, ...cuts].map((c, j) => text.slice(c, j < cuts.length ? cuts[j] : text.length));
  }
  const tagged = text.split(/(?<=ки\n)|(?<=ки)(?!\n)/);
  if (tagged.length === n || (tagged.length === n + 1 && tagged[n].trim() === '')) {
    if (tagged.length === n + 1) tagged[n - 1] += tagged.pop();
    return tagged;
  }
  return undefined;
}

/** The answer the official evaluation reads from a leaf (commas removed), else the app's own extraction. */
export function rebaseAnswer(text: string): string | undefined {
  const m = SHEPHERD_RE.exec(text);
  if (m) return m[1].trim().replace(/,/g, '');
  return extractAnswer(text.replace(/ ки/g, ''), 'math') ?? undefined;
}

export function rebaseAnswersImporter(options: ImportOptions): RecordImporter {
  const ctx = new ImportContext(FORMAT, options, {
    title: 'REBASE answers', policy: 'unknown policy (not named in answers.json)', prm: 'reward model (not named in answers.json)',
  });
  ctx.note('Only finished leaves are in answers.json: pruned branches and unfinished paths are missing from the rebuilt tree, so a replay can be incomplete.');
  ctx.note('Token counts are estimated from the text (answers.json records only total_tokens per question, pruned branches included).');
  const merger = new PrefixMerger();
  let problems = 0;
  let recorded = 0;
  return {
    add(record: unknown, where: string) {
      const at = new At(FORMAT, where);
      const r = object(record, at);
      const question = str(r, 'question', at);
      const id = optNum(r, 'id', at);
      const goldRaw = r.ground_truth_answer;
      if (typeof goldRaw !== 'string' && typeof goldRaw !== 'number') throw at.at('ground_truth_answer').err('must be a string', goldRaw, goldRaw !== undefined);
      const gold = String(goldRaw);
      const answers = arr(r, 'model_answer', at);
      const total = optNum(r, 'total_tokens', at);
      if (total !== undefined) recorded += total;
      const entry = ctx.pool(id !== undefined ? `#${id}` : question, () => {
        problems++;
        // GSM8K's gold "answer" is the worked solution ending in "#### <number>".
        return { preferredId: `q${id ?? problems - 1}`, question, answer: gold, ...(/\n#### /.test(gold) ? { grading: 'gsm8k' as const } : {}) };
      });
      if (!entry || !ctx.takeSample(entry)) return;
      answers.forEach((a, j) => merger.add(ctx, entry, leafSteps(object(a, at.at('model_answer').at(j)), at.at('model_answer').at(j), question)));
    },
    finish() {
      if (recorded > 0) ctx.note(`The file records ${recorded} generated tokens in total (total_tokens, every generated step).`);
      return ctx.finish();
    },
  };
}

function leafSteps(a: Json, at: At, question: string): ChainStep[] {
  const text = str(a, 'text', at);
  const scores = arr(a, 'step_scores', at);
  if (scores.length === 0) throw at.at('step_scores').err('must hold one score per step', scores);
  const q = text.startsWith(question) ? 0 : text.indexOf(question);
  if (q < 0) throw at.at('text').err('does not contain the question (REBASE writes the whole state text: question, then the steps)', undefined, false);
  const texts = splitRebaseSteps(text.slice(q + question.length), scores.length);
  if (!texts) {
    throw at.at('text').err(`cannot be split into ${scores.length} steps (one per step_scores entry): found neither the "Step 2" … "Step ${scores.length}" markers nor ${scores.length} ки tags`, undefined, false);
  }
  const answer = rebaseAnswer(texts[texts.length - 1]);
  return texts.map((t, k) => {
    const terminal = k === texts.length - 1;
    const s = scores[k];
    return {
      text: t, tokens: estimateTokens(t), reward: s === null ? null : unit(s, at.at('step_scores').at(k)), terminal,
      ...(terminal && answer !== undefined ? { answer } : {}),
    };
  });
}
