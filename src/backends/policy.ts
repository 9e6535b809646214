/**
 * The policy model over its dialect's endpoint (dialect.ts; `POST /v1/completions` by default,
 * backend-protocols.md A1, C): `n` samples of one
 * prompt, in one request where the server takes `n > 1` and as n parallel requests where it does
 * not (the refusal is detected once and remembered), with per-sample completion token counts:
 * a request for n > 1 samples asks for `return_token_ids` (vLLM ≥ 0.10.2, recent SGLang), and
 * only a server that ignores it costs a `/tokenize` request per sample (also detected once).
 */
import type { AbortSignalLike } from '../search/types';
import { createCodec, type ChatOptions, type Codec, type SampleAnswer } from './dialect-codecs';
import { continuesSteps, type Dialect } from './dialect';
import { isBackendError, type BackendError } from './errors';
import type { HttpClient } from './http-client';
import type { PromptParts } from './prompt';
import type { Choice } from './schemas';
import { reconcile, splitTotal, Tokenizer, type ServerKind } from './tokenize';

export interface PolicyOptions {
  /** Served model name (`/v1/models` → `data[].id`). */
  model: string;
  kind?: ServerKind;
  /** Known answer to "does n > 1 work?"; undefined = try it and remember. */
  multiSample?: boolean;
  /** Known answer to "is there /tokenize?"; undefined = try when needed. */
  tokenize?: boolean;
  /**
   * Known answer to "does the server answer `return_token_ids` with `choices[].token_ids`?";
   * undefined = ask on n > 1 requests (vLLM, SGLang and unknown servers) and remember.
   */
  tokenIds?: boolean;
  /** Extra request fields (top_p, top_k, min_p …) merged into every completion request. */
  extraBody?: Record<string, unknown>;
  /** The endpoint to sample through (default `completions`; config.ts resolves `ollama` for Ollama). */
  dialect?: Dialect;
  /** The chat dialect's continuation and system message. */
  chat?: ChatOptions;
}

export interface GenerateOptions {
  stop: readonly string[];
  maxTokens: number;
  temperature: number;
  /** Seed of the first sample; parallel requests use seed + i. */
  seed: number;
  signal?: AbortSignalLike;
}

export interface Generated {
  choices: Choice[];
  /** Completion tokens of each choice (sums to the server's usage when it gave one). */
  tokens: number[];
  /** Prompt tokens of the request (once, however many samples), when known. */
  promptTokens?: number;
}

const SEED_MOD = 2 ** 31 - 1;
/** Servers whose n > 1 answers may carry `token_ids` (the others never get n > 1, so one choice per request and `usage` is exact). */
const TOKEN_ID_KINDS: readonly ServerKind[] = ['vllm', 'sglang', 'unknown'];

/** A 4xx that names `return_token_ids`: a strict server (OpenAI-style "Unrecognized request argument"). */
function refusesTokenIds(err: unknown): boolean {
  return isRefusal(err) && `${err.serverMessage ?? ''} ${err.reason}`.includes('return_token_ids');
}

/** A 4xx that means "not with n > 1" (auth, missing route, rate limit and timeouts are not). */
function isRefusal(err: unknown): err is BackendError {
  return isBackendError(err, 'http') && err.status !== undefined && err.status >= 400 && err.status < 500
    && ![401, 403, 404, 408, 429].includes(err.status);
}

export class CompletionsPolicy {
  readonly model: string;
  readonly kind: ServerKind;
  /** true/false once known (see {@link PolicyOptions.multiSample}). */
  multiSample: boolean | undefined;
  /** true/false once known (see {@link PolicyOptions.tokenIds}). */
  tokenIds: boolean | undefined;
  readonly tokenizer: Tokenizer;
  /** Things worth telling the user (a refusal detected, estimated token counts); each once. */
  readonly notes: string[] = [];
  readonly codec: Codec;
  /** Whether a partial solution can be continued (false: the chat dialect without continuation). */
  readonly continues: boolean;
  private readonly extraBody: Record<string, unknown>;

  constructor(readonly client: HttpClient, opts: PolicyOptions) {
    this.model = opts.model;
    this.kind = opts.kind ?? 'unknown';
    this.codec = createCodec(opts.dialect ?? 'completions', opts.chat, this.notes);
    this.continues = continuesSteps(this.codec.dialect, opts.chat?.continuation ?? 'flags');
    // Ollama's /api/generate has no `n`; llama.cpp refuses n > 1, Ollama's and TGI's OpenAI endpoints ignore it.
    this.multiSample = !this.codec.takesN ? false : opts.multiSample ?? (this.kind === 'llamacpp' || this.kind === 'ollama' || this.kind === 'tgi' ? false : undefined);
    // Only vLLM's and SGLang's /v1/completions answer return_token_ids.
    this.tokenIds = this.codec.dialect !== 'completions' ? false : opts.tokenIds ?? (TOKEN_ID_KINDS.includes(this.kind) ? undefined : false);
    this.tokenizer = new Tokenizer(client, opts.model, this.kind, opts.tokenize);
    this.extraBody = opts.extraBody ?? {};
  }

  /** The endpoint samples come from, e.g. `POST /api/generate` (for messages). */
  get endpoint(): string {
    return this.codec.endpoint;
  }

  /** `n` samples continuing `prompt`. Throws a BackendError naming the server and endpoint. */
  async generate(prompt: PromptParts, n: number, o: GenerateOptions): Promise<Generated> {
    if (n <= 0) return { choices: [], tokens: [] };
    if (n === 1 || this.multiSample === false) return this.parallel(prompt, n, o, 0);
    let first: Generated;
    try {
      first = await this.one(prompt, n, o.seed, o);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      const out = await this.parallel(prompt, n, o, 0);
      this.multiSample = false;
      this.note(`${this.client.server} refused n > 1 (${err.reason}); sending n parallel requests instead`);
      return out;
    }
    if (first.choices.length === n) {
      this.multiSample = true;
      return first;
    }
    // Ollama and other servers that ignore `n` answer with one choice.
    this.multiSample = false;
    this.note(`${this.client.server} ignored n > 1 (one choice came back); sending n parallel requests instead`);
    const rest = await this.parallel(prompt, n - 1, o, 1);
    return { choices: [...first.choices, ...rest.choices], tokens: [...first.tokens, ...rest.tokens], promptTokens: first.promptTokens };
  }

  private async parallel(prompt: PromptParts, n: number, o: GenerateOptions, seedOffset: number): Promise<Generated> {
    const parts = await Promise.all(Array.from({ length: n }, (_, i) => this.one(prompt, 1, (o.seed + seedOffset + i) % SEED_MOD, o)));
    for (const p of parts) {
      if (p.choices.length !== 1) throw this.client.malformed(this.endpoint, `asked for 1 sample, got ${p.choices.length} choices`);
    }
    return { choices: parts.map((p) => p.choices[0]), tokens: parts.map((p) => p.tokens[0]), promptTokens: parts[0].promptTokens };
  }

  /** One request for `n` samples; a wrong number of choices is an error unless it is exactly one (n ignored). */
  private async one(prompt: PromptParts, n: number, seed: number, o: GenerateOptions): Promise<Generated> {
    // Per-sample token counts for n > 1 (usage has only their sum); n = 1 needs none.
    const askIds = n > 1 && this.tokenIds !== false;
    let res: SampleAnswer;
    try {
      res = await this.codec.send(this.client, {
        model: this.model, prompt, n, seed, maxTokens: o.maxTokens, temperature: o.temperature, stop: o.stop,
        extra: this.extraBody, returnTokenIds: askIds, signal: o.signal,
      });
    } catch (err) {
      if (!askIds || !refusesTokenIds(err)) throw err;
      this.tokenIds = false;
      this.note(`${this.client.server} refused return_token_ids; per-sample tokens of n > 1 requests come from /tokenize`);
      return this.one(prompt, n, seed, o);
    }
    const count = res.choices.length;
    if (count !== n && !(n > 1 && count === 1)) throw this.client.malformed(this.endpoint, `asked for ${n} sample${n === 1 ? '' : 's'}, got ${count} choices`);
    const choices = this.ordered(res.choices);
    if (askIds && count > 1) this.learnTokenIds(choices);
    const tokens = res.tokens && res.tokens.length === count ? res.tokens : await this.tokensOf(res, choices, o.signal);
    return { choices, tokens, promptTokens: await this.promptTokensOf(res, prompt, o.signal) };
  }

  /** Whether an answer to `return_token_ids` carried them; remembered, so a server that ignores the field is not asked again. */
  private learnTokenIds(choices: readonly Choice[]): void {
    if (this.tokenIds !== undefined) return;
    this.tokenIds = choices.every((c) => Array.isArray(c.token_ids));
    if (!this.tokenIds) this.note(`${this.client.server} ignores return_token_ids (vLLM < 0.10.2?); per-sample tokens of n > 1 requests come from /tokenize, one request per sample`);
  }

  /** Choices in `index` order; indices, when given, must be 0..n−1 once each. */
  private ordered(choices: Choice[]): Choice[] {
    if (choices.every((c) => c.index === undefined)) return choices;
    const sorted = [...choices].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    sorted.forEach((c, i) => {
      if (c.index !== i) throw this.client.malformed(this.endpoint, `choices[].index must be 0..${choices.length - 1} once each (got ${choices.map((x) => x.index).join(', ')})`);
    });
    return sorted;
  }

  /**
   * Completion tokens per choice: `usage.completion_tokens` for one choice; `token_ids` lengths
   * when the server returns them; otherwise the usage total split by `/tokenize` counts (see
   * `reconcile`; by text length without /tokenize) — exact in sum, estimated per sample;
   * `/tokenize` alone when there is no usage.
   */
  private async tokensOf(res: SampleAnswer, choices: Choice[], signal?: AbortSignalLike): Promise<number[]> {
    const total = res.usage?.completion_tokens;
    if (choices.length === 1 && total !== undefined) return [total];
    if (choices.every((c) => Array.isArray(c.token_ids))) return choices.map((c) => c.token_ids!.length);
    const counts = await this.tokenizer.counts(choices.map((c) => c.text), signal);
    if (total !== undefined) {
      if (counts === null) this.note(`${this.client.server} gives one token total for n samples and has no /tokenize; per-sample tokens are split from the total by text length`);
      return counts ? reconcile(total, counts) : splitTotal(total, choices.map((c) => c.text.length + 1));
    }
    if (counts === null) {
      throw this.client.configError(this.endpoint, 'the answer has no usage.completion_tokens and the server has no /tokenize, so the tokens of a step (needed for FLOPs) are unknown');
    }
    this.note(`${this.client.server} reports no usage; completion tokens are counted with /tokenize`);
    return counts;
  }

  private async promptTokensOf(res: SampleAnswer, prompt: PromptParts, signal?: AbortSignalLike): Promise<number | undefined> {
    const p = res.usage?.prompt_tokens;
    if (p !== undefined) return p;
    // A chat prompt is the server's template around the messages: /tokenize of the raw text would miscount it.
    if (this.codec.dialect === 'chat') return undefined;
    const ids = await this.tokenizer.ids(prompt.text, true, signal);
    return ids?.length;
  }

  private note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }
}
