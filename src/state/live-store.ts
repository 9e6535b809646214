/**
 * The live servers of this computer (zustand): the saved configs, the API keys, the last
 * connection test of each, and the problem set for live runs.
 *
 * Where things are kept (docs/live.md):
 * - server configs — localStorage (`inference-frontier/live-servers/v1`), never with a key;
 * - API keys — this store only (memory: gone on reload), unless the user ticked "remember on
 *   this computer" for that server; then also localStorage (`inference-frontier/live-keys/v1`)
 *   until "Forget" (or deleting the server) removes them;
 * - the dataset — memory only (reload the file or URL after a reload).
 */
import { create } from 'zustand';
import type { ProbeResult, ServerKind } from '../backends/index';
import type { Problem } from '../search/types';
import { DEFAULT_HTTP, type LiveKeys, type LiveServer } from './live-config';
import { CONTINUATIONS, DIALECTS } from '../backends/dialect';

export type { ProbeResult };

export const SERVERS_KEY = 'inference-frontier/live-servers/v1';
export const KEYS_KEY = 'inference-frontier/live-keys/v1';

/** What "Test connection" found, for one server (policy and, when separate, PRM). */
export interface ConnectionTest {
  running: boolean;
  /** ISO time of the last finished test. */
  at: string | null;
  policy: ProbeResult | null;
  /** The PRM's server when it differs from the policy's (null: same server, or no PRM). */
  prm: ProbeResult | null;
}

/** Problems for live runs loaded from a GSM8K / MATH500 JSONL file or URL. */
export interface LiveDataset {
  /** File name or URL it came from (shown; a URL never carries a key). */
  origin: string;
  name: 'gsm8k' | 'math500';
  problems: Problem[];
}

export interface LiveState {
  servers: LiveServer[];
  /** API keys by server id. Memory only, except for the servers in `remembered`. */
  keys: Record<string, LiveKeys>;
  /** Server ids whose keys are also stored on this computer (opted in). */
  remembered: Record<string, boolean>;
  tests: Record<string, ConnectionTest>;
  /** null: live runs use the sim's problems (what serve-sim understands). */
  dataset: LiveDataset | null;
  /** A recording that could not be written (IndexedDB full, private mode …), shown once. */
  recordingError: string | null;
}

/** localStorage when the page has it (tests install their own), else nothing is persisted. */
function storage(): Storage | null {
  try {
    return typeof globalThis.localStorage === 'undefined' ? null : globalThis.localStorage;
  } catch {
    return null; // some privacy modes throw on access
  }
}

function readJson(key: string): unknown {
  try {
    const text = storage()?.getItem(key);
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    const s = storage();
    if (!s) return;
    if (value === null) s.removeItem(key);
    else s.setItem(key, JSON.stringify(value));
  } catch {
    // Quota or privacy mode: the settings stay for this page only.
  }
}

/** The server kinds (src/backends/tokenize.ts), repeated so this module stays free of src/backends' code. */
const SERVER_KINDS: readonly ServerKind[] = ['vllm', 'sglang', 'llamacpp', 'ollama', 'tgi', 'unknown'];

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown, d = ''): string => (typeof x === 'string' ? x : d);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : null);

/** A saved server read back, or null when it is not one (a hand-edited or future entry). */
function readServer(x: unknown): LiveServer | null {
  if (!isObj(x) || typeof x.id !== 'string' || !/^[\w.-]+$/.test(x.id) || typeof x.baseUrl !== 'string' || typeof x.model !== 'string') return null;
  const prm = isObj(x.prm) ? x.prm : {};
  const http = isObj(x.http) ? x.http : {};
  const custom = isObj(x.custom) ? x.custom : {};
  const prmType = str(prm.type, 'none');
  return {
    id: x.id, name: str(x.name, x.id), baseUrl: x.baseUrl, model: x.model, params: num(x.params),
    kind: SERVER_KINDS.includes(x.kind as ServerKind) ? (x.kind as ServerKind) : null,
    dialect: DIALECTS.find((d) => d === x.dialect) ?? null,
    continuation: CONTINUATIONS.find((c) => c === x.continuation) ?? null,
    format: (['plain', 'qwen-math', 'metamath', 'qwen3-think', 'qwen3-no-think', 'r1', 'custom'] as const).find((f) => f === x.format) ?? 'plain',
    custom: { template: str(custom.template, '{question}\n'), delimiter: str(custom.delimiter, '\n\n'), answerPattern: str(custom.answerPattern, '####') },
    prm: {
      type: (['none', 'pooling', 'shepherd-logprobs', 'shepherd-per-step', 'judge', 'json'] as const).find((t) => t === prmType) ?? 'none',
      baseUrl: str(prm.baseUrl), model: str(prm.model), params: num(prm.params), url: str(prm.url), ownKey: prm.ownKey === true,
      output: (['classes', 'probability', 'logit'] as const).find((o) => o === prm.output) ?? 'classes', outcome: prm.outcome === true,
    },
    http: {
      concurrency: num(http.concurrency) ?? DEFAULT_HTTP.concurrency,
      timeoutMs: num(http.timeoutMs) ?? DEFAULT_HTTP.timeoutMs,
      retries: typeof http.retries === 'number' && http.retries >= 0 ? http.retries : DEFAULT_HTTP.retries,
    },
  };
}

/** The saved servers and remembered keys (what a reload starts with). */
export function loadSaved(): Pick<LiveState, 'servers' | 'keys' | 'remembered'> {
  const raw = readJson(SERVERS_KEY);
  const list = isObj(raw) && Array.isArray(raw.servers) ? raw.servers : [];
  const servers = list.map(readServer).filter((s): s is LiveServer => s !== null);
  const keys: Record<string, LiveKeys> = {};
  const remembered: Record<string, boolean> = {};
  const savedKeys = readJson(KEYS_KEY);
  if (isObj(savedKeys)) {
    for (const s of servers) {
      const k = savedKeys[s.id];
      if (!isObj(k)) continue;
      keys[s.id] = { ...(typeof k.policy === 'string' ? { policy: k.policy } : {}), ...(typeof k.prm === 'string' ? { prm: k.prm } : {}) };
      remembered[s.id] = true;
    }
  }
  return { servers, keys, remembered };
}

/** Write the configs (never a key) and the opted-in keys. */
export function persist(state: Pick<LiveState, 'servers' | 'keys' | 'remembered'>): void {
  writeJson(SERVERS_KEY, { servers: state.servers });
  const keep: Record<string, LiveKeys> = {};
  for (const s of state.servers) {
    const k = state.keys[s.id];
    if (state.remembered[s.id] && k && (k.policy || k.prm)) keep[s.id] = { ...k };
  }
  writeJson(KEYS_KEY, Object.keys(keep).length > 0 ? keep : null);
}

export const useLive = create<LiveState>(() => ({ ...loadSaved(), tests: {}, dataset: null, recordingError: null }));

export const selectServers = (s: LiveState) => s.servers;
export const selectTests = (s: LiveState) => s.tests;
export const selectDataset = (s: LiveState) => s.dataset;
export const selectRecordingError = (s: LiveState) => s.recordingError;

/** A configured server by id. */
export function liveServer(id: string): LiveServer | undefined {
  return useLive.getState().servers.find((s) => s.id === id);
}

/** The keys of a server (memory). */
export function liveKeys(id: string): LiveKeys {
  return useLive.getState().keys[id] ?? {};
}
