import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { BackendError } from './errors';
import { createRng } from '../search/rng';
import { backoffDelay, HttpClient, normalizeBaseUrl, parseRetryAfter } from './http-client';
import { completionSchema } from './schemas';
import { delay, fakeFetch, json, never } from './testing/fake-server';

const BASE = 'http://127.0.0.1:8000';
const ok = v.object({ ok: v.literal(true) });
const fast = { backoffMs: 1, maxBackoffMs: 4 };

async function failure(p: Promise<unknown>): Promise<BackendError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(BackendError);
  return err as BackendError;
}

describe('HttpClient retries', () => {
  it('retries 429 and 5xx with backoff, then succeeds', async () => {
    const statuses = [429, 500, 503];
    const f = fakeFetch(() => (statuses.length ? json({ error: 'busy' }, statuses.shift()) : json({ ok: true })));
    const c = new HttpClient(BASE, { fetch: f.fetch, ...fast });
    await expect(c.request({ path: '/x', schema: ok })).resolves.toEqual({ ok: true });
    expect(f.requests).toHaveLength(4);
    expect(c.stats.retries).toBe(3);
  });

  it('retries a network error (fetch throws)', async () => {
    let first = true;
    const f = fakeFetch(() => {
      if (first) {
        first = false;
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      }
      return json({ ok: true });
    });
    const c = new HttpClient(BASE, { fetch: f.fetch, ...fast });
    await expect(c.request({ path: '/x', schema: ok })).resolves.toEqual({ ok: true });
    expect(f.requests).toHaveLength(2);
  });

  it('gives up after the retries with a message naming server, endpoint, status, server text and attempts', async () => {
    const f = fakeFetch(() => json({ error: { message: 'engine overloaded' } }, 503));
    const c = new HttpClient(`${BASE}/v1/`, { fetch: f.fetch, retries: 2, ...fast });
    const err = await failure(c.request({ path: '/v1/completions', body: { a: 1 }, schema: ok }));
    expect(f.requests).toHaveLength(3);
    expect(err.kind).toBe('http');
    expect(err.status).toBe(503);
    expect(err.message).toBe('http://127.0.0.1:8000: POST /v1/completions — HTTP 503: "engine overloaded" (gave up after 3 attempts)');
  });

  it('does not retry a 4xx other than 429', async () => {
    const f = fakeFetch(() => json({ detail: 'bad field' }, 422));
    const c = new HttpClient(BASE, { fetch: f.fetch, ...fast });
    const err = await failure(c.request({ path: '/x', body: {}, schema: ok }));
    expect(f.requests).toHaveLength(1);
    expect(err.message).toContain('HTTP 422: "bad field"');
  });

  it('honours Retry-After (seconds) instead of its own backoff', async () => {
    let n = 0;
    const f = fakeFetch(() => (n++ === 0 ? json({}, 429, { 'retry-after': '0.08' }) : json({ ok: true })));
    const c = new HttpClient(BASE, { fetch: f.fetch, ...fast });
    const t0 = Date.now();
    await c.request({ path: '/x', schema: ok });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(70);
  });

  it('stops at once when Retry-After asks for longer than the limit, saying so', async () => {
    const f = fakeFetch(() => json({ error: 'slow down' }, 429, { 'retry-after': '120' }));
    const c = new HttpClient(BASE, { fetch: f.fetch, ...fast });
    const err = await failure(c.request({ path: '/x', schema: ok }));
    expect(f.requests).toHaveLength(1);
    expect(err.message).toContain('asked to retry after 120 s, more than the 60 s limit');
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 1000)).toBe(4000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  it('backs off base·2^k, capped, jittered to 50–100 % by a seeded generator (the same seed waits the same)', () => {
    const seq = (seed: number) => { const rng = createRng(seed); return [1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, 500, 4000, rng)); };
    const a = seq(1);
    expect(seq(1)).toEqual(a);
    expect(seq(2)).not.toEqual(a);
    [500, 1000, 2000, 4000, 4000, 4000].forEach((full, i) => {
      expect(a[i]).toBeGreaterThanOrEqual(full / 2);
      expect(a[i]).toBeLessThanOrEqual(full);
    });
  });

  it('really waits its backoff between attempts', async () => {
    const at: number[] = [];
    const f = fakeFetch(() => {
      at.push(performance.now());
      return json({}, 500);
    });
    const c = new HttpClient(BASE, { fetch: f.fetch, retries: 3, backoffMs: 20, maxBackoffMs: 1000 });
    await failure(c.request({ path: '/x', schema: ok }));
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    // At least 50 % of 20, 40, 80 ms (a timer may fire a millisecond early).
    expect(gaps[0]).toBeGreaterThanOrEqual(9);
    expect(gaps[1]).toBeGreaterThanOrEqual(19);
    expect(gaps[2]).toBeGreaterThanOrEqual(39);
  });
});

describe('HttpClient timeouts and cancel', () => {
  it('times out a hung request, retries it, and names the timeout', async () => {
    const f = fakeFetch(() => never());
    const c = new HttpClient(BASE, { fetch: f.fetch, timeoutMs: 30, retries: 1, ...fast });
    const err = await failure(c.request({ path: '/v1/completions', body: {}, schema: ok }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe('http://127.0.0.1:8000: POST /v1/completions — no answer within 0.03 s (gave up after 2 attempts)');
    expect(f.requests).toHaveLength(2);
    expect(f.aborted).toBe(2);
    expect(f.inFlight).toBe(0);
  });

  it('aborts in-flight and queued requests when the signal aborts', async () => {
    const f = fakeFetch(() => never());
    const c = new HttpClient(BASE, { fetch: f.fetch, concurrency: 2 });
    const ctl = new AbortController();
    const calls = Array.from({ length: 5 }, () => failure(c.request({ path: '/x', body: {}, schema: ok, signal: ctl.signal })));
    await delay(10);
    expect(f.inFlight).toBe(2);
    expect(c.limiter.waiting).toBe(3);
    ctl.abort();
    const errs = await Promise.all(calls);
    expect(errs.map((e) => e.kind)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(f.aborted).toBe(2);
    expect(f.requests).toHaveLength(2);
    expect(c.limiter.waiting).toBe(0);
    expect(c.limiter.running).toBe(0);
  });

  it('aborts through a bare { aborted } signal (the engine passes one) by polling it', async () => {
    const f = fakeFetch(() => never());
    const c = new HttpClient(BASE, { fetch: f.fetch });
    const sig = { aborted: false };
    const p = failure(c.request({ path: '/x', schema: ok, signal: sig }));
    await delay(5);
    sig.aborted = true;
    expect((await p).kind).toBe('cancelled');
    expect(f.aborted).toBe(1);
  });

  it('cancelAll ends what was sent so far; later requests run', async () => {
    let hang = true;
    const f = fakeFetch(() => (hang ? never() : json({ ok: true })));
    const c = new HttpClient(BASE, { fetch: f.fetch });
    const p = failure(c.request({ path: '/x', schema: ok }));
    await delay(5);
    c.cancelAll();
    expect((await p).kind).toBe('cancelled');
    hang = false;
    await expect(c.request({ path: '/x', schema: ok })).resolves.toEqual({ ok: true });
  });

  it('cancels a retry that is waiting out its backoff', async () => {
    const f = fakeFetch(() => json({}, 500));
    const c = new HttpClient(BASE, { fetch: f.fetch, backoffMs: 10_000, maxBackoffMs: 10_000 });
    const ctl = new AbortController();
    const p = failure(c.request({ path: '/x', schema: ok, signal: ctl.signal }));
    await delay(10);
    ctl.abort();
    const t0 = Date.now();
    expect((await p).kind).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(f.requests).toHaveLength(1);
  });
});

describe('HttpClient concurrency', () => {
  it('never has more than the limit in flight, and reaches it', async () => {
    const f = fakeFetch(async () => {
      await delay(3);
      return json({ ok: true });
    });
    const c = new HttpClient(BASE, { fetch: f.fetch, concurrency: 5 });
    await Promise.all(Array.from({ length: 40 }, () => c.request({ path: '/x', schema: ok })));
    expect(f.peak).toBe(5);
    expect(c.limiter.peak).toBe(5);
    expect(f.requests).toHaveLength(40);
  });

  it('defaults to 16', async () => {
    const f = fakeFetch(async () => {
      await delay(3);
      return json({ ok: true });
    });
    const c = new HttpClient(BASE, { fetch: f.fetch });
    await Promise.all(Array.from({ length: 50 }, () => c.request({ path: '/x', schema: ok })));
    expect(f.peak).toBe(16);
  });
});

describe('HttpClient malformed answers', () => {
  const c = (body: string) => new HttpClient(BASE, { fetch: fakeFetch(() => new Response(body, { status: 200 })).fetch, retries: 0 });
  const req = (client: HttpClient) => failure(client.request({ path: '/v1/completions', body: {}, schema: completionSchema }));

  it('rejects a body that is not JSON, quoting it', async () => {
    const err = await req(c('<html>proxy error</html>'));
    expect(err.kind).toBe('malformed');
    expect(err.message).toBe('http://127.0.0.1:8000: POST /v1/completions — malformed response: not JSON: "<html>proxy error</html>"');
  });

  it('names a missing field', async () => {
    expect((await req(c('{"id": "x"}'))).message).toContain('malformed response: choices: is missing');
  });

  it('names a field of the wrong type with its path and value', async () => {
    const err = await req(c('{"choices": [{"text": "a", "finish_reason": "stop"}, {"text": 3, "finish_reason": "stop"}]}'));
    expect(err.message).toContain('malformed response: choices[1].text: must be a string (got 3)');
  });

  it('rejects an array where an object belongs', async () => {
    expect((await req(c('[1, 2]'))).message).toContain('malformed response: (the response): must be an object (got an array)');
  });

  it('retries an answer cut off in transit, and gets the whole one', async () => {
    const whole = '{"choices": [{"text": "a", "finish_reason": "stop"}]}';
    const bodies = [whole.slice(0, 20), whole];
    const f = fakeFetch(() => new Response(bodies.shift() ?? whole, { status: 200 }));
    const client = new HttpClient(BASE, { fetch: f.fetch, ...fast });
    await expect(client.request({ path: '/v1/completions', body: {}, schema: completionSchema })).resolves.toMatchObject({ choices: [{ text: 'a' }] });
    expect(f.requests).toHaveLength(2);
    expect(client.stats.retries).toBe(1);
  });

  it('gives up on garbled JSON after its retries, saying how many attempts', async () => {
    const f = fakeFetch(() => new Response('{"choices": [{"te', { status: 200 }));
    const err = await req(new HttpClient(BASE, { fetch: f.fetch, retries: 2, ...fast }));
    expect(f.requests).toHaveLength(3);
    expect(err.kind).toBe('malformed');
    expect(err.message).toBe('http://127.0.0.1:8000: POST /v1/completions — malformed response: not JSON: "{"choices": [{"te" (gave up after 3 attempts)');
  });

  it('does not retry well-formed JSON of the wrong shape: it would not change', async () => {
    const f = fakeFetch(() => new Response('{"id": "x"}', { status: 200 }));
    const err = await req(new HttpClient(BASE, { fetch: f.fetch, ...fast }));
    expect(f.requests).toHaveLength(1);
    expect(err.message).toContain('choices: is missing');
  });

  it("in 'server' mode (probes) retries only the server's own transient answers", async () => {
    const statuses = [503];
    const flaky = fakeFetch(() => (statuses.length ? json({ error: 'warming up' }, statuses.shift()) : json({ ok: true })));
    const client = new HttpClient(BASE, { fetch: flaky.fetch, ...fast });
    await expect(client.request({ path: '/x', schema: ok, retry: 'server' })).resolves.toEqual({ ok: true });
    expect(flaky.requests).toHaveLength(2);
    // A refused connection or a cut-off body is reported at once.
    const down = fakeFetch(() => { throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }); });
    await failure(new HttpClient(BASE, { fetch: down.fetch, ...fast }).request({ path: '/x', schema: ok, retry: 'server' }));
    expect(down.requests).toHaveLength(1);
    const cut = fakeFetch(() => new Response('{"ok": tr', { status: 200 }));
    await failure(new HttpClient(BASE, { fetch: cut.fetch, ...fast }).request({ path: '/x', schema: ok, retry: 'server' }));
    expect(cut.requests).toHaveLength(1);
  });

  it('accepts unknown extra fields', async () => {
    const client = c('{"choices": [{"text": "a", "finish_reason": "stop", "new_field": 1}], "system_fingerprint": "x"}');
    await expect(client.request({ path: '/v1/completions', body: {}, schema: completionSchema })).resolves.toMatchObject({ choices: [{ text: 'a' }] });
  });
});

describe('HttpClient API keys', () => {
  const KEY = 'sk-very-secret-123';

  it('sends the key as a Bearer header only, never in the URL', async () => {
    const f = fakeFetch(() => json({ ok: true }));
    const c = new HttpClient(BASE, { fetch: f.fetch, apiKey: KEY });
    await c.request({ path: '/v1/models', schema: ok });
    expect(f.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
    expect(f.requests[0].url).toBe(`${BASE}/v1/models`);
    expect(f.requests[0].url).not.toContain(KEY);
  });

  it('keeps the key out of error messages even when the server echoes it', async () => {
    const f = fakeFetch(() => json({ error: `invalid key ${KEY}; header was Bearer ${KEY}` }, 401));
    const c = new HttpClient(BASE, { fetch: f.fetch, apiKey: KEY });
    const err = await failure(c.request({ path: '/v1/models', schema: ok }));
    expect(err.message).toContain('HTTP 401');
    expect(err.message).not.toContain(KEY);
    expect(err.serverMessage).not.toContain(KEY);
    expect(JSON.stringify(err)).not.toContain(KEY);
  });

  it('refuses base URLs that carry credentials or a query, without repeating them', () => {
    expect(() => new HttpClient('http://user:pw@host:8000')).toThrow(/without user info, query or fragment/);
    let msg = '';
    try {
      normalizeBaseUrl(`http://host:8000/?api_key=${KEY}`);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/without user info, query or fragment/);
    expect(msg).not.toContain(KEY);
    expect(normalizeBaseUrl(' http://h:1/v1/ ')).toBe('http://h:1');
    expect(normalizeBaseUrl('https://h/proxy/')).toBe('https://h/proxy');
  });
});
