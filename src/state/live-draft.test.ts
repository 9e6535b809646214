/**
 * The Backends panel's validation: every field's problem is reported at once and next to its
 * field, a good draft becomes a saved server (URL normalised, registry counts left to the
 * registry), and the backend config a run sends carries the keys only there.
 */
import { describe, expect, it } from 'vitest';
import { parseParamCount, toBackendConfig } from './live-config';
import { blankDraft, checkDraft, draftOf, looseServer, urlProblem, type ServerDraft } from './live-draft';

const good = (patch: Partial<ServerDraft> = {}): ServerDraft => ({ ...blankDraft(), model: 'Qwen/Qwen2.5-Math-7B-Instruct', ...patch });

describe('checkDraft', () => {
  it('accepts a complete draft: URL normalised, the registry\'s count left to the registry', () => {
    const r = checkDraft(good({ baseUrl: ' http://127.0.0.1:8000/v1/ ', format: 'qwen-math' }), 'vllm');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.server).toMatchObject({ id: 'vllm', baseUrl: 'http://127.0.0.1:8000', model: 'Qwen/Qwen2.5-Math-7B-Instruct', params: null, format: 'qwen-math', prm: { type: 'none' } });
    expect(toBackendConfig(r.server).policy.params).toBe(7.62e9);
  });

  it('reports every bad field at once, each with what to do', () => {
    const r = checkDraft({
      ...blankDraft(), name: ' ', baseUrl: 'http://user:secret@host:8000', model: '', params: 'seven',
      format: 'custom', template: 'no placeholder', delimiter: '', answerPattern: '(',
      prmType: 'pooling', prmModel: '', prmBaseUrl: 'ftp://x', prmParams: '', concurrency: '0', timeoutS: 'x', retries: '11',
    }, 'x');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      name: 'required: a name to tell this server apart',
      baseUrl: 'must not contain user:password — enter the API key in its own field',
      model: 'required: the served model name (Test connection lists them)',
      params: 'expected a parameter count such as 7e9, 7B or 410M',
      template: 'must contain {question}, where the question goes',
      delimiter: 'required: e.g. \\n\\n (a separator) or Step {k}: (a numbered header)',
      answerPattern: expect.stringMatching(/^not a valid regular expression/),
      prmModel: "required: the PRM's served model name",
      prmBaseUrl: 'must start with http:// or https:// (got ftp:)',
      prmParams: '"JSON PRM" is not in the model registry: give its parameter count (for the prm FLOPs switch)',
      concurrency: 'expected a whole number from 1 to 256',
      timeoutS: 'expected seconds from 1 to 3600',
      retries: 'expected a whole number from 0 to 10',
    });
  });

  it('asks for the parameter count of a model the registry does not know, and takes one typed as 1.5B or 7e9', () => {
    const unknown = checkDraft(good({ model: 'my-finetune' }), 'x');
    expect(unknown.ok ? null : unknown.errors.params).toBe('"my-finetune" is not in the model registry: give its parameter count (FLOPs = 2 × params × tokens)');
    const given = checkDraft(good({ model: 'my-finetune', params: '1.5B' }), 'x');
    expect(given.ok && given.server.params).toBe(1.5e9);
    expect(parseParamCount('7e9')).toBe(7e9);
    expect(parseParamCount('410M')).toBe(4.1e8);
    expect(parseParamCount('-3')).toBeNull();
  });

  it("knows serve-sim's models (the sim ladder and its PRM) by name", () => {
    const r = checkDraft(good({ model: 'sim-7B', prmType: 'pooling', prmModel: 'sim-PRM-34B' }), 'sim');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const cfg = toBackendConfig(r.server);
    expect(cfg.policy.params).toBe(6.74e9);
    expect(cfg.prm).toMatchObject({ type: 'pooling', baseUrl: 'http://127.0.0.1:8000', model: 'sim-PRM-34B', params: 3.37e10 });
  });

  it('carries the PRM output shape, the outcome-reward switch and the LLM judge into the backend config', () => {
    const scalar = checkDraft(good({ model: 'sim-7B', prmType: 'pooling', prmModel: 'Skywork/Skywork-o1-Open-PRM-Qwen-2.5-7B', prmParams: '7B', prmOutput: 'probability', prmOutcome: true }), 'x');
    expect(scalar.ok).toBe(true);
    if (!scalar.ok) return;
    expect(toBackendConfig(scalar.server).prm).toMatchObject({ type: 'pooling', output: 'probability', outcome: true });
    // The default shape is left out of the config, so older saved servers give the same config as before.
    const classes = checkDraft(good({ model: 'sim-7B', prmType: 'pooling', prmModel: 'sim-PRM-34B' }), 'x');
    expect(classes.ok && toBackendConfig(classes.server).prm).toEqual({ type: 'pooling', baseUrl: 'http://127.0.0.1:8000', model: 'sim-PRM-34B', params: 3.37e10 });
    const judge = checkDraft(good({ model: 'sim-7B', prmType: 'judge', prmModel: 'Qwen/Qwen2.5-7B-Instruct', prmParams: '7.6B' }), 'x');
    expect(judge.ok && toBackendConfig(judge.server).prm).toMatchObject({ type: 'judge', model: 'Qwen/Qwen2.5-7B-Instruct', params: 7.6e9 });
    expect(judge.ok && draftOf(judge.server)).toMatchObject({ prmType: 'judge', prmOutput: 'classes', prmOutcome: false });
  });

  it('refuses a key in a URL, query or fragment (keys never go in URLs)', () => {
    expect(urlProblem('http://127.0.0.1:8000/?api_key=sk-1')).toMatch(/query or fragment/);
    expect(urlProblem('http://127.0.0.1:8000/#sk-1')).toMatch(/query or fragment/);
    expect(urlProblem('127.0.0.1:8000')).toMatch(/http:\/\/ or https:\/\//);
    expect(urlProblem('')).toMatch(/^required/);
  });

  it('checks a JSON PRM by its endpoint URL, and a custom format by the engine\'s own rules', () => {
    const json = checkDraft(good({ prmType: 'json', prmUrl: 'not a url', prmParams: '7e9' }), 'x');
    expect(json.ok ? null : json.errors.prmUrl).toBe('must start with http:// or https:// — the endpoint URL, e.g. http://127.0.0.1:8000/prm');
    const numbered = checkDraft(good({ format: 'custom', template: 'Q: {question}\n', delimiter: 'Step {k}:', answerPattern: 'answer is' }), 'x');
    expect(numbered.ok).toBe(true);
  });
});

describe('toBackendConfig', () => {
  const server = () => {
    const r = checkDraft(good({ prmType: 'shepherd-logprobs', prmModel: 'peiyi9979/math-shepherd-mistral-7b-prm', prmBaseUrl: 'http://127.0.0.1:8001' }), 's');
    if (!r.ok) throw new Error('bad draft');
    return r.server;
  };

  it('puts the policy key on the policy and, unless the PRM has its own, on the PRM', () => {
    const cfg = toBackendConfig(server(), { policy: 'sk-a', prm: 'sk-b' });
    expect(cfg.policy.apiKey).toBe('sk-a');
    expect(cfg.prm).toMatchObject({ type: 'shepherd-logprobs', baseUrl: 'http://127.0.0.1:8001', apiKey: 'sk-a', params: 7.24e9 });
    const own = toBackendConfig({ ...server(), prm: { ...server().prm, ownKey: true } }, { policy: 'sk-a', prm: 'sk-b' });
    expect(own.prm).toMatchObject({ apiKey: 'sk-b' });
  });

  it('carries no key field at all without keys, and a saved server has none to carry', () => {
    const s = server();
    expect(JSON.stringify(s)).not.toMatch(/apiKey|sk-/);
    const cfg = toBackendConfig(s);
    expect('apiKey' in cfg.policy).toBe(false);
    expect(cfg.prm && 'apiKey' in cfg.prm).toBe(false);
  });

  it('probes what is typed before the draft is complete', () => {
    const s = looseServer({ ...blankDraft(), baseUrl: 'http://127.0.0.1:8000/v1', model: '' }, 'draft', null);
    expect(s).toMatchObject({ baseUrl: 'http://127.0.0.1:8000', model: '' });
  });
});
