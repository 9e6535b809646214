/**
 * serve-sim's switches: other servers' limits (n > 1 refused, no prompt logprobs, no pooling),
 * injected faults (seeded), latency, CORS and the API key — each as a client meets it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { simProblem } from '../../sim/index';
import type { ServeSimOptions } from './options';
import { startSimServer, type AnswerTiming } from './server';
import { Client } from './test-helpers';

const PROMPT = `Question: ${simProblem('sim-L2-0003').question}\nAnswer:\n\n`;
const BODY = { prompt: PROMPT, stop: ['\n\n'], max_tokens: 256, temperature: 0 };

const open: Client[] = [];
async function serve(options: ServeSimOptions): Promise<Client> {
  const c = await Client.start(options);
  open.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe('behaving like other servers', () => {
  it('--no-multi-sample refuses n > 1 with llama.cpp\'s error and serves n = 1; it answers /props as llama.cpp does', async () => {
    const s = await serve({ multiSample: false });
    const refused = await s.post('/v1/completions', { ...BODY, n: 2 });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ message: 'Only one completion choice is allowed', type: 'invalid_request_error' });
    expect((await s.post('/v1/completions', { ...BODY, n: 1 })).json.choices).toHaveLength(1);
    expect((await s.get('/props')).json.default_generation_settings.n_ctx).toBe(4096);
    expect((await (await serve({})).get('/props')).status).toBe(404);
  });

  it('--no-prompt-logprobs ignores the field (as llama.cpp and Ollama) and /openapi.json stops listing it', async () => {
    const plain = await serve({});
    const limited = await serve({ promptLogprobs: false, pooling: false });
    const req = { ...BODY, model: 'sim-PRM-34B', prompt: `${simProblem('sim-L2-0003').question} Step 1: x ки`, max_tokens: 1, prompt_logprobs: 5 };
    const fields = async (c: Client) => Object.keys((await c.get('/openapi.json')).json.components.schemas.CompletionRequest.properties);
    expect(await fields(plain)).toContain('prompt_logprobs');
    expect(await fields(limited)).not.toContain('prompt_logprobs');
    expect(Object.keys((await plain.get('/openapi.json')).json.paths)).toContain('/pooling');
    expect(Object.keys((await limited.get('/openapi.json')).json.paths)).not.toContain('/pooling');
    expect((await limited.post('/pooling', { input: 'x' })).status).toBe(404);
    // The step "x" is not a sim step, so ask with a real one.
    const step1 = (await plain.post('/v1/completions', BODY)).json.choices[0].text;
    const real = { ...req, prompt: `${simProblem('sim-L2-0003').question} ${step1} ки` };
    expect((await plain.post('/v1/completions', real)).json.choices[0].prompt_logprobs).not.toBeNull();
    const ignored = await limited.post('/v1/completions', real);
    expect(ignored.status).toBe(200);
    expect(ignored.json.choices[0].prompt_logprobs).toBeNull();
  });
});

describe('faults', () => {
  it('--error-rate answers that share of work requests 500 or 429, in a sequence the seed fixes; probing still works', async () => {
    const statuses = async (c: Client) => {
      const out: number[] = [];
      for (let i = 0; i < 40; i++) {
        const r = await c.post('/v1/completions', BODY);
        if (r.status !== 200) expect(r.json.error.message).toMatch(/simulated/);
        out.push(r.status);
      }
      return out;
    };
    const a = await statuses(await serve({ errorRate: 0.5, seed: 3 }));
    expect(new Set(a)).toEqual(new Set([200, 500, 429]));
    const failed = a.filter((s) => s !== 200).length;
    expect(failed).toBeGreaterThanOrEqual(10);
    expect(failed).toBeLessThanOrEqual(30);
    expect(await statuses(await serve({ errorRate: 0.5, seed: 3 }))).toEqual(a);
    const always = await serve({ errorRate: 1 });
    expect((await always.post('/v1/completions', BODY)).status).not.toBe(200);
    expect((await always.get('/v1/models')).status).toBe(200);
  });

  it('--malformed answers 200 with JSON that is cut off or has the wrong shape', async () => {
    const s = await serve({ malformedRate: 1, seed: 2 });
    let broken = 0;
    let misshapen = 0;
    for (let i = 0; i < 20; i++) {
      const r = await s.post('/v1/completions', BODY);
      expect(r.status).toBe(200);
      if (r.json === undefined) broken++;
      else {
        expect(typeof r.json.choices[0].text).not.toBe('string');
        misshapen++;
      }
    }
    expect(broken).toBeGreaterThan(0);
    expect(misshapen).toBeGreaterThan(0);
  });

  it('--drop-rate closes the connection without an answer', async () => {
    const s = await serve({ dropRate: 1 });
    await expect(s.post('/v1/completions', BODY)).rejects.toThrow();
    expect((await s.get('/health')).status).toBe(200);
  });

  it('tokenIds: false ignores return_token_ids, as vLLM before 0.10.2 does, and /openapi.json stops listing it', async () => {
    const plain = await serve({});
    const old = await serve({ tokenIds: false });
    const req = { ...BODY, n: 2, temperature: 1, seed: 9, return_token_ids: true };
    const fields = async (c: Client) => Object.keys((await c.get('/openapi.json')).json.components.schemas.CompletionRequest.properties);
    expect((await plain.post('/v1/completions', req)).json.choices[0].token_ids).toEqual(expect.any(Array));
    const ignored = await old.post('/v1/completions', req);
    expect(ignored.status).toBe(200);
    expect(ignored.json.choices[0].token_ids).toBeUndefined();
    expect(ignored.json.choices[0].prompt_token_ids).toBeUndefined();
    expect(await fields(plain)).toContain('return_token_ids');
    expect(await fields(old)).not.toContain('return_token_ids');
  });

  it('--latency delays every answer by at least that long', async () => {
    const s = await serve({ latencyMs: 150, jitterMs: 20 });
    for (const call of [() => s.post('/v1/completions', BODY), () => s.get('/v1/models')]) {
      const t0 = performance.now();
      expect((await call()).status).toBe(200);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(150);
    }
  });
});

describe('latency counts from arrival', () => {
  it('each answer is due latency after its request arrived, its handler runs within that wait, and onAnswer reports it', async () => {
    const seen: AnswerTiming[] = [];
    const server = await startSimServer({ port: 0, latencyMs: 80 }, { onAnswer: (t) => seen.push(t) });
    try {
      const post = (body: object) => fetch(`${server.url}/v1/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'r1' }, body: JSON.stringify(body) });
      const res = await Promise.all([post(BODY), post({ ...BODY, n: 8, temperature: 1 }), post(BODY)]);
      expect(res.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(seen).toHaveLength(3);
      for (const t of seen) {
        expect(t).toMatchObject({ method: 'POST', path: '/v1/completions', requestId: 'r1' });
        expect(t.due - t.arrived).toBeCloseTo(80, 6);
        // The handler's work is part of the wait, not added to it.
        expect(t.handleStart).toBeGreaterThanOrEqual(t.arrived);
        expect(t.handleEnd).toBeLessThanOrEqual(t.due);
        expect(t.sent).toBeGreaterThanOrEqual(t.due);
      }
    } finally {
      await server.close();
    }
  });
});

describe('CORS and the API key', () => {
  const preflight = (c: Client, origin: string) => c.call('OPTIONS', '/v1/completions', undefined, {
    origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization',
  });

  it('allows any origin by default, as vLLM does: preflight and answer', async () => {
    const s = await serve({});
    const p = await preflight(s, 'http://localhost:5173');
    expect(p.status).toBe(200);
    expect(p.headers.get('access-control-allow-origin')).toBe('*');
    expect(p.headers.get('access-control-allow-headers')).toBe('content-type,authorization');
    expect(p.headers.get('access-control-allow-methods')).toContain('POST');
    const r = await s.post('/v1/completions', BODY, { origin: 'http://localhost:5173' });
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('--allowed-origins admits the listed origins only', async () => {
    const s = await serve({ allowedOrigins: ['http://localhost:5173'] });
    const ok = await preflight(s, 'http://localhost:5173');
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const refused = await preflight(s, 'http://evil.example');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const r = await s.post('/v1/completions', BODY, { origin: 'http://evil.example' });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('--api-key guards /v1/* only, as vLLM\'s does', async () => {
    const s = await serve({ apiKey: 'sekrit' });
    expect((await s.post('/v1/completions', BODY)).status).toBe(401);
    expect((await s.post('/v1/completions', BODY, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await s.post('/v1/completions', BODY, { authorization: 'Bearer sekrit' })).status).toBe(200);
    expect((await s.post('/tokenize', { prompt: 'x' })).status).toBe(200);
  });
});
