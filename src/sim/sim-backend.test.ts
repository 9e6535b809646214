import { describe, expect, it } from 'vitest';
import { createRng } from '../search/rng';
import type { SampleOptions } from '../search/backend';
import type { SearchNode } from '../search/types';
import { SimBackend } from './sim-backend';
import { defaultProblemSet, simProblem, simStructure } from './problems';
import { KIND_LOOP, KIND_RAMBLE, KIND_STALE, type SimState } from './state';
import { countTokens } from './tokenizer';
import { chainNodes, toNode } from './test-nodes';

const problem = simProblem('sim-L3-0017');
const opts = (seed: number, temperature = 1): SampleOptions => ({ temperature, maxStepTokens: 256, rng: createRng(seed) });
const texts = (b: SimBackend, seed: number) => b.complete(problem, 16, { ...opts(seed), maxDepth: 25 }).solutions.map((c) => c.map((s) => s.text).join('\n'));

describe('SimBackend', () => {
  it('describes the policy and PRM with real parameter counts, and answers synchronously', () => {
    const b = new SimBackend({ policy: 'sim-34B', prm: 'strong' });
    expect(b.describe()).toEqual({
      policy: { name: 'sim-34B', params: 3.37e10 },
      prm: { name: 'sim-PRM-34B', params: 3.37e10 },
      capabilities: { complete: true, multiSample: true, replay: false },
    });
    const res = b.expand(problem, null, 2, opts(1));
    expect(res).not.toBeInstanceOf(Promise);
    expect(new SimBackend({ prm: null }).describe().prm).toBeNull();
  });

  it('the same seed gives identical samples; another seed gives others', () => {
    const a = texts(new SimBackend(), 42);
    expect(texts(new SimBackend(), 42)).toEqual(a);
    expect(texts(new SimBackend(), 43)).not.toEqual(a);
    const one = new SimBackend().expand(problem, null, 8, opts(5)).samples;
    const two = new SimBackend().expand(problem, null, 8, opts(5)).samples;
    expect(two.map((s) => [s.text, s.tokens])).toEqual(one.map((s) => [s.text, s.tokens]));
  });

  it('temperature 0 writes the single most likely step: every sample the same, no randomness', () => {
    const b = new SimBackend();
    const greedy = b.complete(problem, 4, { ...opts(1, 0), maxDepth: 25 }).solutions;
    const again = b.complete(problem, 1, { ...opts(999, 0), maxDepth: 25 }).solutions;
    for (const chain of [...greedy, ...again]) expect(chain.map((s) => s.text)).toEqual(greedy[0].map((s) => s.text));
  });

  it("continues a path from the prefix node's state: numbered steps, the carried value as input", () => {
    const b = new SimBackend({ policy: 'sim-410M' });
    const rng = createRng(3);
    let parent: SearchNode | null = null;
    // Up to 80 steps: a path that falls into a loop can run past the usual depth cap of 25.
    for (let depth = 1; depth <= 80; depth++) {
      const [s] = b.expand(problem, parent, 1, { temperature: 1, maxStepTokens: 256, rng }).samples;
      expect(s.text.startsWith(`Step ${depth}: `)).toBe(true);
      const state = s.ref as SimState;
      const carried = parent ? (parent.ref as SimState).value : simStructure(problem).values[0];
      // Every kind of step reads the carried value, except a stale one, which reads the value before
      // it; a rambling step restates the carried value and keeps the input it had (no operation).
      const still = state.kind === KIND_RAMBLE || state.kind === KIND_LOOP;
      if (still) expect(s.text).toContain(`${carried}`);
      else if (state.kind !== KIND_STALE) expect(s.text).toContain(` ${carried} `);
      if (!still) expect(state.input).toBe(carried);
      parent = toNode(s, parent);
      if (s.terminal) break;
    }
    expect(parent!.terminal).toBe(true);
    expect(() => b.expand(problem, parent, 1, opts(1))).toThrow(/terminal/);
  });

  it('the last step says "The answer is N." and is terminal with answer N; no other step does', () => {
    const b = new SimBackend({ policy: 'sim-410M' });
    for (const p of defaultProblemSet().filter((_, i) => i % 10 === 0)) {
      for (const chain of b.complete(p, 8, { ...opts(11), maxDepth: 25 }).solutions) {
        const last = chain[chain.length - 1];
        expect(last.terminal).toBe(true);
        expect(last.finishReason).toBe('eos');
        expect(last.text.endsWith(`The answer is ${last.answer}.`)).toBe(true);
        for (const s of chain.slice(0, -1)) {
          expect(s.terminal).toBe(false);
          expect(s.text).not.toContain('The answer is');
        }
      }
    }
  });

  it('charges the question once per run (prefix cache) and reports a deterministic latency', () => {
    const b = new SimBackend();
    const first = b.expand(problem, null, 4, opts(1));
    expect(first.cost?.promptTokens).toBe(countTokens(problem.question));
    const next = b.expand(problem, toNode(first.samples[0], null), 4, opts(1));
    expect(next.cost?.promptTokens).toBe(0);
    expect(b.complete(problem, 2, { ...opts(1), maxDepth: 25 }).cost.promptTokens).toBe(countTokens(problem.question));
    expect(first.cost?.wallMs).toBeGreaterThan(0);
    expect(new SimBackend().expand(problem, null, 4, opts(1)).cost).toEqual(first.cost);
  });

  it('cuts a step at maxStepTokens and marks it "length", not terminal', () => {
    const [s] = new SimBackend().expand(problem, null, 1, { ...opts(1), maxStepTokens: 6 }).samples;
    expect(s.finishReason).toBe('length');
    expect(s.tokens).toBe(6);
    expect(countTokens(s.text)).toBe(6);
    expect(s.terminal).toBe(false);
  });

  it('refuses problems and nodes that are not from the sim, with a clear error', () => {
    const b = new SimBackend();
    expect(() => b.expand({ id: 'gsm8k-1', question: 'What is 1+1?', answer: '2' }, null, 1, opts(1))).toThrow(/only solves sim problems/);
    const alien = { ...toNode(b.expand(problem, null, 1, opts(1)).samples[0], null), ref: { recorded: 1 } };
    expect(() => b.expand(problem, alien, 1, opts(1))).toThrow(/not generated by a SimBackend/);
    expect(() => b.score(problem, [alien])).toThrow(/not generated by a SimBackend/);
  });

  it('score without a PRM throws an error that says how to get one', () => {
    const b = new SimBackend({ prm: null });
    const nodes = chainNodes(b.complete(problem, 1, { ...opts(1), maxDepth: 25 }).solutions[0]);
    expect(() => b.score(problem, nodes)).toThrow(/no PRM.*prm: null.*'default'/);
  });
});
