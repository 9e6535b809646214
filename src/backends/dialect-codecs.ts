/**
 * The request body and answer of each dialect (dialect.ts): in with a prompt, n, stop strings, a
 * token cap, temperature and seed; out with OpenAI-style choices (`text`, `finish_reason`,
 * `stop_reason` where the server tells), `usage`, and per-choice token counts where the server
 * gives them. Field names are the servers' own (backend-protocols.md A1, A2, B3, C2).
 */
import type { AbortSignalLike } from '../search/types';
import { isBackendError } from './errors';
import { CHAT_SYSTEM, DIALECT_ENDPOINTS, type Continuation, type Dialect } from './dialect';
import type { HttpClient } from './http-client';
import type { PromptParts } from './prompt';
import { chatCompletionSchema, completionSchema, ollamaGenerateSchema, sglangGenerateSchema, type Choice, type SglangAnswer, type Usage } from './schemas';

export interface SampleRequest {
  model: string;
  prompt: PromptParts;
  n: number;
  seed: number;
  maxTokens: number;
  temperature: number;
  stop: readonly string[];
  /** top_p, top_k, min_p … (merged into the body, or Ollama's `options`, or SGLang's `sampling_params`). */
  extra: Record<string, unknown>;
  /** Ask vLLM / SGLang's `/v1/completions` for `choices[].token_ids`. */
  returnTokenIds: boolean;
  signal?: AbortSignalLike;
}

export interface SampleAnswer {
  choices: Choice[];
  usage?: Usage | null;
  /** Completion tokens of each choice, when the server counts them per sample (Ollama, SGLang). */
  tokens?: number[];
}

export interface Codec {
  readonly dialect: Dialect;
  readonly endpoint: string;
  /** false: the endpoint has no `n` (Ollama): always one request per sample. */
  readonly takesN: boolean;
  send(client: HttpClient, r: SampleRequest): Promise<SampleAnswer>;
}

export interface ChatOptions {
  continuation: Continuation;
  /** The system message ('' = none). */
  system?: string;
}

function note(notes: string[], text: string): void {
  if (!notes.includes(text)) notes.push(text);
}

/** The codec of a dialect; what is worth telling the user goes into `notes`, each once. */
export function createCodec(dialect: Dialect, chat: ChatOptions = { continuation: 'flags' }, notes: string[] = []): Codec {
  switch (dialect) {
    case 'completions':
      return completionsCodec();
    case 'ollama':
      return ollamaCodec();
    case 'chat':
      return chatCodec(chat);
    case 'sglang':
      return sglangCodec(notes);
  }
}

function completionsCodec(): Codec {
  return {
    dialect: 'completions', endpoint: DIALECT_ENDPOINTS.completions, takesN: true,
    async send(client, r) {
      const body: Record<string, unknown> = { ...r.extra, model: r.model, prompt: r.prompt.text, max_tokens: r.maxTokens, temperature: r.temperature, seed: r.seed };
      if (r.n > 1) body.n = r.n;
      if (r.stop.length > 0) body.stop = [...r.stop];
      if (r.returnTokenIds) body.return_token_ids = true;
      const res = await client.request({ path: '/v1/completions', body, schema: completionSchema, signal: r.signal });
      return { choices: res.choices, usage: res.usage };
    },
  };
}

/**
 * Ollama `/api/generate`: `raw: true` sends the prompt as written (no chat template), `stream:
 * false` gives one JSON object; sampling settings go in `options` (`num_predict`, `stop`, `seed`,
 * `temperature`, and top_p/top_k/min_p from the extra fields). No `n`: one request per sample.
 * Ollama does not say which stop fired: `done_reason` "stop" covers EOS and stop strings alike.
 */
function ollamaCodec(): Codec {
  return {
    dialect: 'ollama', endpoint: DIALECT_ENDPOINTS.ollama, takesN: false,
    async send(client, r) {
      const options: Record<string, unknown> = { ...r.extra, num_predict: r.maxTokens, temperature: r.temperature, seed: r.seed };
      if (r.stop.length > 0) options.stop = [...r.stop];
      const res = await client.request({
        path: '/api/generate', body: { model: r.model, prompt: r.prompt.text, raw: true, stream: false, options }, schema: ollamaGenerateSchema, signal: r.signal,
      });
      const usage: Usage = { ...(res.prompt_eval_count !== undefined ? { prompt_tokens: res.prompt_eval_count } : {}), ...(res.eval_count !== undefined ? { completion_tokens: res.eval_count } : {}) };
      return {
        choices: [{ index: 0, text: res.response, finish_reason: res.done_reason ?? (res.done ? 'stop' : null) }],
        usage, ...(res.eval_count !== undefined ? { tokens: [res.eval_count] } : {}),
      };
    },
  };
}

/**
 * `/v1/chat/completions`: the question as the user message (after an optional system message);
 * the solution so far, if any, as a final assistant message that the server continues — with
 * vLLM/SGLang's `continue_final_message: true, add_generation_prompt: false`, or as it stands
 * (llama.cpp, Ollama prefill). Without continuation only a call from the question can be made.
 */
function chatCodec(o: ChatOptions): Codec {
  const system = o.system ?? CHAT_SYSTEM;
  return {
    dialect: 'chat', endpoint: DIALECT_ENDPOINTS.chat, takesN: true,
    async send(client, r) {
      const prefix = r.prompt.prefix;
      if (prefix !== '' && o.continuation === 'none') {
        throw client.configError(DIALECT_ENDPOINTS.chat, 'this chat server is not set to continue an assistant message, so a partial solution cannot be extended (use a sampling strategy, or set the continuation in the Backends panel)');
      }
      const messages: { role: string; content: string }[] = [];
      if (system !== '') messages.push({ role: 'system', content: system });
      messages.push({ role: 'user', content: r.prompt.question });
      const body: Record<string, unknown> = { ...r.extra, model: r.model, messages, max_tokens: r.maxTokens, temperature: r.temperature, seed: r.seed };
      if (prefix !== '') {
        messages.push({ role: 'assistant', content: prefix });
        if (o.continuation === 'flags') {
          body.continue_final_message = true;
          body.add_generation_prompt = false;
        }
      }
      if (r.n > 1) body.n = r.n;
      if (r.stop.length > 0) body.stop = [...r.stop];
      const res = await client.request({ path: '/v1/chat/completions', body, schema: chatCompletionSchema, signal: r.signal });
      return {
        choices: res.choices.map((c) => ({ index: c.index, text: c.message.content ?? '', finish_reason: c.finish_reason, ...(c.stop_reason !== undefined ? { stop_reason: c.stop_reason } : {}) })),
        usage: res.usage,
      };
    },
  };
}

/** SGLang's finish reason as OpenAI's: a matched string is the stop string; a matched token id (or none) is EOS. */
function sglangChoice(a: SglangAnswer, index: number): Choice {
  const fr = a.meta_info.finish_reason;
  if (!fr) return { index, text: a.text, finish_reason: null };
  if (fr.type !== 'stop') return { index, text: a.text, finish_reason: fr.type, stop_reason: null };
  return { index, text: a.text, finish_reason: 'stop', stop_reason: typeof fr.matched === 'string' ? fr.matched : (fr.matched ?? null) };
}

/**
 * SGLang `/generate`: `{text, sampling_params: {max_new_tokens, temperature, stop, n, sampling_seed}}`;
 * the answer is one object, or a list for n > 1, each with its own `completion_tokens`. A server
 * that refuses `sampling_seed` (older SGLang) is asked again without it, and that is remembered.
 */
function sglangCodec(notes: string[]): Codec {
  let seeds = true;
  const codec: Codec = {
    dialect: 'sglang', endpoint: DIALECT_ENDPOINTS.sglang, takesN: true,
    async send(client, r) {
      const sp: Record<string, unknown> = { ...r.extra, max_new_tokens: r.maxTokens, temperature: r.temperature };
      if (r.stop.length > 0) sp.stop = [...r.stop];
      if (r.n > 1) sp.n = r.n;
      if (seeds) sp.sampling_seed = r.seed;
      let res;
      try {
        res = await client.request({ path: '/generate', body: { text: r.prompt.text, sampling_params: sp }, schema: sglangGenerateSchema, signal: r.signal });
      } catch (err) {
        const status = isBackendError(err, 'http') ? err.status ?? 0 : 0;
        if (!seeds || status < 400 || status >= 500 || !`${(err as { serverMessage?: string }).serverMessage ?? ''}`.includes('sampling_seed')) throw err;
        seeds = false;
        note(notes, `${client.server} refused sampling_seed (an older SGLang); samples are not seeded, so a rerun differs`);
        return codec.send(client, r);
      }
      const list = Array.isArray(res) ? res : [res];
      const tokens = list.map((a) => a.meta_info.completion_tokens);
      const completion = tokens.every((t) => t !== undefined) ? (tokens as number[]) : undefined;
      const prompt = list[0]?.meta_info.prompt_tokens;
      return {
        choices: list.map(sglangChoice),
        usage: { ...(prompt !== undefined ? { prompt_tokens: prompt } : {}), ...(completion ? { completion_tokens: completion.reduce((s, t) => s + t, 0) } : {}) },
        ...(completion ? { tokens: completion } : {}),
      };
    },
  };
  return codec;
}
