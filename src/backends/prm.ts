/**
 * What every PRM adapter provides, and the scorer in front of them: it checks every reward,
 * caches step rewards by path (a causal PRM's reward of step j depends only on steps 1..j, so a
 * path scored once gives its ancestors' rewards too), and sends each distinct path only once.
 */
import type { ModelInfo } from '../search/backend';
import { hashSeed } from '../search/rng';
import type { AbortSignalLike, SearchNode } from '../search/types';
import { BackendError } from './errors';
import type { HttpClient } from './http-client';

export interface PrmAdapter {
  readonly info: ModelInfo;
  /** The client its requests go through (cancelled with the backend). */
  readonly client: HttpClient;
  /** The server and endpoint, for messages (`http://host:8000: POST /pooling`). */
  readonly server: string;
  readonly endpoint: string;
  /** `rewards` gives every step of a path (pooling, prompt logprobs, JSON), not only the last. */
  readonly fullPath: boolean;
  /**
   * For each path (the step texts of one solution so far): the reward of each step, null where
   * the adapter did not compute it (per-step adapters compute only the last).
   */
  rewards(question: string, paths: readonly (readonly string[])[], signal?: AbortSignalLike): Promise<(number | null)[][]>;
  /** Things worth telling the user (inexact bounds, …); each once. */
  readonly notes: string[];
}

/** Per-step adapters: each path's reward list with only its last step scored (by `last`), the rest null. */
export function lastStepRewards(paths: readonly (readonly string[])[], last: (steps: readonly string[]) => Promise<number>): Promise<(number | null)[][]> {
  return Promise.all(paths.map(async (p) => {
    const out: (number | null)[] = p.map(() => null);
    out[p.length - 1] = await last(p);
    return out;
  }));
}

/**
 * An outcome reward over any adapter: each path's reward is the verifier's score of its last step
 * only (the whole solution so far, read as one answer); the earlier steps' scores are dropped, so
 * no ancestor takes its reward from a longer path. Pooling PRMs do this natively (one separator
 * at the end: `PoolingPrm` with `outcome`).
 */
export class OutcomeOnly implements PrmAdapter {
  readonly fullPath = false;
  constructor(private readonly inner: PrmAdapter) {}
  get info(): ModelInfo { return this.inner.info; }
  get client(): HttpClient { return this.inner.client; }
  get server(): string { return this.inner.server; }
  get endpoint(): string { return this.inner.endpoint; }
  get notes(): string[] { return this.inner.notes; }
  async rewards(question: string, paths: readonly (readonly string[])[], signal?: AbortSignalLike): Promise<(number | null)[][]> {
    const got = await this.inner.rewards(question, paths, signal);
    return got.map((rs) => rs.map((r, j) => (j === rs.length - 1 ? r : null)));
  }
}

/** The step texts of a node's path, root first (empty for null = the question). */
export function pathTexts(node: SearchNode | null): string[] {
  const out: string[] = [];
  for (let n = node; n; n = n.parentNode) out.push(n.text);
  return out.reverse();
}

/** Keys of every prefix of a path: two 32-bit FNV-1a chains, so collisions are negligible. */
function prefixKeys(question: string, steps: readonly string[]): string[] {
  let a = hashSeed(0x9e3779b9, question);
  let b = hashSeed(0x85ebca6b, question);
  const out: string[] = new Array(steps.length);
  for (let i = 0; i < steps.length; i++) {
    a = hashSeed(a, `\u0001${steps[i]}`);
    b = hashSeed(b, `\u0002${steps[i]}`);
    out[i] = `${a.toString(36)}.${b.toString(36)}.${i}`;
  }
  return out;
}

const DEFAULT_CACHE = 50_000;

export class PrmScorer {
  private readonly cache = new Map<string, number>();

  constructor(readonly adapter: PrmAdapter, private readonly cacheSize = DEFAULT_CACHE) {}

  /** The reward in [0, 1] of the last step of each path. Throws a BackendError on a bad reward. */
  async lastRewards(question: string, paths: readonly (readonly string[])[], signal?: AbortSignalLike): Promise<number[]> {
    const keys = paths.map((p) => prefixKeys(question, p));
    const last = (i: number): string => keys[i][keys[i].length - 1];
    for (let i = 0; i < paths.length; i++) {
      if (paths[i].length === 0) throw new BackendError('config', this.adapter.server, this.adapter.endpoint, 'cannot score an empty path (the question has no reward)');
    }
    const covered = new Set<string>();
    if (this.adapter.fullPath) for (const k of keys) for (let j = 0; j < k.length - 1; j++) covered.add(k[j]);
    const todo: number[] = [];
    const sent = new Set<string>();
    for (let i = 0; i < paths.length; i++) {
      const key = last(i);
      if (this.cache.has(key) || covered.has(key) || sent.has(key)) continue;
      sent.add(key);
      todo.push(i);
    }
    if (todo.length > 0) {
      const got = await this.adapter.rewards(question, todo.map((i) => paths[i]), signal);
      if (got.length !== todo.length) throw this.bad(`${got.length} reward lists for ${todo.length} paths`);
      todo.forEach((i, t) => {
        const rs = got[t];
        if (rs.length !== paths[i].length) throw this.bad(`${rs.length} rewards for a path of ${paths[i].length} steps`);
        rs.forEach((r, j) => {
          if (r === null) return;
          if (!(typeof r === 'number' && r >= 0 && r <= 1)) throw this.bad(`reward of step ${j + 1} is ${r}, not a number in [0, 1]`);
          this.put(keys[i][j], r);
        });
        if (rs[rs.length - 1] === null) throw this.bad(`no reward for the last step of a path of ${paths[i].length} steps`);
      });
    }
    return paths.map((_, i) => {
      const r = this.cache.get(last(i));
      if (r === undefined) throw this.bad(`no reward for a path of ${paths[i].length} steps`);
      return r;
    });
  }

  private put(key: string, r: number): void {
    if (this.cache.size >= this.cacheSize && !this.cache.has(key)) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, r);
  }

  private bad(reason: string): BackendError {
    return new BackendError('malformed', this.adapter.server, this.adapter.endpoint, `malformed response: ${reason}`);
  }
}

/** P(good) from the two label logprobs: the 2-way softmax (exact from full-vocabulary logprobs). */
export function twoWay(lpGood: number, lpBad: number): number {
  if (lpGood === -Infinity && lpBad === -Infinity) return 0.5;
  return 1 / (1 + Math.exp(lpBad - lpGood));
}

/** log(Σ exp(x)) of a non-empty list. */
export function logSumExp(xs: readonly number[]): number {
  const m = Math.max(...xs);
  if (m === -Infinity) return -Infinity;
  return m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
}
