import { describe, expect, it } from 'vitest';
import { BackendError } from './errors';
import { explainFailure, guessKindFromUrl } from './explain';
import { probeServer } from './probe';
import { fakeFetch, fakeServer, json, type FakeRequest } from './testing/fake-server';

const VLLM_OPENAPI = {
  openapi: '3.1.0',
  paths: { '/v1/models': {}, '/v1/completions': {}, '/tokenize': {}, '/pooling': {}, '/version': {} },
  components: { schemas: { CompletionRequest: { properties: { prompt: {}, n: {}, prompt_logprobs: {} } } } },
};

describe('probeServer', () => {
  it('vLLM: models, n > 1, prompt logprobs, /pooling and /tokenize from /openapi.json and two tiny completions', async () => {
    const server = fakeServer({ promptLogprobs: true, tokenize: 'vllm' });
    const f = fakeFetch((req) => (req.path === '/openapi.json' ? json(VLLM_OPENAPI) : server.fetch(req.url, { method: req.method, body: req.body ? JSON.stringify(req.body) : undefined })));
    const r = await probeServer('http://127.0.0.1:8000/v1', { fetch: f.fetch });
    expect(r).toMatchObject({
      ok: true, baseUrl: 'http://127.0.0.1:8000', kind: 'vllm', models: ['fake-7b'],
      capabilities: { completions: true, multiSample: true, promptLogprobs: true, pooling: true, tokenize: true },
    });
    const n2 = f.requests.find((q) => q.body?.n === 2);
    expect(n2?.body).toMatchObject({ model: 'fake-7b', max_tokens: 1 });
  });

  it('llama.cpp: /props identifies it; n > 1 and prompt logprobs are not even tried', async () => {
    const f = fakeFetch((req: FakeRequest) => {
      switch (req.path) {
        case '/v1/models': return json({ object: 'list', data: [{ id: 'qwen2.5-1.5b-instruct-q4_k_m.gguf', owned_by: 'me' }] });
        case '/props': return json({ default_generation_settings: {}, total_slots: 4 });
        case '/v1/completions': return json({ choices: [{ text: '2', finish_reason: 'length' }], usage: { prompt_tokens: 4, completion_tokens: 1 } });
        default: return json({ error: 'not found' }, 404);
      }
    });
    const r = await probeServer('http://localhost:8080', { fetch: f.fetch });
    expect(r).toMatchObject({ ok: true, kind: 'llamacpp', capabilities: { completions: true, multiSample: false, promptLogprobs: false, pooling: false, tokenize: true } });
    expect(f.requests.some((q) => q.body?.n !== undefined || q.body?.prompt_logprobs !== undefined)).toBe(false);
  });

  it('a server that refuses n > 1 without saying who it is: detected by trying', async () => {
    const server = fakeServer({ n: 'refuse' });
    const r = await probeServer('http://10.0.0.5:9999', { fetch: server.fetch });
    expect(r.capabilities.multiSample).toBe(false);
    expect(r.notes.join('\n')).toContain('n > 1 is refused (Only one completion choice is allowed)');
    expect(r.capabilities.promptLogprobs).toBe(false);
    expect(r.capabilities.tokenize).toBe(false);
  });

  it('Ollama: /api/version; n ignored', async () => {
    const server = fakeServer({ n: 'ignore' });
    const f = fakeFetch((req) => (req.path === '/api/version' ? json({ version: '0.12.3' })
      : req.path === '/v1/models' ? json({ object: 'list', data: [{ id: 'llama3.2:1b', owned_by: 'library' }] })
        : server.fetch(req.url, { method: req.method, body: req.body ? JSON.stringify(req.body) : undefined })));
    const r = await probeServer('http://127.0.0.1:11434', { fetch: f.fetch });
    expect(r).toMatchObject({ ok: true, kind: 'ollama', models: ['llama3.2:1b'], capabilities: { multiSample: false, promptLogprobs: false, tokenize: false } });
  });

  it('a pooling-only PRM server: completions false, pooling true', async () => {
    const f = fakeFetch((req) => {
      if (req.path === '/v1/models') return json({ data: [{ id: 'Qwen/Qwen2.5-Math-PRM-7B', owned_by: 'vllm' }] });
      if (req.path === '/openapi.json') return json(VLLM_OPENAPI);
      if (req.path === '/v1/completions') return json({ object: 'error', message: 'The model does not support Completions API' }, 400);
      return json({ tokens: [1, 2] });
    });
    const r = await probeServer('http://127.0.0.1:8001', { fetch: f.fetch });
    expect(r.capabilities).toMatchObject({ completions: false, pooling: true, multiSample: null });
    expect(r.notes.join('\n')).toContain('does not generate');
  });

  it('an occasional 5xx does not read as a missing capability: Test connection retries it (bounded)', async () => {
    const server = fakeServer({ promptLogprobs: true, tokenize: 'vllm' });
    let completions = 0;
    const f = fakeFetch((req) => {
      if (req.path === '/openapi.json') return json(VLLM_OPENAPI);
      // Every other completion request first fails with a 503, as an overloaded server does.
      if (req.path === '/v1/completions' && completions++ % 2 === 0) return json({ error: 'overloaded' }, 503);
      return server.fetch(req.url, { method: req.method, body: req.body ? JSON.stringify(req.body) : undefined });
    });
    const r = await probeServer('http://127.0.0.1:8000/v1', { fetch: f.fetch });
    expect(r).toMatchObject({ ok: true, capabilities: { completions: true, multiSample: true, promptLogprobs: true } });
    // A server that is down is still reported after one try per endpoint.
    const down = fakeFetch(() => { throw new TypeError('Failed to fetch'); });
    expect((await probeServer('http://127.0.0.1:8000', { fetch: down.fetch })).ok).toBe(false);
    expect(down.requests.length).toBeLessThanOrEqual(2);
  });

  it('passive mode sends no completion', async () => {
    const server = fakeServer();
    const r = await probeServer('http://127.0.0.1:8000', { fetch: server.fetch, active: false });
    expect(r.ok).toBe(true);
    expect(server.requests.some((q) => q.path === '/v1/completions')).toBe(false);
  });

  it('explains a browser network failure with the server\'s CORS flag, and never throws', async () => {
    const f = fakeFetch(() => { throw new TypeError('Failed to fetch'); });
    const r = await probeServer('http://gpu-box:11434', { fetch: f.fetch, pageOrigin: 'http://frontier.example' });
    expect(r.ok).toBe(false);
    expect(r.kind).toBe('ollama');
    expect(r.error).toContain('OLLAMA_ORIGINS=http://frontier.example');
    const bad = await probeServer('not a url');
    expect(bad.error).toContain('is not a valid http(s) URL');
  });

  it('an API key goes in the header of every probe request and nowhere else', async () => {
    const server = fakeServer({ tokenize: 'vllm' });
    await probeServer('http://127.0.0.1:8000', { fetch: server.fetch, apiKey: 'sk-probe' });
    expect(server.requests.every((q) => q.headers.authorization === 'Bearer sk-probe' && !q.url.includes('sk-probe'))).toBe(true);
  });
});

describe('explainFailure (pure)', () => {
  const net = new BackendError('network', 'http://h:8000', 'GET /v1/models', 'network error: Failed to fetch');
  const page = 'http://192.168.1.9:5173';

  it('names each server\'s CORS flag with the page origin', () => {
    expect(explainFailure(net, 'vllm', { baseUrl: 'http://h:8000', pageOrigin: page })).toContain(`--allowed-origins '["${page}"]'`);
    expect(explainFailure(net, 'ollama', { pageOrigin: page })).toContain(`OLLAMA_ORIGINS=${page}`);
    expect(explainFailure(net, 'tgi', { pageOrigin: page })).toContain(`--cors-allow-origin ${page}`);
    const unknown = explainFailure(net, 'unknown', { pageOrigin: page });
    for (const flag of ['--allowed-origins', 'OLLAMA_ORIGINS', '--cors-allow-origin']) expect(unknown).toContain(flag);
  });

  it('is the same text for the same input', () => {
    expect(explainFailure(net, 'tgi', { pageOrigin: page })).toBe(explainFailure(net, 'tgi', { pageOrigin: page }));
  });

  it('tells mixed content, refused connections, DNS, auth, 404 and timeouts apart', () => {
    expect(explainFailure(net, 'vllm', { baseUrl: 'http://h:8000', pageOrigin: 'https://app.example' })).toContain('mixed content');
    const refused = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    expect(explainFailure(refused, 'vllm', { baseUrl: 'http://h:8000' })).toContain('Nothing is listening at http://h:8000: is vLLM running');
    expect(explainFailure(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }), 'vllm')).toContain('does not resolve');
    expect(explainFailure(new BackendError('http', 's', 'GET /v1/models', 'HTTP 401', { status: 401 }), 'vllm')).toContain('API key');
    expect(explainFailure(new BackendError('http', 's', 'GET /v1/models', 'HTTP 404', { status: 404 }), 'vllm')).toContain('check the base URL');
    expect(explainFailure(new BackendError('timeout', 's', 'GET /v1/models', 'no answer within 10 s'), 'vllm')).toContain('raise the timeout');
  });

  it('guesses the kind from the default ports', () => {
    expect(['http://h:8000', 'http://h:30000', 'http://h:11434', 'http://h:8080', 'http://h:3000', 'http://h'].map(guessKindFromUrl))
      .toEqual(['vllm', 'sglang', 'ollama', 'llamacpp', 'tgi', 'unknown']);
  });
});
