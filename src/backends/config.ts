/**
 * A serialisable description of a live backend (what the Backends panel saves and a worker
 * receives) and the factory that builds the HttpBackend from it. One HTTP client per server:
 * a PRM on the same base URL and key shares the policy's concurrency limit.
 */
import type { ModelInfo } from '../search/backend';
import { resolveContinuation, resolveDialect, type Continuation, type Dialect } from './dialect';
import { findModelParams } from '../search/models';
import type { AbortSignalLike } from '../search/types';
import { HttpBackend } from './http-backend';
import { HttpClient, normalizeBaseUrl, type FetchLike, type HttpOptions } from './http-client';
import { CompletionsPolicy } from './policy';
import { JsonPrm } from './prm-json';
import { JudgePrm } from './prm-judge';
import { PoolingPrm, type PoolingOutput } from './prm-pooling';
import { PerStepPrm, PromptLogprobsPrm, type ShepherdTokenIds } from './prm-shepherd';
import { OutcomeOnly, type PrmAdapter } from './prm';
import { PROMPT_PRESETS, type PromptFormat, type PromptPreset } from './prompt';
import type { ServerKind } from './tokenize';

interface Server {
  baseUrl: string;
  /** Kept in memory by the caller; sent as a header only. */
  apiKey?: string;
  kind?: ServerKind;
}

interface Model {
  /** Served model name. */
  model: string;
  /** Parameter count for FLOPs; defaults to the registry's count for the model name. */
  params?: number;
}

export interface PolicyConfig extends Server, Model {
  /** A preset name or a full format (default `plain`). */
  format?: PromptPreset | PromptFormat;
  multiSample?: boolean;
  tokenize?: boolean;
  /** Whether the server answers `return_token_ids` (undefined = find out on the first n > 1 request). */
  tokenIds?: boolean;
  extraBody?: Record<string, unknown>;
  complete?: boolean;
  maxSolutionTokens?: number;
  /** The endpoint to sample through; unset = `ollama` for Ollama, else `completions` (dialect.ts). */
  dialect?: Dialect;
  /** The chat dialect: how the server continues an assistant prefix; unset = by server kind. */
  continuation?: Continuation;
  /** The chat dialect's system message (unset = dialect.ts CHAT_SYSTEM; '' = none). */
  chatSystem?: string;
}

/** Any verifier: `outcome` scores only each path's last step (an outcome reward), not every step. */
interface Scope {
  outcome?: boolean;
}

export type PrmConfig = Scope & (
  /** `output`: how a row is read — class scores (default), or one probability / logit per step. */
  | ({ type: 'pooling'; template?: string; separator?: string; goodIndex?: number; output?: PoolingOutput; task?: string; batchSize?: number } & Server & Model)
  | ({ type: 'shepherd-logprobs'; tokenIds?: ShepherdTokenIds; topK?: number } & Server & Model)
  | ({ type: 'shepherd-per-step'; topK?: number } & Server & Model)
  /** A chat model asked "is this step correct?", read as P(Yes) (prm-judge.ts). */
  | ({ type: 'judge'; prompt?: string; topK?: number } & Server & Model)
  /** `url`: the full endpoint URL; `name` labels it (default "JSON PRM"). */
  | { type: 'json'; url: string; apiKey?: string; name?: string; params?: number });

export type PrmType = PrmConfig['type'];

export interface LiveBackendConfig {
  policy: PolicyConfig;
  prm?: PrmConfig | null;
  /** Reliability settings (docs/backends.md for the defaults). */
  http?: Omit<HttpOptions, 'apiKey' | 'fetch'>;
}

export interface BackendEnv {
  fetch?: FetchLike;
  /** Aborts every request of the backend. */
  signal?: AbortSignalLike;
}

/** ModelInfo with the parameter count given or found in the registry; throws when neither. */
export function modelInfo(name: string, params: number | undefined, role: 'policy' | 'PRM'): ModelInfo {
  const p = params ?? findModelParams(name);
  if (p === undefined || !(Number.isFinite(p) && p > 0)) {
    throw new Error(`the ${role} "${name}" is not in the model registry; give its parameter count (needed for FLOPs)`);
  }
  return { name, params: p };
}

/** Split a full endpoint URL into base URL and path (for the JSON PRM). */
export function splitEndpoint(url: string): { baseUrl: string; path: string } {
  // Validates the whole URL first: no user info, query or fragment (keys go in apiKey).
  normalizeBaseUrl(url);
  const u = new URL(url.trim());
  return { baseUrl: u.origin, path: u.pathname === '' ? '/' : u.pathname };
}

/** Build the live backend a config describes (throws a readable Error on a bad config). */
export function createHttpBackend(config: LiveBackendConfig, env: BackendEnv = {}): HttpBackend {
  const clients = new Map<string, HttpClient>();
  const client = (baseUrl: string, apiKey?: string): HttpClient => {
    const base = normalizeBaseUrl(baseUrl);
    const id = `${base}\u0000${apiKey ?? ''}`;
    let c = clients.get(id);
    if (!c) {
      c = new HttpClient(base, { ...config.http, apiKey, fetch: env.fetch });
      clients.set(id, c);
    }
    return c;
  };
  const p = config.policy;
  const policyClient = client(p.baseUrl, p.apiKey);
  const { dialect } = resolveDialect(p.dialect, p.kind);
  const { continuation } = resolveContinuation(p.continuation, p.kind);
  const policy = new CompletionsPolicy(policyClient, {
    model: p.model, kind: p.kind, multiSample: p.multiSample, tokenize: p.tokenize, tokenIds: p.tokenIds, extraBody: p.extraBody,
    dialect, chat: { continuation, ...(p.chatSystem !== undefined ? { system: p.chatSystem } : {}) },
  });
  const format = typeof p.format === 'string' ? PROMPT_PRESETS[p.format] : p.format;
  if (typeof p.format === 'string' && !format) throw new Error(`unknown prompt preset "${p.format}" (known: ${Object.keys(PROMPT_PRESETS).join(', ')})`);
  return new HttpBackend({
    policy,
    policyInfo: modelInfo(p.model, p.params, 'policy'),
    format,
    prm: config.prm ? createPrm(config.prm, client) : null,
    complete: p.complete,
    maxSolutionTokens: p.maxSolutionTokens,
    signal: env.signal,
  });
}

function createPrm(c: PrmConfig, client: (baseUrl: string, apiKey?: string) => HttpClient): PrmAdapter {
  if (c.type === 'pooling') {
    return new PoolingPrm(client(c.baseUrl, c.apiKey), {
      model: c.model, info: modelInfo(c.model, c.params, 'PRM'), template: c.template, separator: c.separator,
      goodIndex: c.goodIndex, output: c.output, outcome: c.outcome, task: c.task, batchSize: c.batchSize,
    });
  }
  const adapter = stepPrm(c, client);
  return c.outcome ? new OutcomeOnly(adapter) : adapter;
}

function stepPrm(c: Exclude<PrmConfig, { type: 'pooling' }>, client: (baseUrl: string, apiKey?: string) => HttpClient): PrmAdapter {
  switch (c.type) {
    case 'judge':
      return new JudgePrm(client(c.baseUrl, c.apiKey), { model: c.model, info: modelInfo(c.model, c.params, 'PRM'), prompt: c.prompt, topK: c.topK });
    case 'shepherd-logprobs':
      return new PromptLogprobsPrm(client(c.baseUrl, c.apiKey), { model: c.model, info: modelInfo(c.model, c.params, 'PRM'), kind: c.kind, tokenIds: c.tokenIds, topK: c.topK });
    case 'shepherd-per-step':
      return new PerStepPrm(client(c.baseUrl, c.apiKey), { model: c.model, info: modelInfo(c.model, c.params, 'PRM'), kind: c.kind, topK: c.topK });
    case 'json': {
      const { baseUrl, path } = splitEndpoint(c.url);
      return new JsonPrm(client(baseUrl, c.apiKey), modelInfo(c.name ?? 'JSON PRM', c.params, 'PRM'), path);
    }
  }
}
