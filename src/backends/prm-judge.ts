/**
 * An LLM judge as the verifier: a chat model is asked whether the last step of a partial solution
 * is correct and answers with one token. The step's reward is P(Yes) over {Yes, No}, read from the
 * first generated token's top logprobs (OpenAI chat shape `choices[0].logprobs.content[0]
 * .top_logprobs`, which vLLM, SGLang, llama.cpp and Ollama ≥ 0.12 return), as the 2-way softmax
 * of the two labels (case and leading spaces folded). Without logprobs, the text decides: "Yes"
 * → 1, "No" → 0, anything else is refused with what it said. One request per scored step
 * (`fullPath` false); the scorer caches each path's reward.
 */
import * as v from 'valibot';
import type { ModelInfo } from '../search/backend';
import type { AbortSignalLike } from '../search/types';
import type { HttpClient } from './http-client';
import { lastStepRewards, logSumExp, twoWay, type PrmAdapter } from './prm';
import { contentLogprobsSchema, str } from './schemas';

/** The default judge prompt: `{question}`, `{previous}` (earlier steps, numbered) and `{step}`. */
export const JUDGE_PROMPT = [
  'You are grading one step of a solution to a math problem.',
  '',
  'Problem: {question}',
  '',
  'Earlier steps:',
  '{previous}',
  '',
  'Step to grade: {step}',
  '',
  'Is this step correct and a sound continuation of the earlier steps? Answer with one word: Yes or No.',
].join('\n');

export interface JudgePrmOptions {
  model: string;
  info: ModelInfo;
  /** A prompt with `{step}` (and optionally `{question}`, `{previous}`). */
  prompt?: string;
  /** Top logprobs to ask for (OpenAI allows up to 20). */
  topK?: number;
}

const ENDPOINT = 'POST /v1/chat/completions';

const chatSchema = v.object({
  choices: v.pipe(v.array(v.object({
    message: v.object({ content: v.nullish(str) }),
    logprobs: v.nullish(v.unknown()),
  }), 'must be an array of choices'), v.minLength(1, 'must hold one choice')),
});

/** The judge's prompt for one path. */
export function judgePrompt(template: string, question: string, steps: readonly string[]): string {
  const previous = steps.length > 1 ? steps.slice(0, -1).map((s, i) => `${i + 1}. ${s.trim()}`).join('\n') : '(none: this is the first step)';
  return template.split('{question}').join(question).split('{previous}').join(previous).split('{step}').join(steps[steps.length - 1]!.trim());
}

/** "Yes" / "No" (any case, leading space or "Ġ"/"▁" marks) → the label; else null. */
function label(token: string): 'yes' | 'no' | null {
  const t = token.replace(/^[\sĠ▁]+/, '').replace(/[.!\s]+$/, '').toLowerCase();
  return t === 'yes' ? 'yes' : t === 'no' ? 'no' : null;
}

export class JudgePrm implements PrmAdapter {
  readonly fullPath = false;
  readonly endpoint = ENDPOINT;
  readonly notes: string[] = [];
  readonly info: ModelInfo;
  private readonly prompt: string;

  constructor(readonly client: HttpClient, private readonly opts: JudgePrmOptions) {
    this.info = opts.info;
    this.prompt = opts.prompt ?? JUDGE_PROMPT;
    if (!this.prompt.includes('{step}')) throw new Error('judge prompt: must contain {step}');
  }

  get server(): string {
    return this.client.server;
  }

  rewards(question: string, paths: readonly (readonly string[])[], signal?: AbortSignalLike): Promise<(number | null)[][]> {
    return lastStepRewards(paths, (p) => this.judge(question, p, signal));
  }

  private async judge(question: string, steps: readonly string[], signal?: AbortSignalLike): Promise<number> {
    const topK = this.opts.topK ?? 20;
    const res = await this.client.request({
      path: '/v1/chat/completions',
      body: {
        model: this.opts.model, messages: [{ role: 'user', content: judgePrompt(this.prompt, question, steps) }],
        max_tokens: 1, temperature: 0, logprobs: true, top_logprobs: topK,
      },
      schema: chatSchema,
      signal,
    });
    const choice = res.choices[0]!;
    if (choice.logprobs !== undefined && choice.logprobs !== null) {
      const parsed = v.safeParse(contentLogprobsSchema, choice.logprobs);
      if (!parsed.success) throw this.client.malformed(ENDPOINT, 'choices[0].logprobs: must be {content: [{top_logprobs: [{token, logprob}]}]}');
      const first = parsed.output.content[0];
      if (!first) throw this.client.malformed(ENDPOINT, 'choices[0].logprobs.content is empty');
      const yes: number[] = [], no: number[] = [];
      for (const t of first.top_logprobs) {
        const l = label(t.token);
        if (l === 'yes') yes.push(t.logprob);
        else if (l === 'no') no.push(t.logprob);
      }
      if (yes.length || no.length) {
        const floor = Math.min(...first.top_logprobs.map((t) => t.logprob));
        if (!yes.length || !no.length) this.note(`"Yes" or "No" was outside the judge's top-${topK} logprobs; its logprob was bounded by the smallest listed (inexact)`);
        return twoWay(yes.length ? logSumExp(yes) : floor, no.length ? logSumExp(no) : floor);
      }
      this.note('neither "Yes" nor "No" was among the judge\'s top logprobs; its answer text was read instead');
    }
    const text = choice.message.content ?? '';
    const l = label(text.split(/\s+/).find((w) => w !== '') ?? '');
    if (l === null) throw this.client.malformed(ENDPOINT, `the judge answered ${JSON.stringify(text.slice(0, 40))}, not "Yes" or "No" (and gave no logprobs to read)`);
    if (choice.logprobs === undefined || choice.logprobs === null) this.note('the judge returned no logprobs: each step scores 1 (Yes) or 0 (No) from its text');
    return l === 'yes' ? 1 : 0;
  }

  private note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }
}
