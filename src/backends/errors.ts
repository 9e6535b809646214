/**
 * The one error every live backend call throws when it finally fails, and the helpers that keep
 * secrets out of its message. The message always names the server, the endpoint and the reason,
 * because `runStrategy` ends a run `incomplete` with exactly that message.
 */
import type * as v from 'valibot';
import { pathOf, show } from '../trace/errors';

/**
 * - `http`: the server answered with an error status;
 * - `network`: no answer (connection refused, DNS, CORS — a browser cannot tell these apart);
 * - `timeout`: no answer within the per-request timeout;
 * - `malformed`: an answer that is not what the protocol promises;
 * - `cancelled`: the caller aborted;
 * - `config`: the request could not be made as configured (bad base URL, missing capability).
 */
export type FailureKind = 'http' | 'network' | 'timeout' | 'malformed' | 'cancelled' | 'config';

export interface BackendErrorDetails {
  /** HTTP status, for `http`. */
  status?: number;
  /** The server's own error text (redacted, shortened), for `http`. */
  serverMessage?: string;
  /** Attempts made (1 = no retry). */
  attempts?: number;
  cause?: unknown;
}

/**
 * A live call that failed for good. `message` reads
 * `<server>: <METHOD> <endpoint> — <reason>`, e.g.
 * `http://127.0.0.1:8000: POST /v1/completions — HTTP 503 Service Unavailable: "overloaded" (gave up after 5 attempts)`.
 * It never contains an API key.
 */
export class BackendError extends Error {
  override readonly name = 'BackendError';
  readonly status?: number;
  readonly serverMessage?: string;
  readonly attempts?: number;

  constructor(
    readonly kind: FailureKind,
    /** The server as shown to people: origin + path of its base URL, no credentials or query. */
    readonly server: string,
    /** `POST /v1/completions`. */
    readonly endpoint: string,
    readonly reason: string,
    details: BackendErrorDetails = {},
  ) {
    super(`${server}: ${endpoint} — ${reason}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.serverMessage = details.serverMessage;
    this.attempts = details.attempts;
  }
}

/** Whether an error is a {@link BackendError} of the given kind (any kind when omitted). */
export function isBackendError(err: unknown, kind?: FailureKind): err is BackendError {
  return err instanceof BackendError && (kind === undefined || err.kind === kind);
}

/**
 * The server label for messages: origin and path of a base URL, without user info, query or
 * fragment (a key pasted into a URL must not leak into an error). Throws on an invalid URL.
 */
export function serverLabel(baseUrl: string): string {
  const u = new URL(baseUrl);
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.origin}${path}`;
}

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

/** Replace every secret (and anything that looks like an Authorization value) with `[redacted]`. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length > 0) out = out.split(s).join('[redacted]');
  }
  return out.replace(BEARER, '$1 [redacted]');
}

/** A one-line excerpt of a response body for messages (at most `max` characters). */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The first valibot issue as `<path>: <problem> (got <value>)`, e.g.
 * `choices[1].text: must be a string (got 3)`, or `usage.completion_tokens: is missing`.
 * The schemas in schemas.ts word their messages as "must be …".
 */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  const keys = (issue.path ?? []).map((item) => item.key as string | number);
  const path = pathOf(keys) || '(the response)';
  if (issue.input === undefined) return `${path}: is missing`;
  return `${path}: ${issue.message} (got ${show(issue.input)})`;
}
