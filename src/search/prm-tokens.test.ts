/**
 * PRM tokens (docs/compute.md, "PRM tokens"): the tokens the reward model reads, with a per-run
 * prefix cache — the question once, each node once, the first time a path through it is scored.
 * Sampling (which scores only the last step of each chain) and REBASE (which scores every node)
 * are therefore charged alike for alike tokens, on every backend and in the sweep.
 */
import { describe, expect, it } from 'vitest';
import { SimBackend, simProblem } from '../sim/index';
import { parseBundleText, RecordingBackend, ReplayBackend, serializeBundle } from '../trace/index';
import { PrmReads, type PrmPathNode } from './compute';
import type { SearchEvent } from './events';
import { createRng } from './rng';
import { runStrategy, specForBudget, type StrategySpec } from './strategies/index';
import { SearchRun } from './run';
import { runSeed, runUnit } from './sweep';
import { FakeBackend } from './testing/fake-backend';
import { uniformTree } from './testing/fake-trees';
import type { Problem } from './types';

/** A hand-built node; ids must be unique within one PrmReads. */
const node = (id: number, tokens: number, parentNode: PrmPathNode | null = null): PrmPathNode => ({ id, tokens, parentNode });

describe('PrmReads: the tokens a PRM with a prefix cache reads', () => {
  it('charges a sampling run (last steps scored) and a tree search (every node scored) the same for the same tokens', () => {
    const Q = 40;
    // Sampling: 4 chains of 3 steps, no shared nodes; one call scores the 4 final steps.
    let id = 0;
    const leaves: PrmPathNode[] = [];
    for (let c = 0; c < 4; c++) {
      const a = node(id++, 10 + c);
      const b = node(id++, 20 + c, a);
      leaves.push(node(id++, 30 + c, b));
    }
    const sampling = new PrmReads().charge(leaves, Q);
    const generated = 4 * 60 + 3 * (0 + 1 + 2 + 3);
    expect(sampling).toBe(Q + generated);

    // A tree search over the same 12 steps (the same token counts), scoring each depth as it grows.
    const tree = new PrmReads();
    const d1 = [0, 1, 2, 3].map((c) => node(100 + c, 10 + c));
    const d2 = d1.map((p, c) => node(110 + c, 20 + c, p));
    const d3 = d2.map((p, c) => node(120 + c, 30 + c, p));
    const perCall = [tree.charge(d1, Q), tree.charge(d2, Q), tree.charge(d3, Q)];
    expect(perCall).toEqual([Q + 46, 86, 126]);
    expect(perCall.reduce((s, x) => s + x, 0)).toBe(sampling);
  });

  it('reads the question once per run and each node once, however often its paths are scored', () => {
    const reads = new PrmReads();
    const root = node(0, 5);
    const a = node(1, 7, root);
    const b = node(2, 11, root);
    expect(reads.charge([a], 3)).toBe(3 + 5 + 7);
    expect(reads.charge([b], 3)).toBe(11); // root and question already read
    expect(reads.charge([a, b, root], 3)).toBe(0);
    expect(reads.charge([], 3)).toBe(0);
  });

  it('charges unscored ancestors when a deeper node is scored (they are read as context), and only then', () => {
    const reads = new PrmReads();
    const a = node(0, 4);
    const b = node(1, 6, a);
    const c = node(2, 8, b);
    expect(reads.charge([c], 0)).toBe(18);
    expect(reads.charge([b], 0)).toBe(0);
  });

  it('charges the question once it is known, when the first calls could not say', () => {
    const reads = new PrmReads();
    expect(reads.charge([node(0, 5)], undefined)).toBe(5);
    expect(reads.charge([node(1, 5)], 9)).toBe(9 + 5);
    expect(reads.charge([node(2, 5)], 9)).toBe(5);
  });
});

const problem: Problem = { id: 'p', question: 'Q', answer: '2' };

describe('runs: the runner charges PRM tokens the same way for every strategy', () => {
  it('weighted voting and REBASE at equal n, generating the same tokens, get equal PRM tokens', async () => {
    // Depth-2 solutions with equal rewards: REBASE at width n gives each of its n first steps one
    // child, so it generates exactly the 2n steps that n sampled chains have.
    for (const n of [4, 32]) {
      const run = (spec: StrategySpec) => runStrategy(problem, new FakeBackend(uniformTree(2), { complete: true, questionTokens: 30 }), spec, { rng: createRng(1) });
      const wv = await run(specForBudget('weighted-majority', n));
      const rebase = await run(specForBudget('rebase', n));
      expect(wv.compute.policyTokens).toBe(20 * n);
      expect(rebase.compute.policyTokens).toBe(20 * n);
      expect(wv.compute.prmTokens).toBe(30 + 20 * n);
      expect(rebase.compute.prmTokens).toBe(wv.compute.prmTokens);
    }
  });

  it('charges nothing for the question when the backend does not say how long it is', async () => {
    const done = await runStrategy(problem, new FakeBackend(uniformTree(2), { complete: true }), specForBudget('weighted-majority', 4), { rng: createRng(1) });
    expect(done.compute.prmTokens).toBe(done.compute.policyTokens);
  });
});

/** Tokens of the whole chain of every scored node of a run, each node once (what a PRM reads after the question). */
function scoredChainTokens(events: readonly SearchEvent[]): number {
  const nodes = new Map<number, { tokens: number; parent: number | null }>();
  const read = new Set<number>();
  let tokens = 0;
  for (const e of events) {
    if (e.type === 'node') nodes.set(e.id, { tokens: e.tokens, parent: e.parent });
    if (e.type !== 'score') continue;
    for (let id: number | null = e.id; id !== null && !read.has(id); id = nodes.get(id)!.parent) {
      read.add(id);
      tokens += nodes.get(id)!.tokens;
    }
  }
  return tokens;
}

describe('on the sim (sim-7B, n = 32)', () => {
  const problems = ['sim-L2-0003', 'sim-L4-0001'].map(simProblem);
  const runOn = async (p: Problem, spec: StrategySpec) => {
    const sim = new SimBackend({ policy: 'sim-7B' });
    const events: SearchEvent[] = [];
    const done = await runStrategy(p, sim, spec, { rng: createRng(7), emit: (e) => events.push(e) });
    return { done, events, q: sim.score(p, []).questionTokens! };
  };

  it('weighted voting is charged the question once plus every scored chain whole (≈ all its generated tokens)', async () => {
    for (const p of problems) {
      const { done, events, q } = await runOn(p, specForBudget('weighted-majority', 32));
      expect(q).toBeGreaterThan(0);
      expect(done.compute.prmTokens).toBe(q + scoredChainTokens(events));
      // Only unfinished chains (no answer to score) are not read.
      expect(done.compute.prmTokens).toBeLessThanOrEqual(q + done.compute.policyTokens);
      // Chains caught in a loop never finish: on average they hold ≈ 6 % of sim-7B's tokens.
      expect(done.compute.prmTokens).toBeGreaterThan(q + 0.75 * done.compute.policyTokens);
    }
  });

  it('REBASE is charged the question once plus every node it generated', async () => {
    for (const p of problems) {
      const { done, q } = await runOn(p, specForBudget('rebase', 32));
      expect(done.compute.prmTokens).toBe(q + done.compute.policyTokens);
    }
  });

  it('a replay of a recorded run charges the PRM tokens of the live run', async () => {
    for (const strategy of ['weighted-majority', 'best-of-n', 'rebase', 'mcts', 'beam'] as const) {
      const p = problems[1];
      const spec = specForBudget(strategy, 8);
      const recorder = new RecordingBackend(new SimBackend({ policy: 'sim-7B' }));
      const live = await runStrategy(p, recorder, spec, { rng: createRng(3) });
      const bundle = parseBundleText(serializeBundle(recorder.toBundle()));
      const replayed = await runStrategy(p, new ReplayBackend(bundle, p.id), spec, { rng: createRng(3) });
      expect(replayed.incomplete, strategy).toBeUndefined();
      expect(replayed.compute.prmTokens, strategy).toBe(live.compute.prmTokens);
      expect(live.compute.prmTokens, strategy).toBeGreaterThan(live.compute.policyTokens * 0.5);
    }
  });

  it('the sweep charges a sub-sampled sampling cell the whole chains it scored plus the question, as a real run of n', async () => {
    const unit = { model: 'sim-7B', strategies: ['best-of-n', 'weighted-majority'] as const, budgets: [4, 32], problems, seed: 0, subsample: true };
    const sub = await runUnit({ ...unit, strategies: [...unit.strategies] }, () => new SimBackend({ policy: 'sim-7B' }));
    const fresh = await runUnit({ ...unit, strategies: [...unit.strategies], subsample: false }, () => new SimBackend({ policy: 'sim-7B' }));
    for (const cells of [sub, fresh]) {
      for (const c of cells) {
        const q = new SimBackend().score(simProblem(c.problemId), []).questionTokens!;
        expect(c.prmTokens).toBeLessThanOrEqual(q + c.policyTokens);
        expect(c.prmTokens).toBeGreaterThan(q + 0.9 * c.policyTokens);
      }
    }
    // At n = max(budgets) the sub-sample is the whole pool: the cell is charged exactly what the
    // pool's own run (the same seed, its finished solutions scored) was charged.
    for (const c of sub.filter((x) => x.budget === 32)) {
      const p = simProblem(c.problemId);
      const run = new SearchRun(p, new SimBackend({ policy: 'sim-7B' }), { rng: createRng(runSeed(0, 'sim-7B', 'pool:32', p.id)) });
      const leaves = await run.complete(32, 1, 25);
      await run.score(leaves.filter((l) => l.terminal));
      expect(run.compute.policyTokens).toBe(c.policyTokens);
      expect(c.prmTokens).toBe(run.compute.prmTokens);
    }
  });
});
