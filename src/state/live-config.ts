/**
 * A live server as the Backends panel saves it (docs/live.md) and the backend config a run sends
 * to the worker. Saved configs never hold an API key: keys are passed in separately
 * (live-store.ts keeps them) and join the config only in `toBackendConfig`, whose result goes
 * into the worker message and nowhere else. Light on purpose (type-only imports of src/backends):
 * the Explorer's state imports it on the first screen; the form's validation is live-draft.ts.
 */
import type { LiveBackendConfig, PoolingOutput, PromptFormat, PromptPreset, PrmConfig, PrmType, ServerKind } from '../backends/index';
import type { Continuation, Dialect } from '../backends/dialect';
import { findModelParams } from '../search/models';
import { SIM_MODELS, SIM_PRM } from '../sim/index';

export type PrmChoiceType = 'none' | PrmType;
export type FormatChoice = PromptPreset | 'custom';

/** The PRM types in the order the panel offers them, with their labels. */
export const PRM_TYPES: readonly { value: PrmChoiceType; label: string; hint: string }[] = [
  { value: 'none', label: 'none', hint: 'No PRM: greedy and majority voting only.' },
  { value: 'pooling', label: 'vLLM pooling (Qwen2.5-Math-PRM)', hint: 'POST /pooling; one [p_bad, p_good] row per <extra_0> step tag.' },
  { value: 'shepherd-logprobs', label: 'Math-Shepherd, prompt logprobs', hint: "P('+') after each ки tag, from prompt_logprobs (vLLM)." },
  { value: 'shepherd-per-step', label: 'Math-Shepherd, one token per step', hint: 'One 1-token request per scored step (llama.cpp, Ollama ≥ 0.12, TGI).' },
  { value: 'judge', label: 'LLM judge (a chat model)', hint: 'POST /v1/chat/completions: "is this step correct?", read as P(Yes) from the first token\'s logprobs (else its Yes/No text). One request per scored step.' },
  { value: 'json', label: 'JSON endpoint', hint: 'POST {question, steps[]} → {rewards[]} to the URL given.' },
];

/** How a /pooling row is read, as the panel offers it. */
export const POOLING_OUTPUT_CHOICES: readonly { value: PoolingOutput; label: string; hint: string }[] = [
  { value: 'classes', label: 'class scores [p_bad, p_good] (Qwen2.5-Math-PRM)', hint: 'A row of class probabilities or logits per step; the good-step entry is read.' },
  { value: 'probability', label: 'one probability per step (Skywork-style, sigmoid applied)', hint: 'One value in [0, 1] per step tag.' },
  { value: 'logit', label: 'one logit per step (sigmoid not applied)', hint: 'One raw value per step tag; the app applies the sigmoid.' },
];

/** One configured server: a policy and an optional PRM. Saved on this computer, without keys. */
export interface LiveServer {
  /** Stable id (`src=live:<id>`), letters, digits, `.`, `_`, `-`. */
  id: string;
  name: string;
  baseUrl: string;
  model: string;
  /** Parameter count for FLOPs; null = the registry's count for the model name. */
  params: number | null;
  /** From the last "Test connection" (picks the `/tokenize` dialect, skips n > 1 where known absent). */
  kind: ServerKind | null;
  /** The endpoint the policy samples through; null = by server kind (Ollama's /api/generate, else /v1/completions). */
  dialect: Dialect | null;
  /** The chat dialect's assistant-prefix continuation; null = by server kind. */
  continuation: Continuation | null;
  format: FormatChoice;
  /** The format used when `format` is 'custom'. */
  custom: PromptFormat;
  prm: {
    type: PrmChoiceType;
    /** '' = the policy's base URL. */
    baseUrl: string;
    model: string;
    params: number | null;
    /** The JSON endpoint's full URL (type 'json'). */
    url: string;
    /** The PRM has its own API key (otherwise it is sent the policy's). */
    ownKey: boolean;
    /** How /pooling rows are read (type 'pooling'). */
    output: PoolingOutput;
    /** Outcome reward: only each path's last step is scored. */
    outcome: boolean;
  };
  http: { concurrency: number; timeoutMs: number; retries: number };
}

/** API keys of one server: in memory, or on this computer when the user opted in. */
export interface LiveKeys {
  policy?: string;
  prm?: string;
}

export const DEFAULT_HTTP = { concurrency: 16, timeoutMs: 120_000, retries: 4 } as const;

/**
 * The parameter count of a served model name: the registry's (src/search/models.ts), or the sim
 * ladder's for serve-sim's models (sim-7B, sim-PRM-34B …); undefined when unknown.
 */
export function registryParams(name: string): number | undefined {
  const n = name.trim();
  return findModelParams(n) ?? SIM_MODELS.find((m) => m.id === n)?.params ?? (n === SIM_PRM.name ? SIM_PRM.params : undefined);
}

const SUFFIX: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };

/** "7e9", "7000000000", "7B", "1.5 B", "410M" → a count; null when not one. */
export function parseParamCount(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmbgt]?)\s*$/i.exec(text);
  if (!m) return null;
  const x = Number(m[1]) * SUFFIX[m[2].toLowerCase()];
  return Number.isFinite(x) && x >= 1 ? Math.round(x) : null;
}

/** The PRM's display name and parameter count, or null without a PRM. */
export function prmInfoOf(s: LiveServer): { name: string; params: number } | null {
  if (s.prm.type === 'none') return null;
  const name = s.prm.type === 'json' ? (s.prm.model || 'JSON PRM') : s.prm.model;
  return { name, params: s.prm.params ?? registryParams(name) ?? 0 };
}

/** The policy's parameter count (given, or the registry's), or null when unknown. */
export function policyParamsOf(s: LiveServer): number | null {
  return s.params ?? registryParams(s.model) ?? null;
}

/** The PRM's base URL (its own, or the policy's). */
export function prmBaseUrlOf(s: LiveServer): string {
  return s.prm.baseUrl || s.baseUrl;
}

/**
 * The worker's backend config: the saved server plus its keys. This object is the only place a
 * key joins a config; it goes into the run message and is not kept.
 */
export function toBackendConfig(s: LiveServer, keys: LiveKeys = {}): LiveBackendConfig {
  const policyKey = keys.policy || undefined;
  const prmKey = (s.prm.ownKey ? keys.prm : keys.policy) || undefined;
  const params = policyParamsOf(s);
  const prmParams = s.prm.params ?? undefined;
  let prm: PrmConfig | null = null;
  const server = {
    baseUrl: prmBaseUrlOf(s), ...(prmKey ? { apiKey: prmKey } : {}), model: s.prm.model, ...(prmParams !== undefined ? { params: prmParams } : registryParamsOpt(s.prm.model)),
    ...(s.prm.outcome ? { outcome: true } : {}),
  };
  switch (s.prm.type) {
    case 'none':
      break;
    case 'pooling':
      prm = { type: 'pooling', ...server, ...(s.prm.output !== 'classes' ? { output: s.prm.output } : {}) };
      break;
    case 'judge':
      prm = { type: 'judge', ...server };
      break;
    case 'shepherd-logprobs':
      prm = { type: 'shepherd-logprobs', ...server, ...(s.kind ? { kind: s.kind } : {}) };
      break;
    case 'shepherd-per-step':
      prm = { type: 'shepherd-per-step', ...server, ...(s.kind ? { kind: s.kind } : {}) };
      break;
    case 'json': {
      const name = s.prm.model || 'JSON PRM';
      prm = { type: 'json', url: s.prm.url, name, ...(prmKey ? { apiKey: prmKey } : {}), ...(prmParams !== undefined ? { params: prmParams } : registryParamsOpt(name)), ...(s.prm.outcome ? { outcome: true } : {}) };
      break;
    }
  }
  return {
    policy: {
      baseUrl: s.baseUrl, model: s.model, ...(policyKey ? { apiKey: policyKey } : {}), ...(params !== null ? { params } : {}),
      ...(s.kind ? { kind: s.kind } : {}), format: s.format === 'custom' ? { ...s.custom } : s.format,
      ...(s.dialect ? { dialect: s.dialect } : {}), ...(s.continuation ? { continuation: s.continuation } : {}),
    },
    prm,
    http: { ...s.http },
  };
}

function registryParamsOpt(name: string): { params?: number } {
  const p = registryParams(name);
  return p === undefined ? {} : { params: p };
}

/** A parameter count as the form shows it: 6.74e9 → "6.74e9". */
export function formatParamCount(x: number): string {
  return x.toExponential().replace(/\.?0+e/, 'e').replace('e+', 'e');
}
