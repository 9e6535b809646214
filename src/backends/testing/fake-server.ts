/**
 * Test helpers: a `fetch` backed by a handler function (no sockets), and a small deterministic
 * OpenAI-compatible server in the shapes of backend-protocols.md — vLLM by default, with switches
 * for llama.cpp / Ollama / TGI behaviour — including PRM endpoints whose rewards come from
 * {@link fakeReward}, so tests can check every adapter's numbers.
 */
import type { FetchLike } from '../http-client';
import { dialectRoute, type FakeDialects } from './fake-dialects';

export interface FakeRequest {
  method: string;
  path: string;
  url: string;
  headers: Record<string, string>;
  /** Parsed JSON body (undefined for GET). */
  body: Record<string, unknown> | undefined;
  signal: AbortSignal | undefined;
}

export type Handler = (req: FakeRequest) => Response | Promise<Response>;

export interface FakeFetch {
  fetch: FetchLike;
  requests: FakeRequest[];
  /** Requests whose response has not been delivered yet. */
  readonly inFlight: number;
  /** The most requests in flight at once. */
  readonly peak: number;
  /** Requests whose signal was aborted while in flight. */
  readonly aborted: number;
}

function abortError(): Error {
  const e = new Error('This operation was aborted');
  e.name = 'AbortError';
  return e;
}

/** A fetch that calls `handler`, honours `init.signal`, and counts concurrency. */
export function fakeFetch(handler: Handler): FakeFetch {
  const requests: FakeRequest[] = [];
  let inFlight = 0;
  let peak = 0;
  let aborted = 0;
  const fetch: FetchLike = (input, init) => {
    const u = new URL(input);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => { headers[key] = value; });
    const req: FakeRequest = {
      method: init.method ?? 'GET', path: u.pathname, url: input, headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) as Record<string, unknown> : undefined,
      signal: init.signal ?? undefined,
    };
    requests.push(req);
    const signal = init.signal;
    if (signal?.aborted) return Promise.reject(abortError());
    inFlight++;
    peak = Math.max(peak, inFlight);
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const finish = (f: () => void): void => {
        if (settled) return;
        settled = true;
        inFlight--;
        signal?.removeEventListener('abort', onAbort);
        f();
      };
      const onAbort = (): void => {
        aborted++;
        finish(() => reject(abortError()));
      };
      signal?.addEventListener('abort', onAbort);
      Promise.resolve().then(() => handler(req)).then((res) => finish(() => resolve(res)), (err: unknown) => finish(() => reject(err)));
    });
  };
  return {
    fetch, requests,
    get inFlight() { return inFlight; },
    get peak() { return peak; },
    get aborted() { return aborted; },
  };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Wait until `cond()` holds (polling every few ms); rejects after `ms`. */
export async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await delay(2);
  }
}

/** A promise that never settles (a hung server; the client's abort ends it). */
export const never = (): Promise<Response> => new Promise<Response>(() => undefined);

// ---- the fake world -------------------------------------------------------------------------

const BOS = 1;
const TAG_ID = 12902;
const GOOD_ID = 648;
const BAD_ID = 387;

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The fake tokenizer: whitespace-separated words; `ки`, `+`, `-` have Math-Shepherd's ids. */
export function fakeTokens(text: string, addSpecial: boolean): number[] {
  const words = text.match(/\S+/g) ?? [];
  const ids = words.map((w) => (w === 'ки' ? TAG_ID : w === '+' ? GOOD_ID : w === '-' ? BAD_ID : 1000 + (hash(w) % 30000)));
  return addSpecial ? [BOS, ...ids] : ids;
}

/** The text a PRM judges for one tagged segment: its last line, after any "Step k:" header. */
export function stepCore(segment: string): string {
  const lines = segment.split('\n');
  const last = lines[lines.length - 1];
  const m = /.*Step \d+:\s*/.exec(last);
  return (m ? last.slice(m[0].length) : last).trim();
}

/** The fake PRM: a reward in (0.05, 0.95) from the step text; "wrong" steps score low. */
export function fakeReward(step: string): number {
  const core = stepCore(step);
  if (core.includes('wrong')) return 0.05 + (hash(core) % 100) / 1000;
  return 0.5 + (hash(core) % 450) / 1000;
}

/** The fake policy's step k (1-based) of the solution with seed `seed`. */
export function fakeStep(seed: number, k: number, depth: number): string {
  if (k >= depth) return `Step ${k}: so the answer is \\boxed{${seed % 3}}.`;
  return `Step ${k}: compute ${(seed * 7 + k * 13) % 97}${seed % 5 === 0 ? ' wrong' : ''} now.`;
}

export interface FakeServerOptions {
  /** Steps per solution (the last states the answer). */
  depth?: number;
  /** `ok`: vLLM; `refuse`: llama.cpp's 400; `ignore`: Ollama's one choice. */
  n?: 'ok' | 'refuse' | 'ignore';
  /** `full`; `total-only`: no prompt_tokens; `none`: no usage at all. */
  usage?: 'full' | 'total-only' | 'none';
  /** `/tokenize` dialect, or false for none (404). */
  tokenize?: 'vllm' | 'llamacpp' | false;
  /** Report vLLM's `stop_reason` (llama.cpp, Ollama do not). */
  stopReason?: boolean;
  /** Serve `prompt_logprobs`. */
  promptLogprobs?: boolean;
  /** Shape of generated-token `logprobs`. */
  logprobs?: 'legacy' | 'content';
  /** Serve `/pooling` rows `[p_bad, p_good]` per `<extra_0>`. */
  pooling?: boolean;
  /**
   * `return_token_ids`: true answers it with `choices[].token_ids` (vLLM ≥ 0.10.2); false or unset
   * ignores the field (older vLLM); `refuse` answers 400 naming it (a strict OpenAI-style server).
   */
  tokenIds?: boolean | 'refuse';
  /** Per-request latency. */
  latencyMs?: number;
  /** Serve the other dialects' endpoints (testing/fake-dialects.ts): Ollama's, chat, SGLang's. */
  dialects?: FakeDialects;
  /** Replace the answer of a request (fault injection); return undefined to answer normally. */
  fault?: (req: FakeRequest, index: number) => Response | Promise<Response> | undefined;
}

export interface Sampled {
  text: string;
  finish: 'stop' | 'length';
  stopReason: string | null;
  tokens: number;
}

/** Generate one sample for a prompt and request, the way the fake model writes. */
export function sampleOne(prompt: string, seed: number, stop: string[], maxTokens: number, depth: number): Sampled {
  const done = (prompt.match(/Step \d+:/g) ?? []).length;
  const numbered = /Step \d+:$/.test(prompt);
  const k = numbered ? done : done + 1;
  const whole = !stop.some((s) => s === '\n\n' || /^Step \d+:$/.test(s));
  const core = (j: number): string => fakeStep(seed, j, depth).replace(/^Step \d+:\s*/, '');
  let text: string;
  let stopReason: string | null = null;
  if (whole) {
    const steps: string[] = [];
    for (let j = k; j <= depth; j++) steps.push(numbered ? `${j === k ? '' : `Step ${j}:`} ${core(j)}\n` : fakeStep(seed, j, depth));
    text = steps.join(numbered ? '' : '\n\n');
  } else if (numbered) {
    text = ` ${core(k)}\n`;
    if (k < depth) stopReason = `Step ${k + 1}:`;
  } else {
    text = fakeStep(seed, k, depth);
    if (k < depth) stopReason = '\n\n';
  }
  const words = fakeTokens(text, false);
  if (words.length > maxTokens) {
    const cut = (text.match(/\S+\s*/g) ?? []).slice(0, maxTokens).join('');
    return { text: cut, finish: 'length', stopReason: null, tokens: maxTokens };
  }
  return { text, finish: 'stop', stopReason, tokens: words.length + 1 };
}

/** A deterministic OpenAI-compatible server (see {@link FakeServerOptions}). */
export function fakeServer(o: FakeServerOptions = {}): FakeFetch {
  const depth = o.depth ?? 3;
  let index = 0;
  return fakeFetch(async (req) => {
    const i = index++;
    if (o.latencyMs) await delay(o.latencyMs);
    const fault = o.fault?.(req, i);
    if (fault) return fault;
    const b = req.body ?? {};
    switch (`${req.method} ${req.path}`) {
      case 'GET /v1/models':
        return json({ object: 'list', data: [{ id: 'fake-7b', object: 'model', owned_by: 'vllm' }] });
      case 'POST /tokenize': {
        if (!o.tokenize) return json({ detail: 'Not Found' }, 404);
        if (o.tokenize === 'llamacpp') return json({ tokens: fakeTokens(String(b.content), b.add_special === true) });
        const t = fakeTokens(String(b.prompt), b.add_special_tokens !== false);
        return json({ count: t.length, max_model_len: 4096, tokens: t });
      }
      case 'POST /pooling':
        return pooling(o, b);
      case 'POST /v1/completions':
        return o.dialects?.completions === false ? json({ detail: 'Not Found' }, 404) : completions(o, b, depth);
      default:
        return (o.dialects && dialectRoute(o.dialects, req, depth)) ?? json({ detail: 'Not Found' }, 404);
    }
  });
}

function pooling(o: FakeServerOptions, b: Record<string, unknown>): Response {
  if (!o.pooling) return json({ detail: 'Not Found' }, 404);
  const inputs = Array.isArray(b.input) ? b.input as string[] : [String(b.input)];
  const data = inputs.map((text, index) => {
    const segs = text.split('<extra_0>');
    segs.pop();
    return { index, object: 'pooling', data: segs.map((s) => { const r = fakeReward(s); return [1 - r, r]; }) };
  });
  return json({ id: 'pool-1', object: 'list', data, usage: { prompt_tokens: 10, total_tokens: 10 } });
}

function completions(o: FakeServerOptions, b: Record<string, unknown>, depth: number): Response {
  const prompt = String(b.prompt);
  const n = typeof b.n === 'number' ? b.n : 1;
  if (n > 1 && o.n === 'refuse') return json({ error: { code: 400, message: 'Only one completion choice is allowed', type: 'invalid_request_error' } }, 400);
  const count = n > 1 && o.n === 'ignore' ? 1 : n;
  const seed = typeof b.seed === 'number' ? b.seed : 0;
  const stop = Array.isArray(b.stop) ? b.stop as string[] : typeof b.stop === 'string' ? [b.stop] : [];
  const maxTokens = typeof b.max_tokens === 'number' ? b.max_tokens : 16;
  const promptIds = fakeTokens(prompt, true);
  const askIds = b.return_token_ids === true;
  if (askIds && o.tokenIds === 'refuse') {
    return json({ error: { message: 'Unrecognized request argument supplied: return_token_ids', type: 'invalid_request_error', param: null, code: null } }, 400);
  }
  // PRM reads (max_tokens 1 with logprobs) answer with label distributions.
  if (b.prompt_logprobs !== undefined || b.logprobs !== undefined) return prmCompletion(o, b, prompt, promptIds);
  const samples = Array.from({ length: count }, (_, j) => sampleOne(prompt, seed + j, stop, maxTokens, depth));
  const choices = samples.map((s, j) => ({
    index: j, text: s.text, finish_reason: s.finish,
    ...(o.stopReason === false ? {} : { stop_reason: s.stopReason }),
    ...(askIds && o.tokenIds === true ? { token_ids: Array.from({ length: s.tokens }, (_, t) => 1000 + t), prompt_token_ids: promptIds } : {}),
    logprobs: null,
  }));
  const completion = samples.reduce((s, x) => s + x.tokens, 0);
  const usage = o.usage === 'none' ? undefined
    : o.usage === 'total-only' ? { completion_tokens: completion }
      : { prompt_tokens: promptIds.length, completion_tokens: completion, total_tokens: promptIds.length + completion };
  return json({ id: 'cmpl-1', object: 'text_completion', created: 0, model: b.model, choices, ...(usage ? { usage } : {}) });
}

/** The label distribution after a tag whose step is `segment` (full-vocab logprobs, shifted by a shared constant). */
export function labelLogprobs(segment: string): { good: number; bad: number } {
  const r = fakeReward(segment);
  return { good: Math.log(r) - 0.7, bad: Math.log(1 - r) - 0.7 };
}

function prmCompletion(o: FakeServerOptions, b: Record<string, unknown>, prompt: string, promptIds: number[]): Response {
  const choice: Record<string, unknown> = { index: 0, text: ' +', finish_reason: 'length', stop_reason: null, logprobs: null };
  if (b.prompt_logprobs !== undefined) {
    if (!o.promptLogprobs) return json({ object: 'error', message: 'prompt_logprobs is not supported', code: 400 }, 400);
    // Segments between tags, in order; entry i+1 after a tag at i carries the labels.
    const segs = prompt.split(' ки');
    let tag = 0;
    choice.prompt_logprobs = promptIds.map((id, i) => {
      if (i === 0) return null;
      const entry: Record<string, { logprob: number; rank: number; decoded_token: string }> = { [String(id)]: { logprob: -1.5, rank: 3, decoded_token: 'x' } };
      if (promptIds[i - 1] === TAG_ID) {
        const lp = labelLogprobs(segs[tag++]);
        entry[String(GOOD_ID)] = { logprob: lp.good, rank: 1, decoded_token: '+' };
        entry[String(BAD_ID)] = { logprob: lp.bad, rank: 2, decoded_token: '-' };
      }
      return entry;
    });
  }
  if (b.logprobs !== undefined) {
    // The one generated token follows the last prompt token (a tag, when the prompt ends with one).
    const segs = prompt.split(' ки');
    const lp = labelLogprobs(segs[segs.length - 2] ?? '');
    const ids = b.return_tokens_as_token_ids === true;
    const plus = ids ? `token_id:${GOOD_ID}` : ' +';
    const minus = ids ? `token_id:${BAD_ID}` : '▁-';
    choice.logprobs = o.logprobs === 'content'
      ? { content: [{ token: plus, logprob: lp.good, top_logprobs: [{ token: plus, logprob: lp.good }, { token: minus, logprob: lp.bad }, { token: 'x', logprob: -9 }] }] }
      : { tokens: [plus], token_logprobs: [lp.good], top_logprobs: [{ [plus]: lp.good, [minus]: lp.bad, x: -9 }], text_offset: [0] };
  }
  return json({ id: 'cmpl-prm', object: 'text_completion', choices: [choice], usage: { prompt_tokens: promptIds.length, completion_tokens: 1 } });
}
