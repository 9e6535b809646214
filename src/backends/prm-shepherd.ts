/**
 * Math-Shepherd-style PRMs (a causal LM read at a step tag; backend-protocols.md B2): the text is
 * `<question> Step 1: … ки\nStep 2: … ки`, and a step's reward is P('+') over {'+', '-'} in the
 * distribution right after its `ки`.
 * - {@link PromptLogprobsPrm} (Option 2): one `/v1/completions` call per path with
 *   `prompt_logprobs` (and `logprobs` for the last tag), tags located with `/tokenize`, labels
 *   read by token id (vLLM).
 * - {@link PerStepPrm} (Option 3): one call per scored step, the prefix ending at its tag,
 *   `max_tokens: 1`, labels read from the generated token's top logprobs by token text — for
 *   servers without prompt logprobs (llama.cpp, Ollama, TGI).
 */
import * as v from 'valibot';
import type { ModelInfo } from '../search/backend';
import type { AbortSignalLike } from '../search/types';
import { describeIssue } from './errors';
import type { HttpClient } from './http-client';
import { lastStepRewards, logSumExp, twoWay, type PrmAdapter } from './prm';
import { completionSchema, contentLogprobsSchema, legacyLogprobsSchema, ollamaGenerateSchema, promptLogprobsSchema } from './schemas';
import { Tokenizer, type ServerKind } from './tokenize';

/** peiyi9979/math-shepherd-mistral-7b-prm's tag and labels (Mistral token ids). */
export const MATH_SHEPHERD = { tag: 'ки', good: '+', bad: '-', ids: { tag: 12902, good: 648, bad: 387 } } as const;

export interface ShepherdTokenIds {
  tag: number;
  good: number;
  bad: number;
}

/**
 * The Math-Shepherd text of a path: the question, a space, then each step as `Step k: …` (kept
 * when the step already starts so) followed by ` ки`, steps joined by newlines. A `ки` inside a
 * step is removed, so the tags are exactly one per step.
 */
export function shepherdText(question: string, steps: readonly string[], tag: string = MATH_SHEPHERD.tag): string {
  const body = steps.map((s, i) => {
    const t = s.split(tag).join('').trim();
    return `${/^Step \d+\s*:/.test(t) ? t : `Step ${i + 1}: ${t}`} ${tag}`;
  });
  return `${question} ${body.join('\n')}`;
}

interface ShepherdCommon {
  model: string;
  info: ModelInfo;
  /** Top-k logprobs to ask for (≤ the server's --max-logprobs, vLLM default 20). */
  topK?: number;
}

const COMPLETIONS = 'POST /v1/completions';

/** Option 2: prompt logprobs at every tag of the whole path in one call. */
export class PromptLogprobsPrm implements PrmAdapter {
  readonly fullPath = true;
  readonly endpoint = COMPLETIONS;
  readonly notes: string[] = [];
  readonly info: ModelInfo;
  private readonly tokenizer: Tokenizer;
  private ids: Promise<ShepherdTokenIds> | null;

  constructor(readonly client: HttpClient, private readonly opts: ShepherdCommon & { kind?: ServerKind; tokenIds?: ShepherdTokenIds }) {
    this.info = opts.info;
    this.tokenizer = new Tokenizer(client, opts.model, opts.kind ?? 'unknown');
    this.ids = opts.tokenIds ? Promise.resolve(opts.tokenIds) : null;
  }

  get server(): string {
    return this.client.server;
  }

  async rewards(question: string, paths: readonly (readonly string[])[], signal?: AbortSignalLike): Promise<(number | null)[][]> {
    const ids = await this.tokenIds(signal);
    return Promise.all(paths.map((p) => this.path(question, p, ids, signal)));
  }

  /**
   * The tag and label ids: given, or found with `/tokenize` (tag = last id of "ки"; labels = the
   * two ids of "+ -", as Math-Shepherd's own code takes them).
   */
  private tokenIds(signal?: AbortSignalLike): Promise<ShepherdTokenIds> {
    if (!this.ids) {
      this.ids = (async () => {
        const tag = await this.tokenizer.ids(MATH_SHEPHERD.tag, false, signal);
        const labels = await this.tokenizer.ids(`${MATH_SHEPHERD.good} ${MATH_SHEPHERD.bad}`, false, signal);
        if (tag === null || labels === null) throw this.client.configError('POST /tokenize', 'the Math-Shepherd PRM needs /tokenize to find its tag and label tokens; this server has none (give tokenIds, or use the per-step mode)');
        if (tag.length === 0 || labels.length !== 2) throw this.client.configError('POST /tokenize', `"+ -" tokenizes to ${labels.length} tokens, not 2; give the tag and label token ids explicitly`);
        return { tag: tag[tag.length - 1], good: labels[0], bad: labels[1] };
      })();
      this.ids.catch(() => { this.ids = null; });
    }
    return this.ids;
  }

  private async path(question: string, steps: readonly string[], ids: ShepherdTokenIds, signal?: AbortSignalLike): Promise<number[]> {
    const text = shepherdText(question, steps);
    const tokens = await this.tokenizer.ids(text, true, signal);
    if (tokens === null) throw this.client.configError('POST /tokenize', 'the Math-Shepherd PRM (prompt-logprobs mode) needs /tokenize to locate its step tags; use the per-step mode on this server');
    const tags: number[] = [];
    tokens.forEach((t, i) => { if (t === ids.tag) tags.push(i); });
    if (tags.length !== steps.length) {
      throw this.client.malformed('POST /tokenize', `found ${tags.length} step tags (token ${ids.tag}) in a path of ${steps.length} steps; is the tag id right for this model?`);
    }
    const topK = this.opts.topK ?? 20;
    // The last tag is the last prompt token: prompt_logprobs has no entry after it, so its
    // distribution is read from the one generated token's top logprobs (backend-protocols.md B2),
    // keyed by token id where the server can (vLLM's return_tokens_as_token_ids), else by text.
    const res = await this.client.request({
      path: '/v1/completions',
      body: { model: this.opts.model, prompt: text, max_tokens: 1, temperature: 0, prompt_logprobs: topK, logprobs: topK, return_tokens_as_token_ids: true },
      schema: completionSchema,
      signal,
    });
    if (res.choices.length !== 1) throw this.client.malformed(COMPLETIONS, `asked for 1 choice, got ${res.choices.length}`);
    const choice = res.choices[0];
    const raw = choice.prompt_logprobs;
    if (raw === undefined || raw === null) {
      throw this.client.configError(COMPLETIONS, 'the answer has no prompt_logprobs (this server does not return them); use the per-step Math-Shepherd mode');
    }
    const parsed = v.safeParse(promptLogprobsSchema, raw);
    if (!parsed.success) throw this.client.malformed(COMPLETIONS, `choices[0].prompt_logprobs${describeIssue(parsed.issues[0]).replace(/^\(the response\)/, '')}`);
    const pl = parsed.output;
    if (pl.length !== tokens.length) throw this.client.malformed(COMPLETIONS, `prompt_logprobs has ${pl.length} entries but /tokenize gave ${tokens.length} tokens`);
    return tags.map((t, j) => {
      if (t + 1 === pl.length) {
        const top = choice.logprobs === undefined || choice.logprobs === null ? 'logprobs: is missing' : firstTopLogprobs(choice.logprobs);
        if (typeof top === 'string') throw this.client.malformed(COMPLETIONS, `the tag of step ${j + 1} is the last prompt token, so its reward is in the generated token's logprobs, but choices[0].${top}`);
        return this.fromLabels(readLabels(top, ids), topK);
      }
      const entry = pl[t + 1];
      if (!entry) throw this.client.malformed(COMPLETIONS, `prompt_logprobs[${t + 1}] (after the tag of step ${j + 1}) is null`);
      const all = Object.values(entry).map((e) => e.logprob);
      const good = entry[String(ids.good)]?.logprob;
      const bad = entry[String(ids.bad)]?.logprob;
      return this.fromLabels({ good: good === undefined ? [] : [good], bad: bad === undefined ? [] : [bad], all }, topK);
    });
  }

  private fromLabels(l: Labels, topK: number): number {
    const floor = Math.min(...l.all);
    if (l.good.length === 0 || l.bad.length === 0) this.note(`a label token was outside the top-${topK} logprobs; its logprob was bounded by the smallest listed (inexact; raise topK)`);
    return twoWay(l.good.length ? logSumExp(l.good) : floor, l.bad.length ? logSumExp(l.bad) : floor);
  }

  private note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }
}

/** Strip a tokenizer's leading-space markers: " +", "▁+", "Ġ+" → "+". */
function labelOf(token: string): string {
  return token.replace(/^[\s\u2581\u0120]+/, '');
}

interface Labels {
  good: number[];
  bad: number[];
  /** Every listed logprob (the bound for a missing label). */
  all: number[];
}

/**
 * The '+' and '-' logprobs in a top list: by id when the keys are vLLM's `token_id:N`, else by
 * text (leading-space variants of one label are summed).
 */
function readLabels(top: ReadonlyArray<readonly [string, number]>, ids?: ShepherdTokenIds): Labels {
  const out: Labels = { good: [], bad: [], all: top.map(([, lp]) => lp) };
  for (const [key, lp] of top) {
    const m = /^token_id:(\d+)$/.exec(key);
    if (m && ids) {
      if (Number(m[1]) === ids.good) out.good.push(lp);
      else if (Number(m[1]) === ids.bad) out.bad.push(lp);
      continue;
    }
    const l = labelOf(key);
    if (l === MATH_SHEPHERD.good) out.good.push(lp);
    else if (l === MATH_SHEPHERD.bad) out.bad.push(lp);
  }
  return out;
}

/** The first generated token's top logprobs as token text → logprob, from either logprobs shape. */
export function firstTopLogprobs(raw: unknown): Array<[string, number]> | string {
  const legacy = v.safeParse(legacyLogprobsSchema, raw);
  if (legacy.success) {
    const top = legacy.output.top_logprobs[0];
    return top ? Object.entries(top) : 'logprobs.top_logprobs[0] is null';
  }
  const content = v.safeParse(contentLogprobsSchema, raw);
  if (content.success) {
    const first = content.output.content[0];
    return first ? first.top_logprobs.map((t) => [t.token, t.logprob] as [string, number]) : 'logprobs.content is empty';
  }
  return `logprobs: must be {top_logprobs: [...]} or {content: [{top_logprobs}]} (${describeIssue(legacy.issues[0])})`;
}

/** Option 3 on Ollama: its native endpoint with `raw: true` (its /v1/completions would wrap the text in the chat template). */
const OLLAMA_GENERATE = 'POST /api/generate';

/**
 * Option 3: one 1-token generation per scored step, reading '+' and '-' from its top logprobs —
 * through `/v1/completions`, or on Ollama through `/api/generate` with `raw: true`, `logprobs` and
 * `top_logprobs` (Ollama ≥ 0.12.11; older versions answer without logprobs, which is an error
 * that says so).
 */
export class PerStepPrm implements PrmAdapter {
  readonly fullPath = false;
  readonly endpoint: string;
  readonly notes: string[] = [];
  readonly info: ModelInfo;

  constructor(readonly client: HttpClient, private readonly opts: ShepherdCommon & { kind?: ServerKind }) {
    this.info = opts.info;
    this.endpoint = opts.kind === 'ollama' ? OLLAMA_GENERATE : COMPLETIONS;
  }

  get server(): string {
    return this.client.server;
  }

  rewards(question: string, paths: readonly (readonly string[])[], signal?: AbortSignalLike): Promise<(number | null)[][]> {
    return lastStepRewards(paths, (p) => this.last(question, p, signal));
  }

  /** The generated token's logprobs (either OpenAI shape, or Ollama's list wrapped as `{content}`). */
  private async labelLogprobs(text: string, topK: number, signal?: AbortSignalLike): Promise<unknown> {
    if (this.endpoint === OLLAMA_GENERATE) {
      const res = await this.client.request({
        path: '/api/generate',
        body: { model: this.opts.model, prompt: text, raw: true, stream: false, logprobs: true, top_logprobs: topK, options: { num_predict: 1, temperature: 0 } },
        schema: ollamaGenerateSchema,
        signal,
      });
      if (!res.logprobs) throw this.client.configError(OLLAMA_GENERATE, 'the answer has no logprobs (Ollama returns them from version 0.12.11 on), so the PRM cannot be read');
      return { content: res.logprobs.map((l) => ({ ...l, top_logprobs: l.top_logprobs ?? [] })) };
    }
    const res = await this.client.request({
      path: '/v1/completions',
      body: { model: this.opts.model, prompt: text, max_tokens: 1, temperature: 0, logprobs: topK },
      schema: completionSchema,
      signal,
    });
    if (res.choices.length !== 1) throw this.client.malformed(COMPLETIONS, `asked for 1 choice, got ${res.choices.length}`);
    const raw = res.choices[0].logprobs;
    if (raw === undefined || raw === null) throw this.client.configError(COMPLETIONS, 'the answer has no logprobs (this server does not return generated-token logprobs), so the PRM cannot be read');
    return raw;
  }

  private async last(question: string, steps: readonly string[], signal?: AbortSignalLike): Promise<number> {
    const topK = this.opts.topK ?? 20;
    const raw = await this.labelLogprobs(shepherdText(question, steps), topK, signal);
    const top = firstTopLogprobs(raw);
    if (typeof top === 'string') throw this.client.malformed(this.endpoint, this.endpoint === COMPLETIONS ? `choices[0].${top}` : top);
    const l = readLabels(top);
    const floor = Math.min(...l.all);
    if (l.good.length === 0 || l.bad.length === 0) this.note(`a label token was outside the top-${topK} logprobs; its logprob was bounded by the smallest listed (inexact; raise topK)`);
    return twoWay(l.good.length ? logSumExp(l.good) : floor, l.bad.length ? logSumExp(l.bad) : floor);
  }

  private note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }
}
