/**
 * The other dialects of serve-sim (issue 13), each a thin adapter over `/v1/completions` so the
 * sim answers them exactly as it answers a raw prompt:
 * - Ollama `POST /api/generate` (`raw: true`, `stream: false`, `options {num_predict, stop, seed,
 *   temperature}`) → `{response, done, done_reason, prompt_eval_count, eval_count}`;
 * - `POST /v1/chat/completions`: the user message is the question; a final assistant message is
 *   continued when the request sets vLLM's `continue_final_message: true` (with
 *   `add_generation_prompt: false`), otherwise the model starts a new answer;
 * - SGLang `POST /generate` (`text`, `sampling_params {max_new_tokens, stop, temperature, n,
 *   sampling_seed}`) → `{text, meta_info {finish_reason {type, matched}, prompt_tokens, completion_tokens}}`.
 * serve-sim applies no chat template: the messages' texts are joined, which is all the sim's
 * prompt matching needs.
 */
import type { ServerContext } from './context';
import { completions } from './completions';
import { badField } from './errors';
import type { Body } from './fields';

interface SimChoice { text: string; finish_reason: 'stop' | 'length'; stop_reason: string | null }
interface SimCompletion { model: string; choices: SimChoice[]; usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } }

const obj = (x: unknown, name: string): Body => {
  if (x === undefined || x === null) return {};
  if (typeof x !== 'object' || Array.isArray(x)) throw badField(name, `${name} must be an object`);
  return x as Body;
};

/** Ollama's native generate endpoint (raw prompts only: serve-sim has no chat template to apply). */
export function ollamaGenerate(ctx: ServerContext, b: Body): object {
  if (b.raw !== true) throw badField('raw', 'serve-sim applies no chat template: send "raw": true with the whole prompt');
  if (b.stream !== false) throw badField('stream', 'serve-sim does not stream: send "stream": false');
  const o = obj(b.options, 'options');
  const c = completions(ctx, {
    model: b.model, prompt: b.prompt, temperature: o.temperature, seed: o.seed, stop: o.stop,
    ...(typeof o.num_predict === 'number' && o.num_predict >= 0 ? { max_tokens: o.num_predict } : { max_tokens: null }),
  }) as SimCompletion;
  const ch = c.choices[0];
  return {
    model: c.model, created_at: new Date(ctx.created() * 1000).toISOString(), response: ch.text, done: true, done_reason: ch.finish_reason,
    context: [], total_duration: 0, load_duration: 0, prompt_eval_count: c.usage.prompt_tokens, prompt_eval_duration: 0,
    eval_count: c.usage.completion_tokens, eval_duration: 0,
  };
}

/** `/v1/version`-style answer of Ollama, so a probe of serve-sim can see the Ollama endpoints. */
export const OLLAMA_VERSION = { version: '0.13.0 (serve-sim)' };

/** OpenAI chat completions, with vLLM's assistant-prefix continuation. */
export function chatCompletions(ctx: ServerContext, b: Body): object {
  const messages = b.messages;
  if (!Array.isArray(messages) || messages.length === 0) throw badField('messages', 'messages must be a non-empty list of {role, content}');
  const list = messages.map((m, i) => {
    const x = obj(m, `messages[${i}]`);
    if (typeof x.role !== 'string' || typeof x.content !== 'string') throw badField('messages', `messages[${i}] needs a string role and content`);
    return { role: x.role, content: x.content };
  });
  const cont = b.continue_final_message === true;
  if (cont && b.add_generation_prompt !== false) throw badField('continue_final_message', 'Cannot set both `continue_final_message` and `add_generation_prompt` to True.');
  const last = list[list.length - 1];
  if (cont && last.role !== 'assistant') throw badField('continue_final_message', 'continue_final_message needs a final assistant message');
  const user = list.filter((m) => m.role === 'user').map((m) => m.content).join('\n\n');
  const prompt = cont ? `${user}\n\n${last.content}` : `${user}\n\n`;
  const c = completions(ctx, {
    model: b.model, prompt, n: b.n, temperature: b.temperature, seed: b.seed, stop: b.stop,
    max_tokens: b.max_completion_tokens ?? b.max_tokens ?? null,
  }) as SimCompletion;
  return {
    id: `chatcmpl-${ctx.created()}`, object: 'chat.completion', created: ctx.created(), model: c.model,
    choices: c.choices.map((ch, index) => ({
      index, message: { role: 'assistant', content: ch.text, reasoning_content: null, tool_calls: [] }, logprobs: null,
      finish_reason: ch.finish_reason, stop_reason: ch.stop_reason,
    })),
    usage: c.usage,
  };
}

/** The sim's EOS token id in SGLang's `matched` (a number means a stop token, here EOS). */
const EOS_ID = 2;

/** SGLang's native generate endpoint. */
export function sglangGenerate(ctx: ServerContext, b: Body): object {
  if (typeof b.text !== 'string') throw badField('text', 'text must be a string (serve-sim takes one prompt per request)');
  const sp = obj(b.sampling_params, 'sampling_params');
  const c = completions(ctx, {
    model: b.model, prompt: b.text, n: sp.n, temperature: sp.temperature, seed: sp.sampling_seed, stop: sp.stop,
    max_tokens: sp.max_new_tokens ?? 128, return_token_ids: true,
  }) as SimCompletion;
  const promptTokens = c.usage.prompt_tokens;
  const answers = c.choices.map((ch, i) => {
    const tokens = completionTokensOf(c, i);
    return {
      text: ch.text,
      meta_info: {
        id: `sim-${ctx.created()}-${i}`,
        finish_reason: ch.finish_reason === 'length' ? { type: 'length', length: tokens } : { type: 'stop', matched: ch.stop_reason ?? EOS_ID },
        prompt_tokens: promptTokens, completion_tokens: tokens, cached_tokens: 0,
      },
    };
  });
  return answers.length === 1 ? answers[0] : answers;
}

/** One choice's completion tokens: its `token_ids` (asked for), else the usage of a single choice. */
function completionTokensOf(c: SimCompletion & { choices: (SimChoice & { token_ids?: number[] })[] }, i: number): number {
  const ids = c.choices[i].token_ids;
  if (ids) return ids.length;
  return c.choices.length === 1 ? c.usage.completion_tokens : Math.round(c.usage.completion_tokens / c.choices.length);
}
