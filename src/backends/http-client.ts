/**
 * The one HTTP client every live backend uses (issue 7 item 4): a concurrency limit with a FIFO
 * queue, a per-request timeout, retries with exponential backoff and deterministic jitter on 429,
 * 5xx, network errors and timeouts (honouring Retry-After), cancellation of in-flight and queued
 * requests, and validation of every answer with a valibot schema. Works with any `fetch` (browser,
 * worker, Node 20) and takes an injected one in tests. The API key goes into the Authorization
 * header only; it never appears in a URL, a log or an error message.
 */
import * as v from 'valibot';
import { createRng, type Rng } from '../search/rng';
import type { AbortSignalLike } from '../search/types';
import { anyAborted, Limiter, sleep, watchAbort } from './abort';
import { BackendError, describeIssue, excerpt, redact, serverLabel, type FailureKind } from './errors';

/** The part of `fetch` the client uses. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpOptions {
  /** Sent as `Authorization: Bearer <key>`; never logged, never in URLs or messages. */
  apiKey?: string;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Requests in flight at once; the rest queue (FIFO). */
  concurrency?: number;
  /** Per attempt, from sending the request to reading the whole body. */
  timeoutMs?: number;
  /** Retries after the first attempt, for 429, 5xx, network errors and timeouts. */
  retries?: number;
  /** First backoff; doubles with every retry, capped at `maxBackoffMs`, then jittered to 50–100 %. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A Retry-After longer than this ends the retries (the call fails, saying what the server asked). */
  maxRetryAfterMs?: number;
  /** Seed of the jitter (deterministic, so a rerun waits the same). */
  jitterSeed?: number;
}

/** The defaults (docs/backends.md). */
export const HTTP_DEFAULTS = {
  concurrency: 16,
  timeoutMs: 120_000,
  retries: 4,
  backoffMs: 500,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 60_000,
  jitterSeed: 1,
} as const;

export interface RequestSpec<T> {
  method?: 'GET' | 'POST';
  /** Path below the base URL, e.g. `/v1/completions`. */
  path: string;
  /** JSON body (POST). */
  body?: unknown;
  /** What a 2xx answer must look like. */
  schema: v.GenericSchema<unknown, T>;
  signal?: AbortSignalLike;
  /**
   * Retry transient failures (default true): 429, 5xx, network errors, timeouts, and a 2xx answer
   * whose JSON is cut off or garbled. `'server'` retries only what the server itself calls
   * transient (429, 5xx) — probes use it, so a down or hanging server is reported at once while
   * an occasional 5xx does not read as a missing capability. false = never.
   */
  retry?: boolean | 'server';
  timeoutMs?: number;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

type Outcome =
  | { ok: true; text: string; status: number }
  | { ok: false; kind: FailureKind; retryable: boolean; reason: string; status?: number; serverMessage?: string; retryAfterMs?: number; cause?: unknown };

/**
 * Normalise a base URL: trim, drop trailing slashes and a trailing `/v1` (people paste the
 * OpenAI base). Rejects user info, query and fragment — secrets belong in `apiKey`.
 */
export function normalizeBaseUrl(baseUrl: string): string {
  let u: URL;
  try {
    u = new URL(baseUrl.trim());
  } catch {
    throw new BackendError('config', '(no server)', 'base URL', 'is not a valid http(s) URL, e.g. http://127.0.0.1:8000');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new BackendError('config', '(no server)', 'base URL', `must start with http:// or https:// (got ${u.protocol})`);
  if (u.username || u.password || u.search || u.hash) {
    throw new BackendError('config', u.origin, 'base URL', 'must be plain scheme://host:port[/path], without user info, query or fragment (pass an API key separately)');
  }
  const path = u.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${u.origin}${path}`;
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const s = value.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Backoff before retry number `attempt` (1-based): `base·2^(attempt−1)`, capped at `max`, then
 * jittered to 50–100 % with the seeded `rng` (so the same seed waits the same).
 */
export function backoffDelay(attempt: number, base: number, max: number, rng: Rng): number {
  const full = Math.min(max, base * 2 ** (attempt - 1));
  return Math.round(full * (0.5 + 0.5 * rng.next()));
}

/** The error text inside a JSON error body (OpenAI, vLLM, TGI, llama.cpp, Ollama shapes) or the body itself. */
function serverMessageOf(body: string): string {
  try {
    const j = JSON.parse(body) as unknown;
    if (typeof j === 'object' && j !== null) {
      const o = j as Record<string, unknown>;
      const e = o.error;
      if (typeof e === 'string') return e;
      if (typeof e === 'object' && e !== null && typeof (e as Record<string, unknown>).message === 'string') return (e as Record<string, string>).message;
      if (typeof o.message === 'string') return o.message;
      if (typeof o.detail === 'string') return o.detail;
      if (o.detail !== undefined) return JSON.stringify(o.detail);
    }
  } catch {
    // Not JSON: the raw text is the message.
  }
  return body;
}

function networkReason(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } };
  const code = e?.cause?.code ?? e?.cause?.message;
  const msg = e?.message ?? String(err);
  return `network error: ${msg}${code && code !== msg ? ` (${code})` : ''}`;
}

/** An HTTP client bound to one server (base URL). See the file comment. */
export class HttpClient {
  /** The normalised base URL requests go to. */
  readonly baseUrl: string;
  /** The server as named in messages (no credentials). */
  readonly server: string;
  readonly limiter: Limiter;
  readonly options: Required<Omit<HttpOptions, 'apiKey' | 'fetch'>>;
  /** Counters for the UI and tests. */
  readonly stats = { requests: 0, attempts: 0, retries: 0 };
  private readonly apiKey: string | undefined;
  private readonly fetchFn: FetchLike;
  private readonly jitter: Rng;
  private cancelCtl = new AbortController();

  constructor(baseUrl: string, opts: HttpOptions = {}) {
    this.baseUrl = normalizeBaseUrl(baseUrl);
    this.server = serverLabel(this.baseUrl);
    const { apiKey, fetch: f, ...rest } = opts;
    this.options = { ...HTTP_DEFAULTS, ...Object.fromEntries(Object.entries(rest).filter(([, x]) => x !== undefined)) };
    this.apiKey = apiKey && apiKey.length > 0 ? apiKey : undefined;
    this.fetchFn = f ?? ((input, init) => globalThis.fetch(input, init));
    this.limiter = new Limiter(this.options.concurrency);
    this.jitter = createRng(this.options.jitterSeed);
  }

  /** Whether requests carry an API key (the key itself is not readable). */
  get hasApiKey(): boolean {
    return this.apiKey !== undefined;
  }

  /**
   * Abort every request made so far, in flight or queued (they reject with a `cancelled`
   * BackendError); later requests run normally.
   */
  cancelAll(): void {
    this.cancelCtl.abort();
    this.cancelCtl = new AbortController();
  }

  /** A `malformed` error for an answer that parsed but does not fit (wrong number of choices…). */
  malformed(endpoint: string, reason: string): BackendError {
    return new BackendError('malformed', this.server, endpoint, `malformed response: ${this.clean(reason)}`);
  }

  /** A `config` error (a capability the server lacks, a missing setting). */
  configError(endpoint: string, reason: string): BackendError {
    return new BackendError('config', this.server, endpoint, this.clean(reason));
  }

  /** Send a request (with retries) and return its validated JSON answer. Throws {@link BackendError}. */
  async request<T>(spec: RequestSpec<T>): Promise<T> {
    const method = spec.method ?? (spec.body === undefined ? 'GET' : 'POST');
    const endpoint = `${method} ${spec.path}`;
    const signals = [spec.signal, this.cancelCtl.signal];
    const cancelled = (): BackendError => new BackendError('cancelled', this.server, endpoint, 'cancelled');
    const mode = spec.retry ?? true;
    const retries = mode === false ? 0 : this.options.retries;
    const init: RequestInit = { method, headers: this.headers(method) };
    if (spec.body !== undefined) init.body = JSON.stringify(spec.body);
    this.stats.requests++;
    for (let attempt = 1; ; attempt++) {
      await this.limiter.acquire(signals, cancelled);
      let out: Outcome;
      try {
        out = await this.attempt(`${this.baseUrl}${spec.path}`, init, spec.timeoutMs ?? this.options.timeoutMs, signals);
      } finally {
        this.limiter.release();
      }
      if (anyAborted(signals)) throw cancelled();
      if (out.ok) {
        const json = parseJson(out.text);
        if (json.ok) return this.validate(endpoint, json.value, spec.schema);
        // Cut off or garbled in transit (a proxy, an overloaded server): worth another try, bounded
        // like a 5xx. A well-formed answer of the wrong shape is not retried: it will not change.
        out = { ok: false, kind: 'malformed', retryable: mode === true, reason: `not JSON: "${excerpt(out.text, 120)}"` };
        if (!out.retryable || attempt > retries) throw this.malformed(endpoint, attempt > 1 ? `${out.reason} (gave up after ${attempt} attempts)` : out.reason);
      } else if (mode === 'server' && out.kind !== 'http') out = { ...out, retryable: false };
      const tooLong = out.retryAfterMs !== undefined && out.retryAfterMs > this.options.maxRetryAfterMs;
      if (!out.retryable || attempt > retries || tooLong) {
        let reason = out.reason;
        if (tooLong) reason += ` (the server asked to retry after ${Math.ceil(out.retryAfterMs! / 1000)} s, more than the ${this.options.maxRetryAfterMs / 1000} s limit)`;
        else if (attempt > 1) reason += ` (gave up after ${attempt} attempts)`;
        throw new BackendError(out.kind, this.server, endpoint, reason, { status: out.status, serverMessage: out.serverMessage, attempts: attempt, cause: out.cause });
      }
      this.stats.retries++;
      await sleep(out.retryAfterMs ?? this.backoff(attempt), signals, cancelled);
    }
  }

  private backoff(attempt: number): number {
    return backoffDelay(attempt, this.options.backoffMs, this.options.maxBackoffMs, this.jitter);
  }

  private headers(method: string): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/json' };
    if (method === 'POST') h['Content-Type'] = 'application/json';
    if (this.apiKey) h.Authorization = `Bearer ${this.apiKey}`;
    return h;
  }

  private clean(text: string): string {
    return redact(text, [this.apiKey]);
  }

  private validate<T>(endpoint: string, json: unknown, schema: v.GenericSchema<unknown, T>): T {
    const res = v.safeParse(schema, json);
    if (!res.success) throw this.malformed(endpoint, describeIssue(res.issues[0]));
    return res.output;
  }

  private async attempt(url: string, init: RequestInit, timeoutMs: number, signals: readonly (AbortSignalLike | undefined)[]): Promise<Outcome> {
    this.stats.attempts++;
    const ctl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, timeoutMs);
    const unlink = watchAbort(signals, () => ctl.abort());
    try {
      const res = await this.fetchFn(url, { ...init, signal: ctl.signal });
      const text = await res.text();
      if (res.ok) return { ok: true, text, status: res.status };
      const serverMessage = excerpt(this.clean(serverMessageOf(text)));
      const status = res.status;
      const retryable = status === 429 || status >= 500;
      return {
        ok: false, kind: 'http', retryable, status, serverMessage,
        reason: `HTTP ${status}${res.statusText ? ` ${res.statusText}` : ''}${serverMessage ? `: "${serverMessage}"` : ''}`,
        retryAfterMs: retryable ? parseRetryAfter(res.headers.get('retry-after'), Date.now()) : undefined,
      };
    } catch (err) {
      if (timedOut) return { ok: false, kind: 'timeout', retryable: true, reason: `no answer within ${timeoutMs / 1000} s` };
      if (anyAborted(signals)) return { ok: false, kind: 'cancelled', retryable: false, reason: 'cancelled' };
      return { ok: false, kind: 'network', retryable: true, reason: this.clean(networkReason(err)), cause: err };
    } finally {
      clearTimeout(timer);
      unlink();
    }
  }
}
