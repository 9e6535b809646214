import { describe, expect, it } from 'vitest';
import { createRng } from '../search/rng';
import { nodeFrom } from '../search/testing/nodes';
import type { Problem, SearchNode, StepSample } from '../search/types';
import { createHttpBackend, type LiveBackendConfig, type PolicyConfig } from './config';
import { BackendError } from './errors';
import type { HttpBackend } from './http-backend';
import { fakeFetch, fakeServer, fakeStep, json, type FakeFetch, type FakeServerOptions } from './testing/fake-server';

const BASE = 'http://127.0.0.1:8000';
const problem: Problem = { id: 'p1', question: 'What is 1 + 1?', answer: '2', dataset: 'math500' };
const opts = (seed = 1, temperature = 1) => ({ temperature, maxStepTokens: 64, rng: createRng(seed) });

function setup(server: FakeServerOptions = {}, policy: Partial<PolicyConfig> = {}, extra: Partial<LiveBackendConfig> = {}): { f: FakeFetch; b: HttpBackend } {
  const f = fakeServer(server);
  const b = createHttpBackend({ policy: { baseUrl: BASE, model: 'fake-7b', params: 7e9, ...policy }, ...extra, http: { backoffMs: 1, ...extra.http } }, { fetch: f.fetch });
  return { f, b };
}

const completionsCalls = (f: FakeFetch) => f.requests.filter((r) => r.path === '/v1/completions');

/** Build the chain of nodes the samples would make in a run. */
function chain(samples: StepSample[], parent: SearchNode | null = null, firstId = 0): SearchNode {
  let node = parent;
  samples.forEach((s, i) => { node = nodeFrom(firstId + i, s, node); });
  return node!;
}

describe('HttpBackend.expand over /v1/completions (vLLM shape)', () => {
  it('sends the step-wise prompt with n, stop, max_tokens, temperature and a seed from the rng', async () => {
    const { f, b } = setup({ depth: 3 });
    const res = await b.expand(problem, null, 4, opts(5, 0.7));
    const req = completionsCalls(f)[0].body!;
    expect(req).toMatchObject({
      model: 'fake-7b', n: 4, max_tokens: 64, temperature: 0.7,
      prompt: 'Question: What is 1 + 1?\nAnswer: Let\'s think step by step.\n\n', stop: ['\n\n', '\n\nQuestion:'],
    });
    expect(req.seed).toBe(createRng(5).int(2 ** 31 - 1));
    expect(res.samples).toHaveLength(4);
    const seed = req.seed as number;
    expect(res.samples.map((s) => s.text)).toEqual([0, 1, 2, 3].map((j) => fakeStep(seed + j, 1, 3)));
    expect(res.samples.every((s) => s.finishReason === 'stop' && !s.terminal)).toBe(true);
    expect(completionsCalls(f)).toHaveLength(1);
    expect(b.describe().capabilities.multiSample).toBe(true);
  });

  it('continues a prefix: the prompt holds the question and every step so far, each followed by the delimiter', async () => {
    const { f, b } = setup({ depth: 3 });
    const first = await b.expand(problem, null, 1, opts());
    const n1 = chain(first.samples);
    const second = await b.expand(problem, n1, 1, opts(2));
    const prompt = completionsCalls(f)[1].body!.prompt as string;
    expect(prompt.endsWith(`${first.samples[0].text}\n\n`)).toBe(true);
    const third = await b.expand(problem, chain(second.samples, n1, 1), 1, opts(3));
    const s = third.samples[0];
    // The fake ends on EOS after the answer step (stop_reason null): terminal, with its answer.
    expect(s).toMatchObject({ terminal: true, finishReason: 'eos' });
    expect(s.answer).toBe(String((completionsCalls(f)[2].body!.seed as number) % 3));
  });

  it('takes completion tokens from usage and counts prompt tokens once, then only the unseen part', async () => {
    const { b } = setup({ depth: 4 });
    const r1 = await b.expand(problem, null, 1, opts());
    const words = r1.samples[0].text.split(/\s+/).length;
    expect(r1.samples[0].tokens).toBe(words + 1);
    const promptWords = 'Question: What is 1 + 1?\nAnswer: Let\'s think step by step.'.split(/\s+/).length;
    expect(r1.cost?.promptTokens).toBe(promptWords + 1);
    const r2 = await b.expand(problem, chain(r1.samples), 1, opts(2));
    // Everything before was seen: the question's prompt and the generated step (its token count
    // includes the stop token), so nothing is new in the fake's whitespace tokenizer.
    expect(r2.cost?.promptTokens).toBe(0);
    expect(r2.cost?.wallMs).toBeGreaterThanOrEqual(0);
  });

  it('n > 1 on vLLM ≥ 0.10.2: asks for return_token_ids and counts each sample by its token_ids, with no /tokenize request', async () => {
    const { f, b } = setup({ tokenIds: true, tokenize: 'vllm' });
    const a = await b.expand(problem, null, 3, opts());
    expect(completionsCalls(f)[0].body).toMatchObject({ n: 3, return_token_ids: true });
    // The fake's count of a sample: its words plus the stop token (which the text no longer shows).
    expect(a.samples.map((s) => s.tokens)).toEqual(a.samples.map((s) => s.text.split(/\s+/).length + 1));
    await b.expand(problem, null, 2, opts(2));
    expect(completionsCalls(f)[1].body).toMatchObject({ n: 2, return_token_ids: true });
    expect(f.requests.filter((r) => r.path === '/tokenize')).toHaveLength(0);
    expect(b.policy.tokenIds).toBe(true);
    expect(b.notes).toEqual([]);
  });

  it('n > 1 on a server that ignores return_token_ids: /tokenize per sample, same counts, and the field is not sent again', async () => {
    const counts = async (server: FakeServerOptions) => {
      const { f, b } = setup({ tokenize: 'vllm', ...server });
      const first = await b.expand(problem, null, 3, opts());
      const second = await b.expand(problem, null, 2, opts(2));
      return { f, b, tokens: [...first.samples, ...second.samples].map((s) => s.tokens) };
    };
    const exact = await counts({ tokenIds: true });
    const old = await counts({});
    expect(old.tokens).toEqual(exact.tokens);
    expect(completionsCalls(old.f).map((c) => c.body!.return_token_ids)).toEqual([true, undefined]);
    expect(old.f.requests.filter((r) => r.path === '/tokenize')).toHaveLength(5);
    expect(old.b.policy.tokenIds).toBe(false);
    expect(old.b.notes.join(' ')).toContain('ignores return_token_ids');
  });

  it('a server that refuses the unknown field (400 naming it) is asked again without it, and never again with it', async () => {
    const { f, b } = setup({ tokenIds: 'refuse', tokenize: 'vllm' });
    const r = await b.expand(problem, null, 3, opts());
    expect(r.samples.map((s) => s.tokens)).toEqual(r.samples.map((s) => s.text.split(/\s+/).length + 1));
    await b.expand(problem, null, 2, opts(2));
    expect(completionsCalls(f).map((c) => [c.body!.n, c.body!.return_token_ids])).toEqual([[3, true], [3, undefined], [2, undefined]]);
    // It still takes n > 1: the refusal was about the field, not about n.
    expect(b.policy.multiSample).toBe(true);
    expect(b.notes.join(' ')).toContain('refused return_token_ids');
  });

  it('never asks for token ids where usage is already per sample: n = 1, and servers without n > 1', async () => {
    const one = setup({ tokenIds: true });
    await one.b.expand(problem, null, 1, opts());
    expect(completionsCalls(one.f)[0].body!.return_token_ids).toBeUndefined();
    for (const kind of ['llamacpp', 'ollama', 'tgi'] as const) {
      // Ollama over its OpenAI endpoint, chosen explicitly (its default is /api/generate, dialects.test.ts).
      const { f, b } = setup({ tokenIds: true }, { kind, dialect: 'completions' });
      await b.expand(problem, null, 2, opts());
      expect(completionsCalls(f).map((c) => c.body!.return_token_ids)).toEqual([undefined, undefined]);
    }
  });

  it('without usage, counts tokens with /tokenize (llama.cpp dialect too)', async () => {
    const { f, b } = setup({ usage: 'none', tokenize: 'llamacpp', n: 'refuse', stopReason: false }, { kind: 'llamacpp' });
    const res = await b.expand(problem, null, 2, opts());
    expect(res.samples.map((s) => s.tokens)).toEqual(res.samples.map((s) => s.text.split(/\s+/).length));
    const tok = f.requests.filter((r) => r.path === '/tokenize');
    expect(tok[0].body).toMatchObject({ content: expect.any(String), add_special: false });
    expect(b.notes.join(' ')).toContain('counted with /tokenize');
  });

  it('fails clearly when there is neither usage nor /tokenize', async () => {
    const { b } = setup({ usage: 'none', tokenize: false });
    await expect(b.expand(problem, null, 1, opts())).rejects.toThrow('http://127.0.0.1:8000: POST /v1/completions — the answer has no usage.completion_tokens and the server has no /tokenize');
  });

  it('falls back to /tokenize for prompt tokens when usage has only the completion total', async () => {
    const { b } = setup({ usage: 'total-only', tokenize: 'vllm' });
    const res = await b.expand(problem, null, 1, opts());
    expect(res.cost?.promptTokens).toBe('Question: What is 1 + 1?\nAnswer: Let\'s think step by step.'.split(/\s+/).length + 1);
  });
});

describe('n > 1 where the server refuses or ignores it', () => {
  it('llama.cpp: a 400 for n > 1 turns into n parallel requests, detected once and remembered', async () => {
    const { f, b } = setup({ n: 'refuse', stopReason: false });
    const r1 = await b.expand(problem, null, 4, opts());
    expect(r1.samples).toHaveLength(4);
    const calls = completionsCalls(f);
    expect(calls.map((c) => c.body!.n)).toEqual([4, undefined, undefined, undefined, undefined]);
    const seeds = calls.slice(1).map((c) => c.body!.seed as number);
    expect(seeds).toEqual([seeds[0], seeds[0] + 1, seeds[0] + 2, seeds[0] + 3]);
    expect(new Set(r1.samples.map((s) => s.text)).size).toBe(4);
    expect(b.describe().capabilities.multiSample).toBe(false);
    expect(b.notes[0]).toContain('refused n > 1 (HTTP 400: "Only one completion choice is allowed")');
    await b.expand(problem, null, 3, opts(2));
    expect(completionsCalls(f).slice(5).map((c) => c.body!.n)).toEqual([undefined, undefined, undefined]);
  });

  it('Ollama: n ignored (one choice back) keeps that sample and asks for the rest in parallel', async () => {
    const { f, b } = setup({ n: 'ignore', stopReason: false });
    const res = await b.expand(problem, null, 3, opts());
    expect(res.samples).toHaveLength(3);
    expect(completionsCalls(f).map((c) => c.body!.n)).toEqual([3, undefined, undefined]);
    expect(b.describe().capabilities.multiSample).toBe(false);
  });

  it('a server kind known to lack n > 1 never sends it', async () => {
    const { f, b } = setup({}, { kind: 'ollama', dialect: 'completions' });
    await b.expand(problem, null, 2, opts());
    expect(completionsCalls(f).map((c) => c.body!.n)).toEqual([undefined, undefined]);
  });

  it('a 400 that is not about n (the n = 1 requests fail too) is reported, not hidden', async () => {
    const { b } = setup({ fault: (req) => (req.path === '/v1/completions' ? json({ error: { message: 'prompt too long' } }, 400) : undefined) });
    const err = await b.expand(problem, null, 2, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as Error).message).toBe('http://127.0.0.1:8000: POST /v1/completions — HTTP 400: "prompt too long"');
    expect(b.policy.multiSample).toBeUndefined();
  });
});

describe('stop reasons and terminal steps', () => {
  const fixed = (choice: Record<string, unknown>, n = 1) => ({
    fault: (req: { path: string }) => (req.path === '/v1/completions'
      ? json({ choices: Array.from({ length: n }, (_, index) => ({ index, ...choice })), usage: { prompt_tokens: 5, completion_tokens: 7 * n } })
      : undefined),
  });

  it('length: a truncated, non-terminal step', async () => {
    const { b } = setup(fixed({ text: 'Step 1: a very long', finish_reason: 'length', stop_reason: null }));
    expect((await b.expand(problem, null, 1, opts())).samples[0]).toMatchObject({ finishReason: 'length', terminal: false, tokens: 7 });
  });

  it('a stop token id (vLLM: extra EOS ids) ends the solution', async () => {
    const { b } = setup(fixed({ text: 'Done.', finish_reason: 'stop', stop_reason: 151645 }));
    expect((await b.expand(problem, null, 1, opts())).samples[0]).toMatchObject({ finishReason: 'eos', terminal: true });
  });

  it('a step that states the answer is terminal even when stopped by the delimiter', async () => {
    const { b } = setup(fixed({ text: 'So the answer is $\\boxed{\\frac12}$.', finish_reason: 'stop', stop_reason: '\n\n' }));
    expect((await b.expand(problem, null, 1, opts())).samples[0]).toMatchObject({ finishReason: 'stop', terminal: true, answer: '\\frac12' });
  });

  it('an end stop (few-shot "Question:") ends the solution; a stop string left in the text is cut', async () => {
    const { b } = setup(fixed({ text: 'The answer is 2.\n\nQuestion:', finish_reason: 'stop', stop_reason: '\n\nQuestion:' }));
    expect((await b.expand(problem, null, 1, opts())).samples[0]).toMatchObject({ text: 'The answer is 2.', finishReason: 'eos', terminal: true, answer: '2' });
  });

  it('TGI finish reasons: eos_token and stop_sequence', async () => {
    const eos = setup(fixed({ text: 'x', finish_reason: 'eos_token' }));
    expect((await eos.b.expand(problem, null, 1, opts())).samples[0]).toMatchObject({ finishReason: 'eos', terminal: true });
    const stop = setup(fixed({ text: 'x\n\n', finish_reason: 'stop_sequence' }));
    expect((await stop.b.expand(problem, null, 1, opts())).samples[0]).toMatchObject({ text: 'x', finishReason: 'stop', terminal: false });
  });

  it('without stop_reason (llama.cpp, Ollama) an empty stop is the end of the solution, a non-empty one a step', async () => {
    const empty = setup(fixed({ text: '', finish_reason: 'stop' }));
    expect((await empty.b.expand(problem, null, 1, opts())).samples[0]).toMatchObject({ finishReason: 'eos', terminal: true });
    const step = setup(fixed({ text: 'Step 2: more', finish_reason: 'stop' }));
    expect((await step.b.expand(problem, null, 1, opts())).samples[0]).toMatchObject({ finishReason: 'stop', terminal: false });
  });

  it('rejects an unknown finish_reason, "abort", and a wrong number of choices', async () => {
    const odd = setup(fixed({ text: 'x', finish_reason: 'tool_calls' }));
    await expect(odd.b.expand(problem, null, 1, opts())).rejects.toThrow('malformed response: choices[0].finish_reason: must be stop, length, eos_token or stop_sequence (got "tool_calls")');
    const abort = setup(fixed({ text: 'x', finish_reason: 'abort' }));
    await expect(abort.b.expand(problem, null, 1, opts())).rejects.toThrow('the server aborted the sample');
    const three = setup(fixed({ text: 'x', finish_reason: 'stop' }, 3));
    await expect(three.b.expand(problem, null, 2, opts())).rejects.toThrow('malformed response: asked for 2 samples, got 3 choices');
  });
});

describe('numbered steps ("Step {k}:", the official REBASE format)', () => {
  it('ends the prompt with the next header and stops at the one after', async () => {
    const { f, b } = setup({ depth: 3 }, { format: 'metamath' });
    const r1 = await b.expand(problem, null, 1, opts());
    const c1 = completionsCalls(f)[0].body!;
    expect((c1.prompt as string).endsWith('Let\'s think step by step.\nStep 1:')).toBe(true);
    expect(c1.stop).toEqual(['Step 2:']);
    const r2 = await b.expand(problem, chain(r1.samples), 1, opts(2));
    const c2 = completionsCalls(f)[1].body!;
    expect((c2.prompt as string).endsWith(`Step 1:${r1.samples[0].text}Step 2:`)).toBe(true);
    expect(c2.stop).toEqual(['Step 3:']);
    expect(r2.samples[0].terminal).toBe(false);
  });
});

describe('complete: whole solutions split into steps', () => {
  it('one request, steps at the delimiter, tokens summing exactly to usage, last step terminal', async () => {
    const { f, b } = setup({ depth: 4, tokenize: 'vllm' });
    const res = await b.complete!(problem, 3, { ...opts(), maxDepth: 25 });
    const call = completionsCalls(f)[0].body!;
    expect(call).toMatchObject({ n: 3, stop: ['\n\nQuestion:'], max_tokens: Math.min(2048, 64 * 25) });
    expect(res.solutions).toHaveLength(3);
    for (const [j, sol] of res.solutions.entries()) {
      expect(sol.map((s) => s.text)).toEqual([1, 2, 3, 4].map((k) => fakeStep((call.seed as number) + j, k, 4)));
      expect(sol.map((s) => s.terminal)).toEqual([false, false, false, true]);
      expect(sol[3].answer).toBe(String(((call.seed as number) + j) % 3));
      const words = sol.map((s) => s.text.split(/\s+/).length).reduce((x, y) => x + y, 0);
      // The fake counts the whole text's words plus the EOS token; the split must keep that sum.
      expect(sol.reduce((x, s) => x + s.tokens, 0)).toBe(words + 1);
    }
    expect(b.describe().capabilities.complete).toBe(true);
  });

  it('keeps a chain within maxDepth by merging the tail into the last step', async () => {
    const { b } = setup({ depth: 5 });
    const res = await b.complete!(problem, 1, { ...opts(), maxDepth: 3 });
    expect(res.solutions[0]).toHaveLength(3);
    expect(res.solutions[0][2].text.split('\n\n')).toHaveLength(3);
    expect(res.solutions[0][2].terminal).toBe(true);
  });

  it('splits numbered solutions at the "Step k:" headers', async () => {
    const { f, b } = setup({ depth: 3 }, { format: 'metamath' });
    const res = await b.complete!(problem, 1, { ...opts(), maxDepth: 25 });
    const seed = completionsCalls(f)[0].body!.seed as number;
    expect(completionsCalls(f)[0].body!.stop).toBeUndefined();
    expect(res.solutions[0].map((s) => s.text)).toEqual([1, 2, 3].map((k) => ` ${fakeStep(seed, k, 3).replace(/^Step \d+:\s*/, '')}\n`));
    expect(res.solutions[0].map((s) => s.terminal)).toEqual([false, false, true]);
  });

  it('is absent when turned off, so the engine loops over expand', () => {
    expect(setup({}, { complete: false }).b.complete).toBeUndefined();
  });
});

describe('determinism and the Backend contract', () => {
  it('the same rng seed sends the same requests and gets the same samples', async () => {
    const run = async () => {
      const { f, b } = setup({ depth: 3 });
      const r = await b.expand(problem, null, 3, opts(42));
      return { bodies: completionsCalls(f).map((c) => c.body), texts: r.samples.map((s) => s.text) };
    };
    expect(await run()).toEqual(await run());
  });

  it('without a PRM: describe().prm is null and score says why', async () => {
    const { b } = setup();
    expect(b.describe()).toEqual({ policy: { name: 'fake-7b', params: 7e9 }, prm: null, capabilities: { complete: true, multiSample: false, replay: false } });
    await expect(b.score(problem, [])).rejects.toThrow('this backend has no process reward model');
  });

  it('takes the policy parameter count from the registry by model name, and refuses an unknown model without one', () => {
    const f = fakeServer();
    const known = createHttpBackend({ policy: { baseUrl: BASE, model: 'Qwen/Qwen2.5-Math-7B-Instruct' } }, { fetch: f.fetch });
    expect(known.describe().policy.params).toBe(7.62e9);
    expect(() => createHttpBackend({ policy: { baseUrl: BASE, model: 'my-own-model' } })).toThrow('give its parameter count');
  });
});

describe('reasoning models (Qwen3 / R1 presets): an answer inside <think> does not end the solution', () => {
  const completion = (text: string, stop: string | null) => json({ id: 'c', object: 'text_completion', model: 'm', choices: [{ index: 0, text, finish_reason: 'stop', stop_reason: stop }], usage: { prompt_tokens: 20, completion_tokens: 7, total_tokens: 27 } });
  const reasoner = (text: string, stop: string | null, format: PolicyConfig['format']) => {
    const f = fakeFetch((req) => (req.path === '/v1/completions' ? completion(text, stop) : json({ error: { message: 'not found' } }, 404)));
    return { f, b: createHttpBackend({ policy: { baseUrl: BASE, model: 'Qwen/Qwen3-8B', params: 8e9, format, multiSample: true }, http: { backoffMs: 1, retries: 0 } }, { fetch: f.fetch }) };
  };

  it('a step that says "the answer is 5" mid-thought is not terminal; the step after </think> is', async () => {
    const thought = reasoner('<think>\nSo the answer is 5? Let me check.', '\n\n', 'qwen3-think');
    const s1 = (await thought.b.expand(problem, null, 1, opts())).samples[0];
    expect(s1.terminal).toBe(false);
    const close = reasoner('Yes, 2.\n</think>\n\nThe answer is \\boxed{2}.', '\n\n', 'qwen3-think');
    const s2 = (await close.b.expand(problem, chain([s1]), 1, opts())).samples[0];
    expect(s2).toMatchObject({ terminal: true, answer: '2' });
    // Qwen3 with thinking off: the template closed the block, so an answer step is terminal at once.
    const off = reasoner('The answer is \\boxed{2}.', '\n\n', 'qwen3-no-think');
    expect((await off.b.expand(problem, null, 1, opts())).samples[0]).toMatchObject({ terminal: true, answer: '2' });
    expect(completionsCalls(off.f)[0].body!.prompt).toContain('<|im_start|>assistant\n<think>\n\n</think>\n\n');
  });

  it('splits a whole thinking solution into steps and ends it at the answer after </think>, not at one inside', async () => {
    const text = '<think>\nThe answer is 3?\n\nNo: 1 + 1 = 2.\n</think>\n\nThe answer is \\boxed{2}.\n\nExtra words.';
    const { b } = reasoner(text, null, 'r1');
    const [sol] = (await b.complete!(problem, 1, { ...opts(), maxDepth: 25 })).solutions;
    expect(sol.map((s) => s.text)).toEqual(['<think>\nThe answer is 3?', 'No: 1 + 1 = 2.\n</think>', 'The answer is \\boxed{2}.\n\nExtra words.']);
    expect(sol.map((s) => s.terminal)).toEqual([false, false, true]);
    expect(sol[2].answer).toBe('2');
  });
});

