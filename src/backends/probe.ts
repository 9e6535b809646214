/**
 * "Test connection": what a server offers (issue 7 item 3; backend-protocols.md says detect, never
 * assume). Reads `/v1/models`, `/openapi.json` (vLLM, SGLang), `/props` (llama.cpp) and
 * `/api/version` (Ollama); with `active` (default) it also sends two 1-token completions to see
 * whether `n > 1` and `prompt_logprobs` really work, and one `/tokenize`.
 */
import type * as v from 'valibot';
import { isBackendError, type BackendError } from './errors';
import { explainFailure, guessKindFromUrl, type ExplainContext } from './explain';
import { HttpClient, type FetchLike } from './http-client';
import { anyJson, completionSchema, modelsSchema, obj, openApiSchema, str, tokenizeSchema } from './schemas';
import type { ServerKind } from './tokenize';

export interface ProbeOptions {
  apiKey?: string;
  fetch?: FetchLike;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Send tiny test requests (default true); false = read-only endpoints only. */
  active?: boolean;
  /** Model for the active tests (default: the first listed). */
  model?: string;
  /** The page's origin, for CORS advice (`location.origin` in a browser). */
  pageOrigin?: string;
  /** Known server kind (skips guessing). */
  kind?: ServerKind;
}

/** true / false when detected, null when it could not be told. */
export type Tri = boolean | null;

export interface ProbeResult {
  ok: boolean;
  baseUrl: string;
  kind: ServerKind;
  models: string[];
  capabilities: {
    /** `/v1/completions` generates with the probed model (false for a pooling-only PRM). */
    completions: Tri;
    multiSample: Tri;
    promptLogprobs: Tri;
    /** The `/pooling` route exists. */
    pooling: Tri;
    tokenize: Tri;
  };
  /** What was found out and how, one line each. */
  notes: string[];
  /** Why the server could not be used (with the CORS flag where relevant). */
  error?: string;
}

const versionSchema = obj({ version: str });

/** What the probe reads of a FastAPI openapi document. */
function fromOpenApi(doc: v.InferOutput<typeof openApiSchema>): { pooling: boolean; tokenize: boolean; promptLogprobs: boolean | null; sglang: boolean } {
  const paths = Object.keys(doc.paths);
  const schemas = (doc.components as { schemas?: Record<string, { properties?: Record<string, unknown> }> } | undefined)?.schemas;
  const completion = schemas?.CompletionRequest?.properties;
  return {
    pooling: paths.includes('/pooling'),
    tokenize: paths.includes('/tokenize'),
    promptLogprobs: completion ? 'prompt_logprobs' in completion : null,
    sglang: paths.includes('/get_model_info') || paths.includes('/generate'),
  };
}

function kindFromOwner(owner: string | null | undefined): ServerKind | null {
  const o = (owner ?? '').toLowerCase();
  if (o === 'vllm') return 'vllm';
  if (o === 'sglang') return 'sglang';
  if (o === 'llamacpp') return 'llamacpp';
  if (o === 'library' || o === 'ollama') return 'ollama';
  return null;
}

/** Probe a server. Never throws: a failure is in `error`, explained for the user. */
export async function probeServer(baseUrl: string, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const notes: string[] = [];
  const caps: ProbeResult['capabilities'] = { completions: null, multiSample: null, promptLogprobs: null, pooling: null, tokenize: null };
  let kind: ServerKind = opts.kind ?? guessKindFromUrl(baseUrl);
  const ctx: ExplainContext = { baseUrl, pageOrigin: opts.pageOrigin };
  let client: HttpClient;
  try {
    client = new HttpClient(baseUrl, { apiKey: opts.apiKey, fetch: opts.fetch, timeoutMs: opts.timeoutMs ?? 10_000, retries: 2, backoffMs: 250, maxBackoffMs: 1_000, maxRetryAfterMs: 5_000, concurrency: 4 });
  } catch (err) {
    return { ok: false, baseUrl, kind, models: [], capabilities: caps, notes, error: explainFailure(err, kind, ctx) };
  }
  const get = <T>(path: string, schema: v.GenericSchema<unknown, T>) => client.request({ path, schema, retry: 'server' });
  const optional = async <T>(p: Promise<T>): Promise<T | null> => {
    try {
      return await p;
    } catch (err) {
      if (isBackendError(err, 'http') || isBackendError(err, 'malformed')) return null;
      throw err;
    }
  };

  let models: string[];
  try {
    const res = await get('/v1/models', modelsSchema);
    models = res.data.map((m) => m.id);
    const owned = kindFromOwner(res.data[0]?.owned_by);
    if (!opts.kind && owned) kind = owned;
  } catch (err) {
    return { ok: false, baseUrl: client.baseUrl, kind, models: [], capabilities: caps, notes, error: explainFailure(err, kind, ctx) };
  }
  notes.push(`${models.length} model${models.length === 1 ? '' : 's'} at /v1/models`);

  try {
    const api = await optional(get('/openapi.json', openApiSchema));
    if (api) {
      const o = fromOpenApi(api);
      caps.pooling = o.pooling;
      caps.tokenize = o.tokenize;
      caps.promptLogprobs = o.promptLogprobs;
      if (!opts.kind && o.sglang && kind !== 'vllm') kind = 'sglang';
      notes.push(`/openapi.json lists ${o.pooling ? '' : 'no '}/pooling, ${o.tokenize ? '' : 'no '}/tokenize${o.promptLogprobs === null ? '' : `, ${o.promptLogprobs ? '' : 'no '}prompt_logprobs`}`);
    } else if (!opts.kind && kind !== 'ollama') {
      const props = await optional(get('/props', anyJson));
      if (props !== null && typeof props === 'object') {
        kind = 'llamacpp';
        notes.push('/props answers: a llama.cpp server (no n > 1, no prompt logprobs)');
      }
    }
    if (!opts.kind && kind !== 'llamacpp' && kind !== 'vllm' && kind !== 'sglang') {
      const ver = await optional(get('/api/version', versionSchema));
      if (ver) {
        kind = 'ollama';
        notes.push(`Ollama ${ver.version}`);
      }
    }
    if (kind === 'llamacpp' || kind === 'ollama') {
      caps.multiSample = false;
      caps.promptLogprobs = false;
      caps.pooling = false;
      caps.tokenize = kind === 'llamacpp';
    }
    const model = opts.model ?? models[0];
    if (opts.active !== false && model !== undefined) await activeTests(client, model, caps, notes);
  } catch (err) {
    return { ok: false, baseUrl: client.baseUrl, kind, models, capabilities: caps, notes, error: explainFailure(err, kind, ctx) };
  }
  return { ok: true, baseUrl: client.baseUrl, kind, models, capabilities: caps, notes };
}

async function activeTests(client: HttpClient, model: string, caps: ProbeResult['capabilities'], notes: string[]): Promise<void> {
  const complete = (extra: Record<string, unknown>) => client.request({
    path: '/v1/completions', body: { model, prompt: '1 + 1 =', max_tokens: 1, temperature: 0, ...extra }, schema: completionSchema, retry: 'server',
  });
  const refused = (err: unknown): err is BackendError => isBackendError(err, 'http') || isBackendError(err, 'malformed');
  try {
    await complete({});
    caps.completions = true;
  } catch (err) {
    if (!refused(err)) throw err;
    caps.completions = false;
    notes.push(`${model} does not generate (${err.reason}); a pooling PRM, or a chat-only server?`);
  }
  if (caps.completions) {
    if (caps.multiSample === null) {
      try {
        const r = await complete({ n: 2, temperature: 1, seed: 1 });
        caps.multiSample = r.choices.length === 2;
        notes.push(caps.multiSample ? 'n > 1 works' : 'n > 1 is ignored (one choice came back)');
      } catch (err) {
        if (!refused(err)) throw err;
        caps.multiSample = false;
        notes.push(`n > 1 is refused (${err.serverMessage ?? err.reason})`);
      }
    }
    if (caps.promptLogprobs !== false) {
      try {
        const r = await complete({ prompt_logprobs: 1 });
        caps.promptLogprobs = Array.isArray(r.choices[0]?.prompt_logprobs);
      } catch (err) {
        if (!refused(err)) throw err;
        caps.promptLogprobs = false;
      }
      notes.push(`prompt_logprobs ${caps.promptLogprobs ? 'work' : 'are not returned'}`);
    }
  }
  if (caps.tokenize === null) {
    try {
      await client.request({ path: '/tokenize', body: { model, prompt: '1 + 1 =' }, schema: tokenizeSchema, retry: 'server' });
      caps.tokenize = true;
    } catch (err) {
      if (!refused(err)) throw err;
      caps.tokenize = false;
    }
    notes.push(`/tokenize ${caps.tokenize ? 'works' : 'is missing'}`);
  }
}
