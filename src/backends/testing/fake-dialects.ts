/**
 * The fake server's other dialects, in the request and answer shapes of the servers' docs:
 * - Ollama (docs.ollama.com/api): `GET /api/version` → `{version}`; `POST /api/generate` with
 *   `options {num_predict, stop, seed, temperature}`, streaming NDJSON unless `stream: false`,
 *   the prompt wrapped in a chat template unless `raw: true`, `logprobs`/`top_logprobs` from
 *   0.12.11 on;
 * - `/v1/chat/completions` with an assistant prefix continued per {@link FakeDialects.chat};
 * - SGLang `POST /generate` (`sampling_params`, `meta_info.finish_reason {type, matched}`).
 * The model writes what the fake vLLM writes for the same prompt text (fake-server.ts).
 */
import type { FakeRequest } from './fake-server';
import { fakeTokens, json, labelLogprobs, sampleOne } from './fake-server';

export interface FakeDialects {
  /** false: no `/v1/completions` (a chat-only server answers 404). */
  completions?: boolean;
  /** Serve Ollama's `/api/version` and `/api/generate`, as this version. */
  ollama?: string;
  /**
   * Serve `/v1/chat/completions`: `flags` continues a final assistant message only with vLLM's
   * `continue_final_message: true, add_generation_prompt: false` (and refuses both true);
   * `prefill` continues it as it stands (llama.cpp); `none` ignores it and starts over (hosted APIs).
   */
  chat?: 'flags' | 'prefill' | 'none';
  /** Serve SGLang's `/generate`; `no-seed` refuses `sampling_params.sampling_seed` as an older SGLang does. */
  sglang?: true | 'no-seed';
}

const EOS_ID = 2;

function versionAtLeast(v: string, min: readonly number[]): boolean {
  const parts = v.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < min.length; i++) {
    if ((parts[i] ?? 0) !== min[i]) return (parts[i] ?? 0) > min[i];
  }
  return true;
}

const stopsOf = (x: unknown): string[] => (Array.isArray(x) ? x as string[] : typeof x === 'string' ? [x] : []);
const numOr = (x: unknown, d: number): number => (typeof x === 'number' ? x : d);

/** The answer of a dialect endpoint, or undefined when the route is not one this server has. */
export function dialectRoute(d: FakeDialects, req: FakeRequest, depth: number): Response | undefined {
  const b = req.body ?? {};
  switch (`${req.method} ${req.path}`) {
    case 'GET /api/version':
      return d.ollama ? json({ version: d.ollama }) : undefined;
    case 'POST /api/generate':
      return d.ollama ? ollamaGenerate(d.ollama, b, depth) : undefined;
    case 'POST /v1/chat/completions':
      return d.chat ? chat(d.chat, b, depth) : undefined;
    case 'POST /generate':
      return d.sglang ? sglang(d.sglang, b, depth) : undefined;
    default:
      return undefined;
  }
}

function ollamaGenerate(version: string, b: Record<string, unknown>, depth: number): Response {
  const o = (typeof b.options === 'object' && b.options !== null ? b.options : {}) as Record<string, unknown>;
  const raw = b.raw === true;
  const prompt = String(b.prompt);
  // Without raw the model's template wraps the prompt: the model answers a chat turn, not the step.
  const s = raw ? sampleOne(prompt, numOr(o.seed, 0), stopsOf(o.stop), numOr(o.num_predict, -1) < 0 ? 4096 : numOr(o.num_predict, 128), depth)
    : { text: 'Sure! Here is how to solve it.', finish: 'stop' as const, stopReason: null, tokens: 8 };
  const out: Record<string, unknown> = {
    model: b.model, created_at: '2026-12-07T05:00:00.000Z', response: s.text, done: true, done_reason: s.finish,
    context: [1, 2, 3], total_duration: 1_000_000, load_duration: 1000, prompt_eval_count: fakeTokens(prompt, true).length,
    prompt_eval_duration: 1000, eval_count: s.tokens, eval_duration: 1000,
  };
  if (b.logprobs === true && versionAtLeast(version, [0, 12, 11])) {
    const segs = prompt.split(' ки');
    const lp = labelLogprobs(segs[segs.length - 2] ?? '');
    const k = numOr(b.top_logprobs, 0);
    const top = [{ token: '+', logprob: lp.good, bytes: [43] }, { token: '-', logprob: lp.bad, bytes: [45] }, { token: 'x', logprob: -9, bytes: [120] }].slice(0, k);
    out.response = '+';
    out.eval_count = 1;
    out.logprobs = [{ token: '+', logprob: lp.good, bytes: [43], top_logprobs: top }];
  }
  if (b.stream !== false) {
    // Ollama streams NDJSON by default: one object per token, then the final one.
    return new Response(`${JSON.stringify({ model: b.model, response: s.text.slice(0, 1), done: false })}\n${JSON.stringify(out)}\n`, { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
  }
  return json(out);
}

function chat(mode: 'flags' | 'prefill' | 'none', b: Record<string, unknown>, depth: number): Response {
  const messages = (Array.isArray(b.messages) ? b.messages : []) as { role: string; content: string }[];
  if (b.continue_final_message === true && b.add_generation_prompt !== false && mode === 'flags') {
    return json({ object: 'error', message: 'Cannot set both `continue_final_message` and `add_generation_prompt` to True.', type: 'BadRequestError', param: null, code: 400 }, 400);
  }
  const last = messages[messages.length - 1];
  const continues = last?.role === 'assistant' && (mode === 'prefill' || (mode === 'flags' && b.continue_final_message === true));
  const user = messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
  const prompt = continues ? `${user}\n${last.content}` : `${user}\n`;
  const n = numOr(b.n, 1);
  const seed = numOr(b.seed, 0);
  const samples = Array.from({ length: n }, (_, j) => sampleOne(prompt, seed + j, stopsOf(b.stop), numOr(b.max_tokens, 4096), depth));
  const promptTokens = fakeTokens(messages.map((m) => m.content).join(' '), true).length + 3 * messages.length;
  const completion = samples.reduce((s, x) => s + x.tokens, 0);
  return json({
    id: 'chatcmpl-1', object: 'chat.completion', created: 0, model: b.model,
    choices: samples.map((s, index) => ({
      index, message: { role: 'assistant', content: s.text, reasoning_content: null, tool_calls: [] }, logprobs: null, finish_reason: s.finish,
      ...(mode === 'flags' ? { stop_reason: s.stopReason } : {}),
    })),
    usage: { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion },
  });
}

const SGLANG_PARAMS = ['max_new_tokens', 'stop', 'temperature', 'n', 'sampling_seed', 'top_p', 'top_k', 'min_p', 'stop_token_ids', 'ignore_eos', 'no_stop_trim'];

function sglang(mode: true | 'no-seed', b: Record<string, unknown>, depth: number): Response {
  const sp = (typeof b.sampling_params === 'object' && b.sampling_params !== null ? b.sampling_params : {}) as Record<string, unknown>;
  const known = mode === 'no-seed' ? SGLANG_PARAMS.filter((k) => k !== 'sampling_seed') : SGLANG_PARAMS;
  const unknown = Object.keys(sp).find((k) => !known.includes(k));
  if (unknown) return json({ error: { message: `SamplingParams.__init__() got an unexpected keyword argument '${unknown}'` } }, 400);
  const text = String(b.text);
  const n = numOr(sp.n, 1);
  const promptTokens = fakeTokens(text, true).length;
  const out = Array.from({ length: n }, (_, j) => {
    const s = sampleOne(text, numOr(sp.sampling_seed, 0) + j, stopsOf(sp.stop), numOr(sp.max_new_tokens, 128), depth);
    const finish = s.finish === 'length' ? { type: 'length', length: s.tokens } : { type: 'stop', matched: s.stopReason ?? EOS_ID };
    return { text: s.text, meta_info: { id: `req-${j}`, finish_reason: finish, prompt_tokens: promptTokens, completion_tokens: s.tokens, cached_tokens: 0, e2e_latency: 0.01 } };
  });
  return json(n === 1 ? out[0] : out);
}
