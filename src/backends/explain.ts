/**
 * Turning a failed connection into advice (issue 7 item 3): a pure function from the error and a
 * guess of the server's kind to a message that names the server's own CORS flag. A browser
 * reports a CORS refusal, a refused connection and a DNS failure as the same bare network error,
 * so the message covers the possibilities in order of likelihood.
 */
import { BackendError } from './errors';
import { SERVER_NAMES, type ServerKind } from './tokenize';

/** How each server allows a browser origin (backend-protocols.md A4, C); `{origin}` = the page's origin. */
export const CORS_FLAGS: Record<ServerKind, string> = {
  vllm: `start vLLM with --allowed-origins '["{origin}"]' (its default allows every origin, so a refusal means it was started with a narrower list)`,
  sglang: 'SGLang allows every origin (hard-coded); a refusal here is not CORS — put a proxy in front if needed',
  llamacpp: 'llama.cpp server reflects any Origin; a refusal here is not CORS',
  ollama: 'set OLLAMA_ORIGINS={origin} (comma-separated, or *) in the environment of `ollama serve` and restart it; only localhost, 127.0.0.1 and 0.0.0.0 pages are allowed by default',
  tgi: 'start TGI with --cors-allow-origin {origin} (or env CORS_ALLOW_ORIGIN); without it browsers are blocked',
  unknown: `vLLM: --allowed-origins '["{origin}"]'; Ollama: OLLAMA_ORIGINS={origin}; TGI: --cors-allow-origin {origin}`,
};

/** Guess the server kind from a base URL's port (the servers' defaults) when nothing better is known. */
export function guessKindFromUrl(baseUrl: string): ServerKind {
  let port: string;
  try {
    port = new URL(baseUrl).port;
  } catch {
    return 'unknown';
  }
  switch (port) {
    case '8000': return 'vllm';
    case '30000': return 'sglang';
    case '11434': return 'ollama';
    case '8080': return 'llamacpp';
    case '3000': return 'tgi';
    default: return 'unknown';
  }
}

export interface ExplainContext {
  /** The server's base URL. */
  baseUrl?: string;
  /** The page's origin when running in a browser (`location.origin`); undefined in Node. */
  pageOrigin?: string;
}

function errorText(err: unknown): { kind?: BackendError['kind']; status?: number; text: string } {
  if (err instanceof BackendError) return { kind: err.kind, status: err.status, text: err.message };
  if (err instanceof Error) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    return { text: `${err.message}${code ? ` (${code})` : ''}` };
  }
  return { text: String(err) };
}

const REFUSED = /ECONNREFUSED|connection refused/i;
const DNS = /ENOTFOUND|EAI_AGAIN|getaddrinfo/i;
const BROWSER_NETWORK = /failed to fetch|networkerror|load failed|network error|fetch failed/i;

/**
 * A message for a failed call or probe. Pure: the same error, kind and context always give the
 * same text. Names the server's CORS flag where CORS is a possible cause.
 */
export function explainFailure(err: unknown, kind: ServerKind, ctx: ExplainContext = {}): string {
  const { kind: failure, status, text } = errorText(err);
  const name = SERVER_NAMES[kind];
  const where = ctx.baseUrl ?? 'the server';
  if (failure === 'cancelled') return 'Cancelled.';
  if (failure === 'config' || failure === 'malformed') return text;
  if (failure === 'timeout') return `${text}. ${name === 'the server' ? 'The server' : name} is reachable but slow or overloaded: raise the timeout, lower the concurrency, or check its load.`;
  if (failure === 'http') {
    if (status === 401 || status === 403) return `${text}. The server wants an API key (or a different one): enter it in the Backends panel. It is sent as an Authorization header only.`;
    if (status === 404) return `${text}. The endpoint does not exist there: check the base URL (it should be the server root, e.g. http://127.0.0.1:8000) and that ${name} serves an OpenAI-compatible API.`;
    return text;
  }
  if (ctx.pageOrigin?.startsWith('https:') && ctx.baseUrl?.startsWith('http:')) {
    return `${text}. This page is served over https and cannot call the http server ${where} (mixed content): open the app over http on localhost, or put the server behind TLS.`;
  }
  if (REFUSED.test(text)) return `${text}. Nothing is listening at ${where}: is ${name === 'the server' ? 'the server' : name} running, and on that port?`;
  if (DNS.test(text)) return `${text}. The host name of ${where} does not resolve: check the base URL.`;
  if (ctx.pageOrigin !== undefined && BROWSER_NETWORK.test(text)) {
    const flag = CORS_FLAGS[kind].split('{origin}').join(ctx.pageOrigin);
    return `${text}. The browser could not reach ${where}. Either the server is not running or not reachable from this machine, or it refuses requests from this page's origin (${ctx.pageOrigin}) — CORS: ${flag}.`;
  }
  return `${text}. Could not reach ${where}: check that the server is running and the base URL is right.`;
}
