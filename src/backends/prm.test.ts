import { describe, expect, it } from 'vitest';
import { parseSpec } from '../search/strategies/spec';
import { nodeFrom } from '../search/testing/nodes';
import type { Problem, SearchNode } from '../search/types';
import { createHttpBackend, type PrmConfig } from './config';
import { HttpClient } from './http-client';
import { PrmScorer, type PrmAdapter } from './prm';
import { JsonPrm } from './prm-json';
import { PoolingPrm, QWEN_PRM_TEMPLATE } from './prm-pooling';
import { PerStepPrm, PromptLogprobsPrm, shepherdText } from './prm-shepherd';
import { blockedWithoutPrm, rewardNeed } from './reward-need';
import { fakeFetch, fakeReward, fakeServer, json, type FakeFetch, type FakeServerOptions } from './testing/fake-server';

const BASE = 'http://127.0.0.1:8000';
const Q = 'What is 1 + 1?';
const STEPS = ['Step 1: compute 1 + 1 now.', 'Step 2: that is wrong 3.', 'Step 3: so the answer is \\boxed{2}.'];
const info = { name: 'prm', params: 7e9 };
const client = (f: FakeFetch) => new HttpClient(BASE, { fetch: f.fetch, backoffMs: 1 });
const expected = STEPS.map(fakeReward);

function nodes(steps: readonly string[]): SearchNode[] {
  const out: SearchNode[] = [];
  steps.forEach((text, i) => out.push(nodeFrom(i, { text, tokens: 10 + i, terminal: i === steps.length - 1, finishReason: 'stop' }, out[i - 1] ?? null)));
  return out;
}

describe('pooling PRM (Qwen2.5-Math-PRM on vLLM /pooling)', () => {
  it('renders the chat template with <extra_0> after every step and reads p_good of each row', async () => {
    const f = fakeServer({ pooling: true });
    const prm = new PoolingPrm(client(f), { model: 'Qwen/Qwen2.5-Math-PRM-7B', info });
    const [rs] = await prm.rewards(Q, [STEPS]);
    expect(rs).toEqual(expected);
    expect(expected[1]).toBeLessThan(0.2);
    const body = f.requests[0].body!;
    expect(body.model).toBe('Qwen/Qwen2.5-Math-PRM-7B');
    expect(body.input).toEqual([QWEN_PRM_TEMPLATE.replace('{question}', Q).replace('{steps}', `${STEPS.join('<extra_0>')}<extra_0>`)]);
    expect((body.input as string[])[0]).toContain('<|im_start|>assistant\nStep 1: compute 1 + 1 now.<extra_0>Step 2:');
  });

  it('batches paths into one request and keeps their order by index', async () => {
    const f = fakeFetch((req) => {
      const inputs = req.body!.input as string[];
      const data = inputs.map((t, index) => ({ index, data: t.split('<extra_0>').slice(0, -1).map((s) => [1 - fakeReward(s), fakeReward(s)]) }));
      return json({ data: data.reverse() });
    });
    const prm = new PoolingPrm(client(f), { model: 'm', info, batchSize: 8 });
    const out = await prm.rewards(Q, [STEPS.slice(0, 1), STEPS.slice(0, 2), STEPS]);
    expect(out).toEqual([expected.slice(0, 1), expected.slice(0, 2), expected]);
    expect(f.requests).toHaveLength(1);
  });

  it('reads [P(+), P(-)] rows with goodIndex 0, and softmaxes rows that are logits', async () => {
    const f = fakeFetch(() => json({ data: [{ index: 0, data: [[0.8, 0.2], [0.3, 0.7]] }] }));
    const prm = new PoolingPrm(client(f), { model: 'm', info, goodIndex: 0 });
    expect((await prm.rewards(Q, [STEPS.slice(0, 2)]))[0]).toEqual([0.8, 0.3]);
    const logits = fakeFetch(() => json({ data: [{ data: [[0, Math.log(3)]] }] }));
    const p2 = new PoolingPrm(client(logits), { model: 'm', info });
    expect((await p2.rewards(Q, [STEPS.slice(0, 1)]))[0][0]).toBeCloseTo(0.75, 12);
  });

  it('rejects a row count that does not match the steps, naming the separator', async () => {
    const f = fakeFetch(() => json({ data: [{ index: 0, data: [[0.5, 0.5]] }] }));
    const prm = new PoolingPrm(client(f), { model: 'm', info });
    await expect(prm.rewards(Q, [STEPS])).rejects.toThrow('http://127.0.0.1:8000: POST /pooling — malformed response: data[0].data has 1 rows for 3 steps (one row per <extra_0> expected');
  });

  it('rejects wrong types with the path', async () => {
    const f = fakeFetch(() => json({ data: [{ index: 0, data: [['a', 1]] }] }));
    const prm = new PoolingPrm(client(f), { model: 'm', info });
    await expect(prm.rewards(Q, [STEPS.slice(0, 1)])).rejects.toThrow('malformed response: data[0].data[0][0]: must be a number (got "a")');
  });
});

describe('Math-Shepherd from prompt_logprobs', () => {
  it('formats "<question> Step k: … ки" and reads P(+) over {+, -} after each tag', async () => {
    const f = fakeServer({ promptLogprobs: true, tokenize: 'vllm' });
    const prm = new PromptLogprobsPrm(client(f), { model: 'peiyi9979/math-shepherd-mistral-7b-prm', info });
    const [rs] = await prm.rewards(Q, [STEPS]);
    rs.forEach((r, i) => expect(r).toBeCloseTo(expected[i], 12));
    const call = f.requests.find((r) => r.path === '/v1/completions')!.body!;
    expect(call).toMatchObject({ prompt: shepherdText(Q, STEPS), max_tokens: 1, temperature: 0, prompt_logprobs: 20, logprobs: 20, return_tokens_as_token_ids: true });
    // Steps 1 and 2 are read from prompt_logprobs; step 3's tag is the last prompt token, so its
    // reward comes from the generated token's logprobs (keyed token_id:N).
    expect(shepherdText(Q, STEPS)).toBe(`${Q} Step 1: compute 1 + 1 now. ки\nStep 2: that is wrong 3. ки\nStep 3: so the answer is \\boxed{2}. ки`);
    // Tag and label ids were found with /tokenize ("ки" and "+ -"), as Math-Shepherd's code does.
    expect(f.requests.filter((r) => r.path === '/tokenize').map((r) => r.body!.prompt).slice(0, 2)).toEqual(['ки', '+ -']);
  });

  it('adds "Step k:" to steps that lack it and removes stray tags', () => {
    expect(shepherdText('Q', ['a ки b', 'Step 2: c'])).toBe('Q Step 1: a  b ки\nStep 2: c ки');
  });

  it('bounds a label outside the top-k by the smallest listed logprob, and says it is inexact', async () => {
    const f = fakeFetch((req) => {
      if (req.path === '/tokenize') return json({ tokens: [1, 5, 12902, 7] });
      return json({ choices: [{ text: '', finish_reason: 'length', prompt_logprobs: [null, { 5: { logprob: -1 } }, { 12902: { logprob: -2 } }, { 7: { logprob: -3 }, 648: { logprob: -0.5 } }] }] });
    });
    const prm = new PromptLogprobsPrm(client(f), { model: 'm', info, tokenIds: { tag: 12902, good: 648, bad: 387 } });
    const [[r]] = await prm.rewards(Q, [['Step 1: x']]);
    expect(r).toBeCloseTo(1 / (1 + Math.exp(-3 + 0.5)), 12);
    expect(prm.notes[0]).toContain('inexact');
  });

  it('says to use the per-step mode when the server returns no prompt_logprobs', async () => {
    const f = fakeFetch((req) => (req.path === '/tokenize' ? json({ tokens: [1, 12902, 2] }) : json({ choices: [{ text: '', finish_reason: 'length' }] })));
    const prm = new PromptLogprobsPrm(client(f), { model: 'm', info, tokenIds: { tag: 12902, good: 648, bad: 387 } });
    await expect(prm.rewards(Q, [['x']])).rejects.toThrow('no prompt_logprobs (this server does not return them); use the per-step Math-Shepherd mode');
  });

  it('rejects a tag count that does not match the steps', async () => {
    const f = fakeFetch(() => json({ tokens: [1, 2, 3] }));
    const prm = new PromptLogprobsPrm(client(f), { model: 'm', info, tokenIds: { tag: 12902, good: 648, bad: 387 } });
    await expect(prm.rewards(Q, [['x']])).rejects.toThrow('found 0 step tags (token 12902) in a path of 1 steps');
  });
});

describe('Math-Shepherd one token per step (servers without prompt logprobs)', () => {
  for (const shape of ['legacy', 'content'] as const) {
    it(`reads + and - from the generated token's top logprobs (${shape} shape)`, async () => {
      const f = fakeServer({ logprobs: shape });
      const prm = new PerStepPrm(client(f), { model: 'm', info });
      const out = await prm.rewards(Q, [STEPS, STEPS.slice(0, 2)]);
      expect(out[0].slice(0, 2)).toEqual([null, null]);
      expect(out[0][2]).toBeCloseTo(expected[2], 12);
      expect(out[1][1]).toBeCloseTo(expected[1], 12);
      const bodies = f.requests.map((r) => r.body!);
      expect(bodies[0]).toMatchObject({ prompt: shepherdText(Q, STEPS), max_tokens: 1, temperature: 0, logprobs: 20 });
      expect((bodies[0].prompt as string).endsWith('ки')).toBe(true);
    });
  }
});

describe('plain JSON PRM endpoint', () => {
  it('posts {question, steps} and takes {rewards}', async () => {
    const f = fakeFetch((req) => json({ rewards: (req.body!.steps as string[]).map(fakeReward) }));
    const prm = new JsonPrm(client(f), info, '/score');
    expect(await prm.rewards(Q, [STEPS])).toEqual([expected]);
    expect(f.requests[0]).toMatchObject({ path: '/score', body: { question: Q, steps: STEPS } });
  });

  it('rejects a wrong count of rewards', async () => {
    const f = fakeFetch(() => json({ rewards: [0.5] }));
    await expect(new JsonPrm(client(f), info, '/score').rewards(Q, [STEPS])).rejects.toThrow('POST /score — malformed response: rewards has 1 entries for 3 steps');
  });
});

describe('PrmScorer', () => {
  it('sends a path once and serves its ancestors from it (full-path adapters)', async () => {
    const f = fakeFetch((req) => json({ rewards: (req.body!.steps as string[]).map(fakeReward) }));
    const scorer = new PrmScorer(new JsonPrm(client(f), info, '/score'));
    expect(await scorer.lastRewards(Q, [STEPS.slice(0, 1), STEPS.slice(0, 2), STEPS])).toEqual(expected);
    expect(f.requests).toHaveLength(1);
    expect(await scorer.lastRewards(Q, [STEPS.slice(0, 2)])).toEqual([expected[1]]);
    expect(f.requests).toHaveLength(1);
  });

  it('rejects a reward outside [0, 1]', async () => {
    const f = fakeFetch(() => json({ rewards: [1.3] }));
    const scorer = new PrmScorer(new JsonPrm(client(f), info, '/score'));
    await expect(scorer.lastRewards(Q, [['x']])).rejects.toThrow('POST /score — malformed response: reward of step 1 is 1.3, not a number in [0, 1]');
  });

  it('asks per-step adapters for every node it does not know', async () => {
    const f = fakeServer({ logprobs: 'legacy' });
    const adapter: PrmAdapter = new PerStepPrm(client(f), { model: 'm', info });
    const scorer = new PrmScorer(adapter);
    const rs = await scorer.lastRewards(Q, [STEPS.slice(0, 1), STEPS]);
    expect(rs[0]).toBeCloseTo(expected[0], 12);
    expect(rs[1]).toBeCloseTo(expected[2], 12);
    expect(f.requests).toHaveLength(2);
  });
});

describe('HttpBackend with a PRM', () => {
  const problem: Problem = { id: 'p', question: Q, answer: '2' };
  const configs: [string, PrmConfig, FakeServerOptions][] = [
    ['pooling', { type: 'pooling', baseUrl: BASE, model: 'Qwen/Qwen2.5-Math-PRM-7B' }, { pooling: true }],
    ['shepherd-logprobs', { type: 'shepherd-logprobs', baseUrl: BASE, model: 'peiyi9979/math-shepherd-mistral-7b-prm' }, { promptLogprobs: true, tokenize: 'vllm' }],
    ['shepherd-per-step', { type: 'shepherd-per-step', baseUrl: BASE, model: 'peiyi9979/math-shepherd-mistral-7b-prm' }, {}],
    ['json', { type: 'json', url: `${BASE}/prm/score`, params: 1e9 }, {}],
  ];
  for (const [name, prm, server] of configs) {
    it(`${name}: score gives the reward of each node's last step and reports the PRM`, async () => {
      const f = name === 'json'
        ? fakeFetch((req) => json({ rewards: (req.body!.steps as string[]).map(fakeReward) }))
        : fakeServer(server);
      const b = createHttpBackend({ policy: { baseUrl: BASE, model: 'fake', params: 1e9 }, prm }, { fetch: f.fetch });
      const ns = nodes(STEPS);
      const res = await b.score(problem, [ns[2], ns[0]]);
      expect(res.rewards[0]).toBeCloseTo(expected[2], 12);
      expect(res.rewards[1]).toBeCloseTo(expected[0], 12);
      // No call from the question made these nodes, so the question's length is unknown; the run counts PRM tokens.
      expect(res.questionTokens).toBeUndefined();
      expect(b.describe().prm).not.toBeNull();
    });
  }

  it('shares one client (one concurrency limit) when policy and PRM are on the same server', () => {
    const b = createHttpBackend({ policy: { baseUrl: BASE, model: 'fake', params: 1 }, prm: { type: 'pooling', baseUrl: `${BASE}/`, model: 'Qwen/Qwen2.5-Math-PRM-7B' } });
    expect(b.prm!.client).toBe(b.policy.client);
    expect(b.describe().prm).toEqual({ name: 'Qwen/Qwen2.5-Math-PRM-7B', params: 7.08e9 });
  });
});

describe('rewardNeed', () => {
  it('names the strategies that need rewards and why', () => {
    expect(rewardNeed(parseSpec({ name: 'greedy' }))).toBeNull();
    expect(rewardNeed(parseSpec({ name: 'sample', params: { aggregate: 'majority' } }))).toBeNull();
    expect(rewardNeed(parseSpec({ name: 'sample', params: { aggregate: 'best-of-n' } }))).toContain('PRM');
    expect(rewardNeed(parseSpec({ name: 'rebase' }))).toBe('REBASE splits its width by PRM rewards');
    expect(rewardNeed(parseSpec({ name: 'mcts' }))).toContain('PRM');
    expect(rewardNeed(parseSpec({ name: 'beam', params: { dvts: true } }))).toContain('DVTS');
    expect(blockedWithoutPrm(parseSpec({ name: 'rebase' }), { prm: null })).toBe('REBASE splits its width by PRM rewards, and this backend has no PRM (add one in the Backends panel)');
    expect(blockedWithoutPrm(parseSpec({ name: 'rebase' }), { prm: info })).toBeNull();
  });
});
