/**
 * Reward-model output shapes beyond [p_bad, p_good] (issue 13): scalar heads (one value per step,
 * as vLLM's /pooling returns them for a num_labels = 1 reward head: `[[v], …]` or bare numbers),
 * the outcome-reward option (the last step only), and an LLM judge over /v1/chat/completions
 * (OpenAI chat shapes: `logprobs.content[0].top_logprobs`, or just the answer text).
 */
import { describe, expect, it } from 'vitest';
import { createHttpBackend } from './config';
import { BackendError } from './errors';
import { HttpClient } from './http-client';
import { OutcomeOnly, PrmScorer } from './prm';
import { JsonPrm } from './prm-json';
import { JUDGE_PROMPT, JudgePrm, judgePrompt } from './prm-judge';
import { PoolingPrm } from './prm-pooling';
import { fakeFetch, json, type FakeFetch } from './testing/fake-server';

const BASE = 'http://127.0.0.1:8000';
const Q = 'What is 1 + 1?';
const STEPS = ['Step 1: 1 + 1 = 2.', 'Step 2: so the answer is \\boxed{2}.'];
const info = { name: 'prm', params: 7e9 };
const client = (f: FakeFetch) => new HttpClient(BASE, { fetch: f.fetch, backoffMs: 1, retries: 0 });
const pooled = (rows: unknown) => fakeFetch(() => json({ data: [{ index: 0, data: rows }] }));
const message = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BackendError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('scalar PRM heads on /pooling (Skywork-style: one value per step)', () => {
  it('reads [v] rows and bare numbers as probabilities, or through a sigmoid as logits', async () => {
    expect(await new PoolingPrm(client(pooled([[0.73], [0.41]])), { model: 'm', info, output: 'probability' }).rewards(Q, [STEPS])).toEqual([[0.73, 0.41]]);
    expect(await new PoolingPrm(client(pooled([0.73, 0.41])), { model: 'm', info, output: 'probability' }).rewards(Q, [STEPS])).toEqual([[0.73, 0.41]]);
    const [[a, b]] = await new PoolingPrm(client(pooled([[0], [Math.log(3)]])), { model: 'm', info, output: 'logit' }).rewards(Q, [STEPS]);
    expect(a).toBeCloseTo(0.5, 12);
    expect(b).toBeCloseTo(0.75, 12);
  });

  it('refuses a scalar answer read as classes instead of scoring every step 1.0, and says which setting reads it', async () => {
    const msg = await message(new PoolingPrm(client(pooled([[0.73], [0.41]])), { model: 'm', info, goodIndex: 0 }).rewards(Q, [STEPS]));
    expect(msg).toContain('data[0].data[0] is one value (0.73)');
    expect(msg).toContain('set its output to "probability"');
    expect(msg).toContain(BASE);
  });

  it('refuses shapes that do not fit: a probability outside [0, 1], class rows read as one value', async () => {
    expect(await message(new PoolingPrm(client(pooled([[1.7], [0.2]])), { model: 'm', info, output: 'probability' }).rewards(Q, [STEPS])))
      .toContain('data[0].data[0] is 1.7, not a probability in [0, 1]: if the head gives logits, set the PRM\'s output to "logit"');
    expect(await message(new PoolingPrm(client(pooled([[0.2, 0.8], [0.4, 0.6]])), { model: 'm', info, output: 'logit' }).rewards(Q, [STEPS])))
      .toContain('data[0].data[0] has 2 entries, not one value per step');
    expect(() => new PoolingPrm(client(pooled([])), { model: 'm', info, output: 'sigmoid' as never })).toThrow('not one of classes, probability, logit');
  });
});

describe('outcome reward: only the last step of each path', () => {
  it('pooling: one separator closes the whole solution; one row per path gives the last step, the others none', async () => {
    const f = fakeFetch((req) => json({ data: (req.body!.input as string[]).map((_, index) => ({ index, data: [[0.1, 0.9]] })) }));
    const prm = new PoolingPrm(client(f), { model: 'm', info, outcome: true });
    expect(prm.fullPath).toBe(false);
    expect(await prm.rewards(Q, [STEPS])).toEqual([[null, 0.9]]);
    const input = (f.requests[0].body!.input as string[])[0];
    expect(input.split('<extra_0>')).toHaveLength(2);
    expect(input).toContain(`${STEPS[0]}\n\n${STEPS[1]}<extra_0><|im_end|>`);
    // More than one row for a path is not an outcome reward: refused.
    const two = new PoolingPrm(client(pooled([[0.1, 0.9], [0.2, 0.8]])), { model: 'm', info, outcome: true });
    expect(await message(two.rewards(Q, [STEPS]))).toContain('one row for the whole solution (outcome reward) expected');
  });

  it('any other verifier: the scorer asks for each prefix itself, never taking an ancestor\'s reward from a longer path', async () => {
    const f = fakeFetch((req) => json({ rewards: (req.body!.steps as string[]).map((_, j) => (j + 1) / 10) }));
    const scorer = new PrmScorer(new OutcomeOnly(new JsonPrm(client(f), info, '/score')));
    expect(await scorer.lastRewards(Q, [STEPS])).toEqual([0.2]);
    // The one-step prefix was not covered by the two-step answer: it is sent, and scores as its own last step.
    expect(await scorer.lastRewards(Q, [STEPS.slice(0, 1)])).toEqual([0.1]);
    expect(f.requests).toHaveLength(2);
    // The process reward would have cached it from the first answer.
    const g = fakeFetch((req) => json({ rewards: (req.body!.steps as string[]).map((_, j) => (j + 1) / 10) }));
    const process = new PrmScorer(new JsonPrm(client(g), info, '/score'));
    await process.lastRewards(Q, [STEPS]);
    await process.lastRewards(Q, [STEPS.slice(0, 1)]);
    expect(g.requests).toHaveLength(1);
  });

  it('is a config switch for every PRM type', () => {
    const backend = createHttpBackend({ policy: { baseUrl: BASE, model: 'm', params: 7e9 }, prm: { type: 'json', url: `${BASE}/score`, params: 7e9, outcome: true } });
    expect(backend).toBeTruthy();
  });
});

describe('LLM judge over /v1/chat/completions', () => {
  const top = (pairs: [string, number][]) => ({ content: [{ token: pairs[0]![0], logprob: pairs[0]![1], top_logprobs: pairs.map(([token, logprob]) => ({ token, logprob })) }] });

  it('asks one token with top logprobs and reads P(Yes) over {Yes, No}', async () => {
    const f = fakeFetch(() => json({ choices: [{ index: 0, message: { role: 'assistant', content: 'Yes' }, logprobs: top([['Yes', Math.log(0.6)], [' yes', Math.log(0.1)], ['No', Math.log(0.2)], ['Maybe', Math.log(0.1)]]), finish_reason: 'length' }] }));
    const prm = new JudgePrm(client(f), { model: 'Qwen/Qwen2.5-7B-Instruct', info });
    const [rs] = await prm.rewards(Q, [STEPS]);
    expect(rs[0]).toBeNull();
    expect(rs[1]).toBeCloseTo(0.7 / 0.9, 12);
    const body = f.requests[0].body!;
    expect(f.requests[0].path).toBe('/v1/chat/completions');
    expect(body).toMatchObject({ model: 'Qwen/Qwen2.5-7B-Instruct', max_tokens: 1, temperature: 0, logprobs: true, top_logprobs: 20 });
    expect(body.messages).toEqual([{ role: 'user', content: judgePrompt(JUDGE_PROMPT, Q, STEPS) }]);
    expect(judgePrompt(JUDGE_PROMPT, Q, STEPS)).toContain('Earlier steps:\n1. Step 1: 1 + 1 = 2.\n\nStep to grade: Step 2: so the answer is \\boxed{2}.');
    expect(judgePrompt(JUDGE_PROMPT, Q, STEPS.slice(0, 1))).toContain('(none: this is the first step)');
  });

  it('without logprobs reads the answer text, says so once, and refuses an answer that is neither', async () => {
    const say = (content: string) => fakeFetch(() => json({ choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'length' }] }));
    const no = new JudgePrm(client(say('No.')), { model: 'm', info });
    expect((await no.rewards(Q, [STEPS]))[0][1]).toBe(0);
    expect(no.notes).toEqual(['the judge returned no logprobs: each step scores 1 (Yes) or 0 (No) from its text']);
    expect(await message(new JudgePrm(client(say('Perhaps')), { model: 'm', info }).rewards(Q, [STEPS]))).toContain('the judge answered "Perhaps", not "Yes" or "No"');
  });

  it('is a PRM type of the config, scoring through the HttpBackend', () => {
    const backend = createHttpBackend({ policy: { baseUrl: BASE, model: 'm', params: 7e9 }, prm: { type: 'judge', baseUrl: BASE, model: 'judge', params: 7e9 } });
    expect(backend).toBeTruthy();
    expect(() => new JudgePrm(client(say0()), { model: 'm', info, prompt: 'no placeholder' })).toThrow('must contain {step}');
  });
});

function say0(): FakeFetch {
  return fakeFetch(() => json({}));
}
