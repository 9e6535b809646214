/**
 * Integration: REBASE from src/search, through HttpBackend, over real `fetch` against a real
 * serve-sim (src/cli/serve-sim) on a free local port — with each PRM adapter serve-sim speaks,
 * and as a llama.cpp-like server that refuses n > 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, PRM_MODEL, type SimServer } from '../cli/serve-sim/index';
import { createRng } from '../search/rng';
import { runStrategy } from '../search/strategies/index';
import { parseSpec } from '../search/strategies/spec';
import type { DoneEvent, SearchEvent } from '../search/events';
import { SIM_MODELS, SIM_PRM, countTokens, simProblem } from '../sim/index';
import { createHttpBackend, type PrmConfig } from './config';
import type { HttpBackend } from './http-backend';

const PROBLEM = simProblem('sim-L2-0003');
const SIM_7B = SIM_MODELS.find((m) => m.id === 'sim-7B')!;

let sim: SimServer;
let refusing: SimServer;
let oldVllm: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ port: 0 });
  refusing = await startSimServer({ port: 0, multiSample: false, promptLogprobs: false });
  oldVllm = await startSimServer({ port: 0, tokenIds: false });
});
afterAll(async () => {
  await sim?.close();
  await refusing?.close();
  await oldVllm?.close();
});

function live(url: string, prm: PrmConfig | null, paths?: string[]): HttpBackend {
  const fetchLike = paths ? (input: string, init: RequestInit) => { paths.push(new URL(input).pathname); return fetch(input, init); } : undefined;
  return createHttpBackend({ policy: { baseUrl: url, model: 'sim-7B', params: SIM_7B.params, format: 'plain' }, prm }, { fetch: fetchLike });
}

async function runRebase(b: HttpBackend, width = 8): Promise<{ events: SearchEvent[]; done: DoneEvent }> {
  const events: SearchEvent[] = [];
  const done = await runStrategy(PROBLEM, b, parseSpec({ name: 'rebase', params: { width } }), { rng: createRng(11), emit: (e) => events.push(e) });
  return { events, done };
}

function check({ events, done }: { events: SearchEvent[]; done: DoneEvent }, width: number): void {
  expect(done.incomplete).toBeUndefined();
  expect(done.solutions).toBe(width);
  const nodes = events.filter((e) => e.type === 'node');
  const scores = events.filter((e) => e.type === 'score');
  expect(nodes.length).toBe(done.nodes);
  expect(scores.length).toBe(nodes.length);
  for (const s of scores) expect(s.type === 'score' && s.reward >= 0 && s.reward <= 1).toBe(true);
  expect(done.answer).not.toBeNull();
  expect(done.compute.policyTokens).toBeGreaterThan(0);
}

describe('REBASE against serve-sim over real fetch', () => {
  it('with the /pooling PRM (Qwen2.5-Math-PRM style)', async () => {
    const b = live(sim.url, { type: 'pooling', baseUrl: sim.url, model: PRM_MODEL, params: SIM_PRM.params });
    check(await runRebase(b), 8);
    expect(b.describe().capabilities.multiSample).toBe(true);
  });

  it('with the Math-Shepherd prompt-logprobs PRM', async () => {
    const b = live(sim.url, { type: 'shepherd-logprobs', baseUrl: sim.url, model: PRM_MODEL, params: SIM_PRM.params });
    check(await runRebase(b), 8);
  });

  it('with the plain JSON PRM endpoint', async () => {
    const b = live(sim.url, { type: 'json', url: `${sim.url}/prm`, name: PRM_MODEL, params: SIM_PRM.params });
    check(await runRebase(b), 8);
  });

  it('per-sample tokens from return_token_ids (no /tokenize), the same tree and counts as an older vLLM gives via /tokenize', async () => {
    const run = async (url: string) => {
      const paths: string[] = [];
      const b = live(url, { type: 'pooling', baseUrl: url, model: PRM_MODEL, params: SIM_PRM.params }, paths);
      const r = await runRebase(b, 16);
      check(r, 16);
      // Everything but the measured wall time.
      const nodes = r.events.filter((e) => e.type === 'node').map((e) => ({ ...e, compute: { ...e.compute, wallMs: 0 } }));
      return { paths, b, nodes, done: r.done };
    };
    const now = await run(sim.url);
    const old = await run(oldVllm.url);
    expect(now.paths.filter((p) => p === '/tokenize')).toHaveLength(0);
    expect(old.paths.filter((p) => p === '/tokenize').length).toBeGreaterThan(16);
    expect(now.b.policy.tokenIds).toBe(true);
    expect(old.b.policy.tokenIds).toBe(false);
    expect(now.nodes).toEqual(old.nodes);
    expect(now.done.compute).toMatchObject({ policyTokens: old.done.compute.policyTokens, flops: old.done.compute.flops });
    // serve-sim's tokens are the sim tokenizer's; the delimiter "\n\n" costs none.
    for (const n of now.nodes) if (n.type === 'node') expect(n.tokens).toBe(countTokens(n.text));
  });

  it('against a llama.cpp-like server (no n > 1, no prompt logprobs): parallel requests and the per-step PRM', async () => {
    const b = live(refusing.url, { type: 'shepherd-per-step', baseUrl: refusing.url, model: PRM_MODEL, params: SIM_PRM.params });
    check(await runRebase(b), 8);
    expect(b.describe().capabilities.multiSample).toBe(false);
    expect(b.notes.join('\n')).toContain('refused n > 1');
  });

  it('weighted voting over whole solutions (native complete, split into steps) matches the sim\'s token counts', async () => {
    const b = live(sim.url, { type: 'pooling', baseUrl: sim.url, model: PRM_MODEL, params: SIM_PRM.params });
    const events: SearchEvent[] = [];
    const done = await runStrategy(PROBLEM, b, parseSpec({ name: 'sample', params: { n: 6, aggregate: 'weighted-majority' } }), { rng: createRng(4), emit: (e) => events.push(e) });
    expect(done.incomplete).toBeUndefined();
    expect(done.solutions).toBe(6);
    const nodes = events.filter((e) => e.type === 'node');
    expect(nodes.length).toBeGreaterThan(6);
    // Each step's tokens are the server's own count of its text (usage split by /tokenize counts).
    for (const n of nodes) if (n.type === 'node') expect(n.tokens).toBe(countTokens(n.text));
  });

  it('the PRM adapters agree on the same path', async () => {
    const pooling = live(sim.url, { type: 'pooling', baseUrl: sim.url, model: PRM_MODEL, params: SIM_PRM.params });
    const first = await pooling.expand(PROBLEM, null, 3, { temperature: 1, maxStepTokens: 256, rng: createRng(2) });
    const nodes = first.samples.map((s, id) => ({ id, parent: null, parentNode: null, depth: 1, text: s.text, tokens: s.tokens, terminal: s.terminal, finishReason: s.finishReason, reward: null, ref: s.ref, children: [] }));
    const configs: PrmConfig[] = [
      { type: 'shepherd-logprobs', baseUrl: sim.url, model: PRM_MODEL, params: SIM_PRM.params },
      { type: 'shepherd-per-step', baseUrl: sim.url, model: PRM_MODEL, params: SIM_PRM.params },
      { type: 'json', url: `${sim.url}/prm`, params: SIM_PRM.params },
    ];
    const base = (await pooling.score(PROBLEM, nodes)).rewards;
    for (const prm of configs) {
      const rewards = (await live(sim.url, prm).score(PROBLEM, nodes)).rewards;
      rewards.forEach((r, i) => expect(r).toBeCloseTo(base[i], 6));
    }
  });
});
