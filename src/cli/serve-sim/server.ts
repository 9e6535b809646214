/** serve-sim's HTTP server (Node `http`): reads a request, asks the handler, waits, answers. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimHandler, type SimRequest } from './handler';
import { resolveOptions, type ServeSimOptions } from './options';

export interface SimServer {
  /** Base URL, e.g. http://127.0.0.1:8000 (the port actually bound when asked for port 0). */
  url: string;
  port: number;
  /** Stop listening and end open connections and pending answers. */
  close(): Promise<void>;
}

/**
 * When one answer happened, for benchmarks (bench/live): times in ms on the shared clock
 * `performance.timeOrigin + performance.now()`, comparable across the threads of a process.
 */
export interface AnswerTiming {
  method: string;
  path: string;
  /** The request's `x-request-id` header, if any (a client's own tag, as vLLM takes it). */
  requestId?: string;
  /** The request's headers were read. */
  arrived: number;
  /** The handler started, and finished (its CPU time). */
  handleStart: number;
  handleEnd: number;
  /** arrived + the latency (and jitter) it was to wait. */
  due: number;
  /** The answer was handed to the socket. */
  sent: number;
}

export interface SimServerHooks {
  /** Called after each answer is sent (or its connection dropped). */
  onAnswer?: (t: AnswerTiming) => void;
}

/** Requests bigger than this are refused (413): a local test server, not a file store. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Start serve-sim in this process. Options are checked first (a bad one rejects with an Error
 * naming it). `port: 0` binds any free port; read it from `url`.
 */
export async function startSimServer(options: ServeSimOptions = {}, hooks: SimServerHooks = {}): Promise<SimServer> {
  const opts = resolveOptions(options);
  const handle = createSimHandler(options);
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // The latency counts from the request's arrival. The handler's CPU time is part of it, not
    // added to it, and it runs after this loop turn's I/O (setImmediate), so a burst of requests
    // all start their wait when they arrive, not after the work of the ones before them.
    const arrived = performance.now();
    readBody(req).then((body) => {
      if (body === null) {
        res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Request body too large' }));
        return;
      }
      setImmediate(() => answerAt(req, res, body, arrived));
    }, () => req.socket.destroy());
  });

  function answerAt(req: IncomingMessage, res: ServerResponse, body: string, arrived: number): void {
    if (closed) return;
    const request: SimRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body };
    const handleStart = performance.now();
    const answer = handle(request);
    const handleEnd = performance.now();
    const due = arrived + answer.delayMs;
    const send = () => {
      if (answer.drop) req.socket.destroy();
      else {
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
        res.end(req.method === 'HEAD' ? undefined : answer.body);
      }
      if (hooks.onAnswer) {
        const o = performance.timeOrigin;
        const id = req.headers['x-request-id'];
        hooks.onAnswer({
          method: request.method, path: request.url.split('?')[0], requestId: typeof id === 'string' ? id : undefined, arrived: o + arrived, handleStart: o + handleStart,
          handleEnd: o + handleEnd, due: o + due, sent: o + performance.now(),
        });
      }
    };
    // Timers may fire a millisecond early (libuv's clock is cached per loop turn): wait out the rest.
    const wait = () => {
      const left = due - performance.now();
      if (left <= 0) {
        send();
        return;
      }
      const t = setTimeout(() => {
        timers.delete(t);
        wait();
      }, Math.ceil(left));
      timers.add(t);
    };
    wait();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
