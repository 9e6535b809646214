/**
 * The dialects (dialect.ts) against the fake server's Ollama, chat and SGLang endpoints, in the
 * shapes of those servers' docs: what is sent, what is read, and whole REBASE / voting runs.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../search/rng';
import { parseSpec } from '../search/strategies/spec';
import { nodeFrom } from '../search/testing/nodes';
import { record } from '../search/testing/record';
import type { Problem, SearchNode, StepSample } from '../search/types';
import { createHttpBackend, type PolicyConfig, type PrmConfig } from './config';
import { resolveContinuation, resolveDialect } from './dialect';
import { BackendError } from './errors';
import { fakeReward, fakeServer, fakeStep, fakeTokens, type FakeServerOptions } from './testing/fake-server';

const BASE = 'http://127.0.0.1:11434';
const problem: Problem = { id: 'p1', question: 'What is 1 + 1?', answer: '2', dataset: 'math500' };
const opts = (seed = 1, temperature = 1) => ({ temperature, maxStepTokens: 64, rng: createRng(seed) });
const SEED = (seed: number) => createRng(seed).int(2 ** 31 - 1);

function setup(server: FakeServerOptions, policy: Partial<PolicyConfig>, prm: PrmConfig | null = null) {
  const f = fakeServer(server);
  const b = createHttpBackend({ policy: { baseUrl: BASE, model: 'llama3.2:1b', params: 1.2e9, ...policy }, prm, http: { backoffMs: 1, retries: 1 } }, { fetch: f.fetch });
  return { f, b };
}

function chain(samples: StepSample[], parent: SearchNode | null = null, firstId = 0): SearchNode {
  let node = parent;
  samples.forEach((s, i) => { node = nodeFrom(firstId + i, s, node); });
  return node!;
}

const rebase = parseSpec({ name: 'rebase', params: { width: 4, maxDepth: 6 } });

describe('resolveDialect / resolveContinuation', () => {
  it('Ollama samples through /api/generate unless another dialect is chosen; continuation follows the server kind', () => {
    expect(resolveDialect(undefined, 'ollama').dialect).toBe('ollama');
    expect(resolveDialect(undefined, 'ollama').reason).toContain('chat template');
    expect(resolveDialect('chat', 'ollama').dialect).toBe('chat');
    expect(resolveDialect(undefined, 'vllm').dialect).toBe('completions');
    expect(resolveContinuation(undefined, 'vllm').continuation).toBe('flags');
    expect(resolveContinuation(undefined, 'llamacpp').continuation).toBe('prefill');
    expect(resolveContinuation(undefined, 'unknown').continuation).toBe('none');
  });
});

describe('Ollama /api/generate with raw: true', () => {
  const ollama: FakeServerOptions = { dialects: { ollama: '0.13.0' }, depth: 3 };

  it('sends the raw prompt with stream false and options {num_predict, stop, seed, temperature}, one request per sample', async () => {
    const { f, b } = setup(ollama, { kind: 'ollama' });
    const res = await b.expand(problem, null, 3, opts(5, 0.7));
    const calls = f.requests.filter((r) => r.path === '/api/generate');
    expect(calls).toHaveLength(3);
    expect(f.requests.some((r) => r.path === '/v1/completions')).toBe(false);
    expect(calls[0].body).toEqual({
      model: 'llama3.2:1b', prompt: 'Question: What is 1 + 1?\nAnswer: Let\'s think step by step.\n\n', raw: true, stream: false,
      options: { num_predict: 64, temperature: 0.7, seed: SEED(5), stop: ['\n\n', '\n\nQuestion:'] },
    });
    expect(calls.map((c) => (c.body!.options as { seed: number }).seed)).toEqual([0, 1, 2].map((j) => SEED(5) + j));
    expect(res.samples.map((s) => s.text)).toEqual([0, 1, 2].map((j) => fakeStep(SEED(5) + j, 1, 3)));
    // eval_count is each sample's own count; prompt_eval_count the prompt's.
    expect(res.samples[0].tokens).toBe(fakeStep(SEED(5), 1, 3).split(/\s+/).length + 1);
    expect(res.cost?.promptTokens).toBe(fakeTokens(calls[0].body!.prompt as string, true).length);
    expect(b.describe().capabilities.multiSample).toBe(false);
  });

  it('continues a prefix as written and ends on the answer step; a whole solution splits into steps', async () => {
    const { b } = setup(ollama, { kind: 'ollama' });
    const s1 = await b.expand(problem, null, 1, opts(1));
    const n1 = chain(s1.samples);
    const s2 = await b.expand(problem, n1, 1, opts(2));
    const s3 = await b.expand(problem, chain(s2.samples, n1, 1), 1, opts(3));
    expect(s2.samples[0].text).toBe(fakeStep(SEED(2), 2, 3));
    expect(s3.samples[0]).toMatchObject({ terminal: true, answer: String(SEED(3) % 3) });
    const whole = await b.complete!(problem, 2, { ...opts(4), maxDepth: 10 });
    expect(whole.solutions.map((c) => c.length)).toEqual([3, 3]);
    expect(whole.solutions[0][2]).toMatchObject({ terminal: true, answer: String(SEED(4) % 3) });
  });

  it('a REBASE run with a Math-Shepherd PRM read one token per step from /api/generate logprobs', async () => {
    const prm: PrmConfig = { type: 'shepherd-per-step', baseUrl: BASE, model: 'math-shepherd', params: 7e9, kind: 'ollama' };
    const { f, b } = setup(ollama, { kind: 'ollama' }, prm);
    const { done, events } = await record(rebase, b, { problem, seed: 3 });
    expect(done.incomplete).toBeUndefined();
    expect(done.solutions).toBe(4);
    const reads = f.requests.filter((r) => r.path === '/api/generate' && r.body?.logprobs === true);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0].body).toMatchObject({ raw: true, stream: false, top_logprobs: 20, options: { num_predict: 1, temperature: 0 } });
    // The reward of a first step is P('+') over {'+', '-'} = the fake PRM's reward of that step.
    const firstNode = events.find((e) => e.type === 'node' && e.parent === null) as { id: number; text: string };
    const score = events.find((e) => e.type === 'score' && e.id === firstNode.id) as { reward: number };
    expect(score.reward).toBeCloseTo(fakeReward(firstNode.text), 9);
  });

  it('an Ollama without logprobs (before 0.12.11) is named as the reason the PRM cannot be read', async () => {
    const prm: PrmConfig = { type: 'shepherd-per-step', baseUrl: BASE, model: 'math-shepherd', params: 7e9, kind: 'ollama' };
    const { b } = setup({ ...ollama, dialects: { ollama: '0.12.3' } }, { kind: 'ollama' }, prm);
    const s = await b.expand(problem, null, 1, opts());
    const err = await b.score(problem, [chain(s.samples)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as Error).message).toContain('POST /api/generate — the answer has no logprobs (Ollama returns them from version 0.12.11 on)');
  });
});

describe('/v1/chat/completions', () => {
  it('vLLM: the solution so far is the final assistant message, continued with continue_final_message and no generation prompt', async () => {
    const { f, b } = setup({ dialects: { chat: 'flags', completions: false }, depth: 3 }, { kind: 'vllm', dialect: 'chat' });
    const s1 = await b.expand(problem, null, 2, opts(1));
    const first = f.requests.find((r) => r.path === '/v1/chat/completions')!.body!;
    expect(first.messages).toEqual([
      { role: 'system', content: 'Please reason step by step, separating the steps with a blank line, and put your final answer within \\boxed{}.' },
      { role: 'user', content: 'What is 1 + 1?' },
    ]);
    expect(first).toMatchObject({ n: 2, stop: ['\n\n', '\n\nQuestion:'], max_tokens: 64 });
    expect(first.continue_final_message).toBeUndefined();
    const s2 = await b.expand(problem, chain(s1.samples.slice(0, 1)), 1, opts(2));
    const second = f.requests.filter((r) => r.path === '/v1/chat/completions')[1].body!;
    expect(second).toMatchObject({ continue_final_message: true, add_generation_prompt: false });
    expect((second.messages as { role: string; content: string }[]).at(-1)).toEqual({ role: 'assistant', content: `${s1.samples[0].text}\n\n` });
    expect(s2.samples[0].text).toBe(fakeStep(SEED(2), 2, 3));
  });

  it('a REBASE run through chat on vLLM finishes with every solution terminal', async () => {
    const prm: PrmConfig = { type: 'pooling', baseUrl: BASE, model: 'Qwen/Qwen2.5-Math-PRM-7B', params: 7e9 };
    const { done } = await record(rebase, setup({ dialects: { chat: 'flags', completions: false }, pooling: true, depth: 3 }, { kind: 'vllm', dialect: 'chat' }, prm).b, { problem, seed: 2 });
    expect(done.incomplete).toBeUndefined();
    expect(done.solutions).toBe(4);
  });

  it('llama.cpp prefill: the final assistant message is continued without vLLM flags', async () => {
    const { f, b } = setup({ dialects: { chat: 'prefill' }, depth: 3 }, { kind: 'llamacpp', dialect: 'chat' });
    const s1 = await b.expand(problem, null, 1, opts(1));
    const s2 = await b.expand(problem, chain(s1.samples), 1, opts(2));
    const body = f.requests.filter((r) => r.path === '/v1/chat/completions')[1].body!;
    expect(body.continue_final_message).toBeUndefined();
    expect(s2.samples[0].text).toBe(fakeStep(SEED(2), 2, 3));
  });

  it('a hosted chat-only server: majority voting runs on whole solutions; a partial solution is refused with the reason', async () => {
    const { f, b } = setup({ dialects: { chat: 'none', completions: false }, depth: 3 }, { dialect: 'chat', baseUrl: 'https://api.example.com/v1' });
    const vote = parseSpec({ name: 'sample', params: { n: 4, aggregate: 'majority' } });
    const { done } = await record(vote, b, { problem, seed: 1 });
    expect(done.incomplete).toBeUndefined();
    expect(done.solutions).toBe(4);
    // Whole solutions, one chat turn each (per-step tokens are split by text length: no /tokenize there).
    const chats = f.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(f.requests.filter((r) => r.path !== '/tokenize')).toEqual(chats);
    expect(chats.every((r) => (r.body!.messages as { role: string }[]).every((m) => m.role !== 'assistant'))).toBe(true);
    const s1 = await b.expand(problem, null, 1, opts());
    const err = await Promise.resolve(b.expand(problem, chain(s1.samples), 1, opts())).catch((e: unknown) => e);
    expect((err as Error).message).toContain('POST /v1/chat/completions — this chat server is not set to continue an assistant message');
  });
});

describe('SGLang /generate', () => {
  it('n samples in one request with sampling_params; each sample its own completion_tokens; EOS by token id ends the solution', async () => {
    const { f, b } = setup({ dialects: { sglang: true }, depth: 2 }, { kind: 'sglang', dialect: 'sglang', baseUrl: 'http://127.0.0.1:30000' });
    const s1 = await b.expand(problem, null, 3, opts(7, 0.8));
    const calls = f.requests.filter((r) => r.path === '/generate');
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toEqual({
      text: 'Question: What is 1 + 1?\nAnswer: Let\'s think step by step.\n\n',
      sampling_params: { max_new_tokens: 64, temperature: 0.8, stop: ['\n\n', '\n\nQuestion:'], n: 3, sampling_seed: SEED(7) },
    });
    expect(s1.samples.map((s) => s.text)).toEqual([0, 1, 2].map((j) => fakeStep(SEED(7) + j, 1, 2)));
    expect(s1.samples.map((s) => s.tokens)).toEqual([0, 1, 2].map((j) => fakeStep(SEED(7) + j, 1, 2).split(/\s+/).length + 1));
    const s2 = await b.expand(problem, chain(s1.samples.slice(0, 1)), 1, opts(8));
    expect(s2.samples[0]).toMatchObject({ terminal: true, finishReason: 'eos' });
  });

  it('an SGLang that refuses sampling_seed is asked again without it, and the user is told runs are not seeded', async () => {
    const { f, b } = setup({ dialects: { sglang: 'no-seed' }, depth: 2 }, { kind: 'sglang', dialect: 'sglang' });
    const res = await b.expand(problem, null, 2, opts(1));
    expect(res.samples).toHaveLength(2);
    await b.expand(problem, null, 2, opts(2));
    const calls = f.requests.filter((r) => r.path === '/generate');
    expect(calls).toHaveLength(3);
    expect((calls[2].body!.sampling_params as Record<string, unknown>).sampling_seed).toBeUndefined();
    expect(b.notes.join('\n')).toContain('refused sampling_seed');
  });
});
