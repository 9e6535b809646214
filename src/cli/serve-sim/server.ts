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
export async function startSimServer(options: ServeSimOptions = {}): Promise<SimServer> {
  const opts = resolveOptions(options);
  const handle = createSimHandler(options);
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    readBody(req).then((body) => {
      const received = performance.now();
      if (body === null) {
        res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Request body too large' }));
        return;
      }
      const request: SimRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body };
      const answer = handle(request);
      const send = () => {
        if (answer.drop) {
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
        res.end(req.method === 'HEAD' ? undefined : answer.body);
      };
      if (answer.delayMs <= 0) return send();
      // Timers may fire a millisecond early (libuv's clock is cached per loop turn): wait out the rest.
      const due = received + answer.delayMs;
      const wait = (ms: number) => {
        const t = setTimeout(() => {
          timers.delete(t);
          const left = due - performance.now();
          if (left > 0) wait(left);
          else send();
        }, Math.ceil(ms));
        timers.add(t);
      };
      wait(answer.delayMs);
    }, () => req.socket.destroy());
  });

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
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
