/** What `serve-sim` can be told, with defaults and validation (shared by the CLI and tests). */
import { SIM_MODELS, prmQuality, type PrmSetting, type SimModelId } from '../../sim/index';

export interface ServeSimOptions {
  /** TCP port; 0 = any free port (default 8000, vLLM's). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1: this is a local test server). */
  host?: string;
  /** Delay before every answer (ms, default 0). CORS preflights are answered at once. */
  latencyMs?: number;
  /** Extra delay drawn uniformly from [0, jitterMs] per request (seeded, default 0). */
  jitterMs?: number;
  /** Share of work requests answered 500 or 429 (seeded, default 0). */
  errorRate?: number;
  /** Share of work requests answered 200 with broken JSON or a broken shape (seeded, default 0). */
  malformedRate?: number;
  /** Share of work requests whose connection is dropped without an answer (seeded, default 0). */
  dropRate?: number;
  /** Accept `n > 1` (default true); false refuses it as llama.cpp's server does. */
  multiSample?: boolean;
  /** Answer `prompt_logprobs` (default true); false ignores the field, as llama.cpp and Ollama do. */
  promptLogprobs?: boolean;
  /**
   * Answer vLLM's `return_token_ids` with `token_ids` / `prompt_token_ids` on each choice (default
   * true, as vLLM ≥ 0.10.2); false ignores the field, as older vLLM and other servers do.
   */
  tokenIds?: boolean;
  /** Serve `POST /pooling` (default true). */
  pooling?: boolean;
  /** What the sim writes between two steps (default "\n\n"); clients stop on it. */
  stepDelimiter?: string;
  /** Origins allowed by CORS (default ["*"]), as vLLM's `--allowed-origins`. */
  allowedOrigins?: readonly string[];
  /** When set, `/v1/*` requires `Authorization: Bearer <key>` (as vLLM's `--api-key`). */
  apiKey?: string | null;
  /** Seed of everything a request does not seed itself: unseeded samples, faults, jitter (default 0). */
  seed?: number;
  /** Policy model for requests that name none (default sim-7B). */
  model?: SimModelId;
  /** Quality of the sim PRM (default 'default'). */
  prm?: PrmSetting;
  /** Context length: prompt + max_tokens must fit (default 4096). */
  maxModelLen?: number;
  /** Clock for `created` fields (seconds are taken from it; default Date.now). */
  now?: () => number;
}

export type ResolvedOptions = Required<Omit<ServeSimOptions, 'apiKey'>> & { apiKey: string | null };

export const DEFAULT_PORT = 8000;
export const DEFAULT_DELIMITER = '\n\n';

function rate(name: string, v: number): number {
  if (!(v >= 0 && v <= 1)) throw new Error(`${name} must be between 0 and 1 (got ${v})`);
  return v;
}

function nonNegative(name: string, v: number): number {
  if (!(Number.isFinite(v) && v >= 0)) throw new Error(`${name} must be a number ≥ 0 (got ${v})`);
  return v;
}

/** Fill in defaults and check every value; throws an Error naming the bad option. */
export function resolveOptions(o: ServeSimOptions = {}): ResolvedOptions {
  const port = o.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be a whole number from 0 to 65535 (got ${port})`);
  const stepDelimiter = o.stepDelimiter ?? DEFAULT_DELIMITER;
  if (stepDelimiter === '') throw new Error('step delimiter must not be empty');
  // The sim's steps begin with "Step N:", so a delimiter that starts that way would be read as part of a step.
  if (/^\s*Step\b/.test(stepDelimiter)) throw new Error(`step delimiter must not start with "Step" (the sim's steps already do): got ${JSON.stringify(stepDelimiter)}`);
  const model = o.model ?? 'sim-7B';
  if (!SIM_MODELS.some((m) => m.id === model)) throw new Error(`unknown model "${model}" (models: ${SIM_MODELS.map((m) => m.id).join(', ')})`);
  const prm = o.prm ?? 'default';
  prmQuality(prm);
  const allowedOrigins = o.allowedOrigins ?? ['*'];
  if (allowedOrigins.length === 0) throw new Error('allowed origins must name at least one origin (or "*")');
  const maxModelLen = o.maxModelLen ?? 4096;
  if (!Number.isInteger(maxModelLen) || maxModelLen < 1) throw new Error(`max model length must be a whole number ≥ 1 (got ${maxModelLen})`);
  return {
    port,
    host: o.host ?? '127.0.0.1',
    latencyMs: nonNegative('latency', o.latencyMs ?? 0),
    jitterMs: nonNegative('jitter', o.jitterMs ?? 0),
    errorRate: rate('error rate', o.errorRate ?? 0),
    malformedRate: rate('malformed rate', o.malformedRate ?? 0),
    dropRate: rate('drop rate', o.dropRate ?? 0),
    multiSample: o.multiSample ?? true,
    promptLogprobs: o.promptLogprobs ?? true,
    tokenIds: o.tokenIds ?? true,
    pooling: o.pooling ?? true,
    stepDelimiter,
    allowedOrigins,
    apiKey: o.apiKey ?? null,
    seed: (o.seed ?? 0) >>> 0,
    model,
    prm,
    maxModelLen,
    now: o.now ?? Date.now,
  };
}
