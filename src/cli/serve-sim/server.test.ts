/**
 * serve-sim as a client sees it: a real server on a free port, real `fetch`, vLLM's request and
 * response shapes (backend-protocols.md A1, A3, B1, B2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_MODELS, countTokens, prmQuality, prmReward, simProblem } from '../../sim/index';
import { Client, simChain } from './test-helpers';

const PROBLEM = simProblem('sim-L2-0003');
const PLAIN = (question: string) => `Question: ${question}\nAnswer: Let's think step by step.\n\n`;
const reward = (s: Parameters<typeof prmReward>[0]) => prmReward(s, prmQuality('default'));

let sim: Client;
beforeAll(async () => {
  sim = await Client.start();
});
afterAll(() => sim.close());

describe('GET /v1/models', () => {
  it('lists the four sim policies and the sim PRM, as vLLM lists a served model', async () => {
    const r = await sim.get('/v1/models');
    expect(r.status).toBe(200);
    expect(r.json.object).toBe('list');
    expect(r.json.data.map((m: { id: string }) => m.id)).toEqual([...SIM_MODELS.map((m) => m.id), 'sim-PRM-34B']);
    for (const m of r.json.data) expect(m).toMatchObject({ object: 'model', owned_by: 'vllm', root: m.id, max_model_len: 4096 });
  });
});

describe('POST /v1/completions', () => {
  it('n > 1 over a list of prompts: choices flattened as prompt·n + sample, usage from the sim tokenizer', async () => {
    const other = simProblem('sim-L4-0042');
    const prompts = [PLAIN(PROBLEM.question), PLAIN(other.question)];
    const r = await sim.post('/v1/completions', { model: 'sim-410M', prompt: prompts, n: 3, stop: ['\n\n'], max_tokens: 256, temperature: 1, seed: 5 });
    expect(r.status).toBe(200);
    expect(r.json.object).toBe('text_completion');
    expect(r.json.model).toBe('sim-410M');
    const choices = r.json.choices as { index: number; text: string; finish_reason: string; stop_reason: string | null }[];
    expect(choices.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const c of choices) {
      expect(c.text).toMatch(/^Step 1: /);
      expect(c).toMatchObject({ finish_reason: 'stop', stop_reason: '\n\n' });
    }
    // Each prompt's samples work on its own problem: they start from that problem's first number.
    const startOf = (id: string) => String((simChain(id, 1).states[0].input));
    for (const c of choices.slice(0, 3)) expect(c.text).toContain(startOf(PROBLEM.id));
    for (const c of choices.slice(3)) expect(c.text).toContain(startOf(other.id));
    expect(r.json.usage).toEqual({
      prompt_tokens: countTokens(prompts[0]) + countTokens(prompts[1]),
      completion_tokens: choices.reduce((t, c) => t + countTokens(c.text), 0),
      total_tokens: countTokens(prompts[0]) + countTokens(prompts[1]) + choices.reduce((t, c) => t + countTokens(c.text), 0),
    });
  });

  it('stops at the step delimiter: cut from the text, or kept with include_stop_str_in_output', async () => {
    const body = { prompt: PLAIN(PROBLEM.question), stop: '\n\n', max_tokens: 256, temperature: 0 };
    const cut = (await sim.post('/v1/completions', body)).json.choices[0];
    const kept = (await sim.post('/v1/completions', { ...body, include_stop_str_in_output: true })).json.choices[0];
    expect(cut).toMatchObject({ finish_reason: 'stop', stop_reason: '\n\n' });
    expect(cut.text).not.toContain('\n');
    expect(kept.text).toBe(cut.text + '\n\n');
  });

  it('the step that gives the answer ends on EOS: finish_reason stop, stop_reason null', async () => {
    const { problem, steps } = simChain('sim-L1-0007', 3);
    const prompt = PLAIN(problem.question) + steps.slice(0, -1).map((s) => s.text + '\n\n').join('');
    const c = (await sim.post('/v1/completions', { prompt, stop: ['\n\n'], max_tokens: 256, temperature: 0 })).json.choices[0];
    expect(c).toMatchObject({ finish_reason: 'stop', stop_reason: null });
    expect(c.text).toMatch(/The answer is -?[\d.]+\.$/);
  });

  it('max_tokens cuts the step: finish_reason length, exactly max_tokens completion tokens; vLLM\'s default is 16', async () => {
    const prompt = PLAIN(PROBLEM.question);
    const r = await sim.post('/v1/completions', { prompt, stop: ['\n\n'], max_tokens: 7, temperature: 0 });
    expect(r.json.choices[0]).toMatchObject({ finish_reason: 'length', stop_reason: null });
    expect(countTokens(r.json.choices[0].text)).toBe(7);
    expect(r.json.usage.completion_tokens).toBe(7);
    const whole = (await sim.post('/v1/completions', { prompt, stop: ['\n\n'], max_tokens: 256, temperature: 0 })).json.choices[0].text as string;
    expect(whole.startsWith(r.json.choices[0].text.trimEnd())).toBe(true);
    const unset = await sim.post('/v1/completions', { prompt, stop: ['\n\n'], temperature: 0 });
    expect(unset.json.choices[0].finish_reason).toBe('length');
    expect(unset.json.usage.completion_tokens).toBe(16);
  });

  it('a stop string other than the delimiter: the model writes on until it appears (REBASE stops at "Step k")', async () => {
    const r = await sim.post('/v1/completions', { prompt: PLAIN(PROBLEM.question), stop: ['Step 2'], max_tokens: 512, temperature: 0 });
    const c = r.json.choices[0];
    expect(c).toMatchObject({ finish_reason: 'stop', stop_reason: 'Step 2' });
    expect(c.text).toMatch(/^Step 1: [^\n]+\n\n$/);
  });

  it('without stop strings it writes the whole solution, steps joined by the delimiter', async () => {
    const r = await sim.post('/v1/completions', { prompt: PLAIN(PROBLEM.question), max_tokens: 2000, temperature: 0 });
    const steps = (r.json.choices[0].text as string).split('\n\n');
    expect(steps.map((s) => s.slice(0, 7))).toEqual(steps.map((_, i) => `Step ${i + 1}:`));
    expect(steps.at(-1)).toMatch(/The answer is/);
    expect(r.json.choices[0]).toMatchObject({ finish_reason: 'stop', stop_reason: null });
  });

  it('the same request and seed give the same response, on this server or a fresh one; another seed gives other samples', async () => {
    const body = { model: 'sim-410M', prompt: PLAIN(simProblem('sim-L5-0011').question), n: 16, stop: ['\n\n'], max_tokens: 256, temperature: 1, seed: 1234 };
    const a = (await sim.post('/v1/completions', body)).json;
    const b = (await sim.post('/v1/completions', body)).json;
    const fresh = await Client.start();
    const c = (await fresh.post('/v1/completions', body)).json;
    await fresh.close();
    for (const x of [b, c]) {
      expect(x.choices).toEqual(a.choices);
      expect(x.usage).toEqual(a.usage);
    }
    expect(new Set(a.choices.map((ch: { text: string }) => ch.text)).size).toBeGreaterThan(1);
    const other = (await sim.post('/v1/completions', { ...body, seed: 4321 })).json;
    expect(other.choices.map((ch: { text: string }) => ch.text)).not.toEqual(a.choices.map((ch: { text: string }) => ch.text));
  });

  it('return_token_ids (vLLM ≥ 0.10.2): token_ids per choice count its completion tokens, stop string included; prompt_token_ids as /tokenize gives them', async () => {
    const prompt = PLAIN(PROBLEM.question);
    const ask = (extra: object) => sim.post('/v1/completions', { prompt, n: 4, max_tokens: 256, temperature: 1, seed: 9, return_token_ids: true, ...extra });
    const byStop = (await ask({ stop: ['Step 2'] })).json;
    const cut = (await ask({ stop: ['\n\n'], max_tokens: 5 })).json;
    const promptIds = (await sim.post('/tokenize', { prompt })).json.tokens as number[];
    for (const r of [byStop, cut]) {
      const choices = r.choices as { text: string; token_ids: number[]; prompt_token_ids: number[]; finish_reason: string }[];
      expect(choices).toHaveLength(4);
      expect(choices.reduce((t, c) => t + c.token_ids.length, 0)).toBe(r.usage.completion_tokens);
      for (const c of choices) expect(c.prompt_token_ids).toEqual(promptIds);
    }
    // "Step 2" is cut from the text but was generated: its tokens are in token_ids (and in usage).
    for (const c of byStop.choices as { text: string; token_ids: number[] }[]) {
      expect(c.text).not.toContain('Step 2');
      expect((await sim.post('/detokenize', { tokens: c.token_ids })).json.prompt).toBe(`${c.text}Step 2`);
      expect(c.token_ids.length).toBe(countTokens(`${c.text}Step 2`));
    }
    for (const c of cut.choices as { token_ids: number[]; finish_reason: string }[]) expect(c).toMatchObject({ finish_reason: 'length', token_ids: expect.any(Array) });
    expect(cut.choices.every((c: { token_ids: number[] }) => c.token_ids.length === 5)).toBe(true);
    // Not asked for, not sent (vLLM's default).
    const plain = (await sim.post('/v1/completions', { prompt, n: 2, stop: ['\n\n'], max_tokens: 256, seed: 9 })).json.choices[0];
    expect(plain.token_ids).toBeUndefined();
    expect(plain.prompt_token_ids).toBeUndefined();
  });

  it('a prompt that names no sim problem (a capability probe) is answered, and the text says what is missing', async () => {
    const probe = await sim.post('/v1/completions', { prompt: '1 + 1 =', max_tokens: 1, n: 2, temperature: 1, seed: 1, prompt_logprobs: 1 });
    expect(probe.status).toBe(200);
    expect(probe.json.choices).toHaveLength(2);
    expect(probe.json.choices[0]).toMatchObject({ finish_reason: 'length' });
    expect(probe.json.choices[0].prompt_logprobs).toHaveLength(countTokens('1 + 1 ='));
    const whole = await sim.post('/v1/completions', { prompt: 'What is 2 + 2?', max_tokens: 256 });
    expect(whole.json.choices[0].text).toMatch(/names no sim problem.*sim-L3-0017/);
  });

  it('refuses what vLLM refuses: an unknown model (404), streaming, a context too long; and a step the sim never writes', async () => {
    const unknown = await sim.post('/v1/completions', { model: 'llama-7b', prompt: PROBLEM.question, max_tokens: 8 });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatchObject({ type: 'NotFoundError', param: 'model', code: 404 });
    expect((await sim.post('/v1/completions', { prompt: PROBLEM.question, stream: true })).status).toBe(400);
    const foreign = await sim.post('/v1/completions', { prompt: `${PLAIN(PROBLEM.question)}Step 1: The train has 61 passengers.\n\n`, max_tokens: 8 });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.message).toContain('step 1 of the prompt ("Step 1: The train has 61 passengers.")');
    const tooLong = await sim.post('/v1/completions', { prompt: PROBLEM.question, max_tokens: 5000 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.message).toMatch(/maximum context length is 4096 tokens/);
  });
});

describe('PRM scoring', () => {
  const { problem, steps, states } = simChain('sim-L3-0017', 11, 'sim-410M');
  const expected = states.map(reward);

  it('Math-Shepherd prompt_logprobs: after each ки tag, P(+) over {+, -} is the sim PRM\'s reward of that step', async () => {
    const text = `${problem.question} ${steps.map((s) => `${s.text} ки`).join('\n')}`;
    const tok = await sim.post('/tokenize', { model: 'sim-PRM-34B', prompt: text });
    expect(tok.json.count).toBe(tok.json.tokens.length);
    const tags = (tok.json.tokens as number[]).flatMap((id, i) => (id === 12902 ? [i] : []));
    expect(tags).toHaveLength(steps.length);
    const r = await sim.post('/v1/completions', { model: 'sim-PRM-34B', prompt: text, max_tokens: 1, temperature: 0, prompt_logprobs: 20, logprobs: 2 });
    expect(r.status).toBe(200);
    const lp = r.json.choices[0].prompt_logprobs as (Record<string, { logprob: number; rank: number }> | null)[];
    expect(lp).toHaveLength(tok.json.count);
    expect(lp[0]).toBeNull();
    const twoWay = (plus: number, minus: number) => Math.exp(plus) / (Math.exp(plus) + Math.exp(minus));
    // The last tag is the last prompt token: its label is the generated token (backend-protocols.md B2).
    const fromPrompt = tags.slice(0, -1).map((t) => twoWay(lp[t + 1]!['648'].logprob, lp[t + 1]!['387'].logprob));
    const top = r.json.choices[0].logprobs.top_logprobs[0];
    const fromLabel = twoWay(top['+'], top['-']);
    expect([...fromPrompt, fromLabel].map((x) => x.toFixed(9))).toEqual(expected.map((x) => x.toFixed(9)));
    expect(r.json.choices[0].text).toBe(expected.at(-1)! >= 0.5 ? '+' : '-');
  });

  it('/pooling (Qwen2.5-Math-PRM style): one [p_bad, p_good] row per <extra_0>, p_good = the reward', async () => {
    const input = `<|im_start|>system\nPlease reason step by step.<|im_end|>\n<|im_start|>user\n${problem.question}<|im_end|>\n`
      + `<|im_start|>assistant\n${steps.map((s) => s.text + '<extra_0>').join('')}<|im_end|>\n`;
    const r = await sim.post('/pooling', { model: 'sim-PRM-34B', input: [input, input] });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ object: 'list', model: 'sim-PRM-34B' });
    expect(r.json.data).toHaveLength(2);
    const rows = r.json.data[1].data as [number, number][];
    expect(r.json.data[1]).toMatchObject({ index: 1, object: 'pooling' });
    expect(rows).toHaveLength(steps.length);
    for (const [bad, good] of rows) expect(bad + good).toBeCloseTo(1, 12);
    expect(rows.map((row) => row[1])).toEqual(expected);
    expect(r.json.usage.prompt_tokens).toBe(2 * (await sim.post('/tokenize', { prompt: input })).json.count);
  });

  it('POST /prm: {question, steps[]} → {rewards[]}', async () => {
    const r = await sim.post('/prm', { question: problem.question, steps: steps.map((s) => s.text) });
    expect(r.json).toEqual({ rewards: expected });
  });

  it('a policy model is not a PRM: /pooling refuses it', async () => {
    const r = await sim.post('/pooling', { model: 'sim-7B', input: `${problem.question} ${steps[0].text}<extra_0>` });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/does not support the pooling API/);
  });
});

describe('tokenizer endpoints', () => {
  it('/tokenize counts as the sim tokenizer does; a PRM tag is one token with the real model\'s id', async () => {
    const text = PLAIN(PROBLEM.question);
    const r = await sim.post('/tokenize', { prompt: text, return_token_strs: true });
    expect(r.json).toMatchObject({ count: countTokens(text), max_model_len: 4096 });
    expect((r.json.token_strs as string[]).join('')).toBe(text);
    const tags = await sim.post('/tokenize', { prompt: 'x ки y<extra_0>', return_token_strs: true });
    expect(tags.json.token_strs).toEqual(['x', ' ', 'ки', ' y', '<extra_0>']);
    expect(tags.json.tokens[2]).toBe(12902);
    expect(tags.json.tokens[4]).toBe(151651);
    expect((await sim.post('/detokenize', { tokens: r.json.tokens })).json).toEqual({ prompt: text });
  });
});
