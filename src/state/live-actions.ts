/**
 * What the Backends panel does: save and delete servers, hold API keys (memory, or this computer
 * when opted in), test a connection, and load a dataset for live runs. Every change of a config
 * or an opted-in key is written through at once (live-store.ts says where).
 */
import { explainFailure, parseDataset, probeServer, type FetchLike, type ProbeResult } from '../backends/index';
import { prmBaseUrlOf, type LiveKeys, type LiveServer } from './live-config';
import { persist, useLive, type LiveDataset } from './live-store';

const set = useLive.setState;
const get = useLive.getState;

function save(patch: Partial<ReturnType<typeof get>>): void {
  set(patch);
  persist(get());
}

const pageOrigin = (): string | undefined => (typeof location === 'undefined' ? undefined : location.origin);

/** Test seams: the fetch used by probes and dataset URLs. */
let fetchImpl: FetchLike | undefined;
export function setLiveFetch(f: FetchLike | undefined): void {
  fetchImpl = f;
}

export const live = {
  /** Add or replace a server (by id). Its keys stay as they are. */
  saveServer(server: LiveServer): void {
    const servers = get().servers.filter((s) => s.id !== server.id);
    const at = get().servers.findIndex((s) => s.id === server.id);
    servers.splice(at < 0 ? servers.length : at, 0, server);
    save({ servers });
  },

  /** Delete a server with its keys (from memory and from this computer) and its test result. */
  deleteServer(id: string): void {
    const { [id]: _k, ...keys } = get().keys;
    const { [id]: _r, ...remembered } = get().remembered;
    const { [id]: _t, ...tests } = get().tests;
    save({ servers: get().servers.filter((s) => s.id !== id), keys, remembered, tests });
  },

  /** Set a key (memory; also this computer if the server's keys are remembered). Empty = none. */
  setKey(id: string, which: keyof LiveKeys, key: string): void {
    const current = { ...get().keys[id] };
    if (key === '') delete current[which];
    else current[which] = key;
    save({ keys: { ...get().keys, [id]: current } });
  },

  /** Opt in or out of keeping this server's keys on this computer (out = Forget). */
  setRemember(id: string, remember: boolean): void {
    save({ remembered: { ...get().remembered, [id]: remember } });
  },

  /** Forget the server's keys: from this computer and from memory. */
  forgetKeys(id: string): void {
    const { [id]: _k, ...keys } = get().keys;
    save({ keys, remembered: { ...get().remembered, [id]: false } });
  },

  /**
   * Test a server: probe the policy server (and the PRM's, when it is another), keep the result
   * for the panel, and remember the server kind found. A failure's `error` is explained with the
   * server's CORS flag (`explainFailure`).
   */
  async testConnection(server: LiveServer, keys: LiveKeys = get().keys[server.id] ?? {}): Promise<{ policy: ProbeResult; prm: ProbeResult | null }> {
    const id = server.id;
    const previous = get().tests[id];
    set({ tests: { ...get().tests, [id]: { running: true, at: previous?.at ?? null, policy: previous?.policy ?? null, prm: previous?.prm ?? null } } });
    const origin = pageOrigin();
    const base = { fetch: fetchImpl, ...(origin ? { pageOrigin: origin } : {}) };
    const policy = await probeServer(server.baseUrl, { ...base, apiKey: keys.policy, model: server.model || undefined, ...(server.kind ? { kind: server.kind } : {}) });
    const prmUrl = server.prm.type === 'none' || server.prm.type === 'json' ? null : prmBaseUrlOf(server);
    const prm = prmUrl && prmUrl !== server.baseUrl
      ? await probeServer(prmUrl, { ...base, apiKey: server.prm.ownKey ? keys.prm : keys.policy, active: false })
      : null;
    set({ tests: { ...get().tests, [id]: { running: false, at: new Date().toISOString(), policy, prm } } });
    const saved = get().servers.find((s) => s.id === id);
    if (policy.ok && saved && saved.kind !== policy.kind) live.saveServer({ ...saved, kind: policy.kind });
    return { policy, prm };
  },

  /**
   * Use the problems of a GSM8K or MATH500 JSONL text for live runs (format detected per line);
   * throws a DatasetError naming the line and field of the first bad line.
   */
  useDatasetText(text: string, origin: string): LiveDataset {
    const problems = parseDataset(text);
    if (problems.length === 0) throw new Error(`${origin}: no problems in it`);
    const dataset: LiveDataset = { origin, name: problems[0].dataset === 'math500' ? 'math500' : 'gsm8k', problems };
    set({ dataset });
    return dataset;
  },

  /** Fetch a JSONL dataset from a URL (no credentials sent) and use it. */
  async useDatasetUrl(url: string): Promise<LiveDataset> {
    const f = fetchImpl ?? ((u: string, init: RequestInit) => fetch(u, init));
    let res: Response;
    try {
      res = await f(url, { method: 'GET', credentials: 'omit' });
    } catch (err) {
      throw new Error(explainFailure(err, 'unknown', { baseUrl: url, ...(pageOrigin() ? { pageOrigin: pageOrigin() } : {}) }), { cause: err });
    }
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return live.useDatasetText(await res.text(), url);
  },

  /** Back to the sim's problems. */
  clearDataset(): void {
    set({ dataset: null });
  },

  /** Keep a test result under another id (a new server's draft test, once it is saved). */
  moveTest(from: string, to: string): void {
    const test = get().tests[from];
    if (!test || from === to) return;
    const { [from]: _old, ...rest } = get().tests;
    set({ tests: { ...rest, [to]: test } });
  },

  setRecordingError(message: string | null): void {
    set({ recordingError: message });
  },
};
