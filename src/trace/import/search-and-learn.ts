/**
 * Hugging Face search-and-learn result rows (`{approach}_completions.jsonl`, written by
 * `dataset.to_json(…, lines=True)` in `sal/utils/data.py`): the dataset's columns (`problem`,
 * `answer`, `subject`, `level`, `unique_id`, …) plus `completions` [str], `scores` and
 * `completion_tokens`. A step is a "\n\n"-separated piece of a completion, as the PRMs score them.
 * - best_of_n: `scores[i]` = one score per step, `completion_tokens[i]` per completion → each
 *   completion is its own chain (a pool of independent samples).
 * - beam_search: `scores[i]` = one list per iteration (the last scores the whole completion) →
 *   completions share the beams' prefixes, so the tree is rebuilt by merging shared prefixes.
 * - dvts: flat `scores[i]`, `completion_tokens` = -1 → a tree as well.
 */
import { extractAnswer } from '../../search/grading';
import { addChain, PrefixMerger, type ChainStep } from './chains';
import { apportion, estimateTokens, ImportContext, type ImportOptions } from './context';
import { arr, At, isObject, object, optNum, optStr, str, strings, unit } from './fields';
import type { RecordImporter } from './types';

const FORMAT = 'search-and-learn';

/** Whether a parsed record looks like a search-and-learn row. */
export function isSearchAndLearnRecord(x: unknown): boolean {
  return isObject(x) && Array.isArray(x.completions) && Array.isArray(x.scores);
}

/** The "\n\n"-separated steps of a completion, each keeping its separator (as generated with stop "\n\n"). */
export function splitSteps(text: string): string[] {
  const parts = text.split('\n\n');
  const steps = parts.map((p, i) => (i < parts.length - 1 ? `${p}\n\n` : p));
  if (steps.length > 1 && steps[steps.length - 1] === '') steps.pop();
  return steps;
}

export function searchAndLearnImporter(options: ImportOptions): RecordImporter {
  const ctx = new ImportContext(FORMAT, options, {
    title: 'search-and-learn completions', policy: 'unknown policy (not named in the rows)', prm: 'PRM (not named in the rows)',
  });
  ctx.note('Rewards are the rows\' per-step PRM scores; a step is a "\\n\\n"-separated piece of a completion.');
  const merger = new PrefixMerger();
  let problems = 0;
  return {
    add(record: unknown, where: string) {
      const at = new At(FORMAT, where);
      const r = object(record, at);
      const question = str(r, 'problem', at);
      const gold = str(r, 'answer', at);
      const uid = optStr(r, 'unique_id', at);
      const completions = strings(r.completions, at.at('completions'));
      const scores = arr(r, 'scores', at);
      if (scores.length !== completions.length) throw at.at('scores').err(`has ${scores.length} entries for ${completions.length} completions`, undefined, false);
      const tokens = Array.isArray(r.completion_tokens) ? r.completion_tokens : undefined;
      if (tokens && tokens.length !== completions.length) throw at.at('completion_tokens').err(`has ${tokens.length} entries for ${completions.length} completions`, undefined, false);
      const nested = scores.some((s) => Array.isArray(s) && s.some(Array.isArray));
      const tree = nested || !tokens;
      const entry = ctx.pool(uid ?? question, () => {
        problems++;
        const subject = optStr(r, 'subject', at);
        const level = optNum(r, 'level', at);
        return { preferredId: uid ?? `q${problems - 1}`, question, answer: gold, ...(subject !== undefined ? { subject } : {}), ...(level !== undefined ? { level } : {}) };
      });
      if (!entry || (tree && !ctx.takeSample(entry))) return;
      if (tree) ctx.note('Rows from beam search or DVTS: completions that share steps were merged into one tree (duplicate beams collapse into one path).');
      else ctx.note('Rows from best-of-N: each completion is its own chain; per-step token counts split each completion_tokens in proportion to step length.');
      completions.forEach((text, i) => {
        if (!tree && !ctx.takeSample(entry)) return;
        const cAt = at.at('completions').at(i);
        const steps = completionSteps(text, scores[i], at.at('scores').at(i), cAt, tree || !tokens ? undefined : tokens[i], ctx);
        if (tree) merger.add(ctx, entry, steps);
        else addChain(ctx, entry, steps);
      });
    },
    finish: () => ctx.finish(),
  };
}

function completionSteps(text: string, score: unknown, sAt: At, cAt: At, total: unknown, ctx: ImportContext): ChainStep[] {
  if (!Array.isArray(score)) throw sAt.err('must be an array of step scores (or of such arrays)', score);
  // Beam search keeps one score list per iteration; the last one scores every step of the completion.
  const flat = score.length > 0 && Array.isArray(score[score.length - 1]) ? score[score.length - 1] as unknown[] : score;
  const flatAt = flat === score ? sAt : sAt.at(score.length - 1);
  const rewards = flat.map((v, k) => unit(v, flatAt.at(k)));
  const texts = splitSteps(text);
  // RLHFlow's PRM splits with str.split("\n\n") and so also scores the empty piece after a final blank line.
  if (rewards.length === texts.length + 1 && text.endsWith('\n\n')) {
    texts.push('');
    ctx.note('A completion ending in a blank line has a score for the empty piece after it (RLHFlow PRM splitting); it is kept as an empty last step.');
  }
  if (rewards.length !== texts.length) throw flatAt.err(`has ${rewards.length} step scores for ${texts.length} steps ("\\n\\n"-separated) in ${cAt.path}`, undefined, false);
  let tokens: number[];
  if (typeof total === 'number' && Number.isInteger(total) && total >= 0) tokens = apportion(total, texts);
  else {
    ctx.note('Token counts of merged trees are estimated from the text (completion_tokens counts a whole beam, shared steps and lookahead included, or is -1).');
    tokens = texts.map(estimateTokens);
  }
  const answer = extractAnswer(text, 'math');
  return texts.map((t, k) => {
    const terminal = k === texts.length - 1;
    return { text: t, tokens: tokens[k], reward: rewards[k], terminal, ...(terminal && answer !== null ? { answer } : {}) };
  });
}

