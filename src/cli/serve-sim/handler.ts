/**
 * The request handling of serve-sim as a plain function: a parsed request in, status + headers +
 * body out, with the delay to wait before answering (the server owns the waiting). Routing,
 * CORS, the API key, and the injected faults live here; the endpoints live in their modules.
 */
import { createRng } from '../../search/rng';
import { completions } from './completions';
import { chatCompletions, OLLAMA_VERSION, ollamaGenerate, sglangGenerate } from './dialects';
import { ServerContext } from './context';
import { detokenizeEndpoint, models, openapi, plainPrm, pooling, props, tokenizeEndpoint } from './endpoints';
import { HttpError, errorBody } from './errors';
import { objectBody, type Body } from './fields';
import { resolveOptions, type ServeSimOptions } from './options';

export interface SimRequest {
  method: string;
  /** Path, with or without a query string. */
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: string;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Wait this long before answering (latency + jitter). */
  delayMs: number;
  /** Close the connection without an answer (the drop fault). */
  drop?: boolean;
}

/** Which fault, if any, a work request gets. */
export type Fault = 'drop' | 'error' | 'malformed' | null;

type Work = (ctx: ServerContext, b: Body) => object;

/** The endpoints that do work: the only ones faults are injected into (probing stays reliable). */
const WORK: Readonly<Record<string, Work>> = {
  '/v1/completions': completions,
  '/v1/chat/completions': chatCompletions,
  '/api/generate': ollamaGenerate,
  '/generate': sglangGenerate,
  '/pooling': pooling,
  '/prm': plainPrm,
  '/tokenize': tokenizeEndpoint,
  '/detokenize': detokenizeEndpoint,
};

const JSON_HEADERS = { 'content-type': 'application/json' };

function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Build the handler for one server (it keeps the sim cache, the vocabulary and the seeded fault stream). */
export function createSimHandler(options: ServeSimOptions = {}): (req: SimRequest) => SimResponse {
  const opts = resolveOptions(options);
  const ctx = new ServerContext(opts);
  const faults = createRng(opts.seed).fork('faults');
  const jitter = createRng(opts.seed).fork('jitter');

  const cors = (req: SimRequest): Record<string, string> => {
    const origin = header(req, 'origin');
    if (origin === undefined) return {};
    if (opts.allowedOrigins.includes('*')) return { 'access-control-allow-origin': '*' };
    return opts.allowedOrigins.includes(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
  };
  const json = (req: SimRequest, status: number, body: unknown, delayMs: number, extra: Record<string, string> = {}): SimResponse => ({
    status, headers: { ...JSON_HEADERS, ...cors(req), ...extra }, body: body === undefined ? '' : JSON.stringify(body), delayMs,
  });

  /** Draw the fault of one work request: always the same three draws, so one request never shifts the next's. */
  const drawFault = (): { fault: Fault; status: 500 | 429; syntax: boolean } => {
    const [d, e, m, kind] = [faults.next(), faults.next(), faults.next(), faults.next()];
    const fault: Fault = d < opts.dropRate ? 'drop' : e < opts.errorRate ? 'error' : m < opts.malformedRate ? 'malformed' : null;
    return { fault, status: kind < 0.5 ? 500 : 429, syntax: kind < 0.5 };
  };

  const reads: Readonly<Record<string, () => SimResponse['body'] | object>> = {
    '/health': () => '',
    '/version': () => ({ version: 'serve-sim (simulated vLLM)' }),
    '/v1/models': () => models(ctx),
    '/api/version': () => OLLAMA_VERSION,
    '/openapi.json': () => openapi(ctx),
    // llama.cpp's server describes itself here; --no-multi-sample stands in for llama.cpp.
    ...(opts.multiSample ? {} : { '/props': () => props(ctx) }),
  };

  return (req: SimRequest): SimResponse => {
    const path = req.url.split('?')[0];
    const method = req.method.toUpperCase();
    if (method === 'OPTIONS') return preflight(req, opts.allowedOrigins, cors(req));
    const delayMs = opts.latencyMs + (opts.jitterMs > 0 ? jitter.next() * opts.jitterMs : 0);
    const work = path === '/pooling' && !opts.pooling ? undefined : WORK[path];
    const read = reads[path];
    if (!work && !read) return json(req, 404, { detail: 'Not Found' }, delayMs);
    if (work ? method !== 'POST' : method !== 'GET' && method !== 'HEAD') return json(req, 405, { detail: 'Method Not Allowed' }, delayMs);
    if (opts.apiKey !== null && path.startsWith('/v1/') && header(req, 'authorization') !== `Bearer ${opts.apiKey}`) {
      return json(req, 401, { error: 'Unauthorized' }, delayMs);
    }
    if (read) {
      const body = read();
      return typeof body === 'string' ? { status: 200, headers: cors(req), body, delayMs } : json(req, 200, body, delayMs);
    }
    const f = drawFault();
    if (f.fault === 'drop') return { status: 0, headers: {}, body: '', delayMs, drop: true };
    if (f.fault === 'error') {
      return f.status === 429
        ? json(req, 429, errorBody(429, 'serve-sim: too many requests (a simulated rate limit; retry)', 'RateLimitError'), delayMs)
        : json(req, 500, errorBody(500, 'serve-sim: internal server error (simulated)', 'InternalServerError'), delayMs);
    }
    try {
      const body = work!(ctx, objectBody(req.body));
      if (f.fault === 'malformed') return { status: 200, headers: { ...JSON_HEADERS, ...cors(req) }, body: malform(path, body, f.syntax), delayMs };
      return json(req, 200, body, delayMs);
    } catch (e) {
      if (e instanceof HttpError) return json(req, e.status, errorBody(e.status, e.message, e.type, e.param), delayMs);
      return json(req, 500, errorBody(500, `serve-sim: ${(e as Error).message}`, 'InternalServerError'), delayMs);
    }
  };
}

/**
 * A CORS preflight, answered at once as Starlette's CORSMiddleware (vLLM's) answers it: the
 * requested method and headers allowed for an allowed origin, 400 for any other origin.
 */
function preflight(req: SimRequest, allowed: readonly string[], cors: Record<string, string>): SimResponse {
  if (!cors['access-control-allow-origin']) {
    return { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Disallowed CORS origin', delayMs: 0 };
  }
  const requested = header(req, 'access-control-request-headers');
  return {
    status: 200,
    headers: {
      ...cors,
      ...(allowed.includes('*') ? {} : { vary: 'Origin' }),
      'access-control-allow-methods': 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT',
      ...(requested ? { 'access-control-allow-headers': requested } : {}),
      'access-control-max-age': '600',
      'content-type': 'text/plain; charset=utf-8',
    },
    body: 'OK',
    delayMs: 0,
  };
}

/**
 * A broken answer with status 200: either the JSON cut off halfway (a syntax error), or valid JSON
 * in the wrong shape — the field a client reads first has the wrong type.
 */
export function malform(path: string, body: object, syntax: boolean): string {
  const text = JSON.stringify(body);
  if (syntax) return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  const b = body as Record<string, unknown>;
  switch (path) {
    case '/v1/completions':
      return JSON.stringify({ ...b, choices: (b.choices as object[]).map((c) => ({ ...c, text: 42 })), usage: undefined });
    case '/pooling':
      return JSON.stringify({ ...b, data: (b.data as { data: number[][] }[]).map((d) => ({ ...d, data: d.data.map((row) => row[1]) })) });
    case '/prm':
      return JSON.stringify({ scores: b.rewards });
    default:
      return JSON.stringify({ ...b, tokens: 'malformed' });
  }
}
