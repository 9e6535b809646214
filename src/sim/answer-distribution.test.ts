import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../search/rng';
import { answerDistribution, type AnswerDistribution } from './answer-distribution';
import { ModelTables } from './error-model';
import { majorityLimitHit } from './majority-limit';
import { WORLD, simModel } from './models';
import { compileProblem } from './phrasing';
import { StepSampler, sampleChain } from './policy';
import { problemsByLevel, simProblem, simStructure } from './problems';
import type { SimState } from './state';

const samplerFor = (id: string, model = 'sim-7B', T = 1) => new StepSampler(new ModelTables(compileProblem(simStructure(id)), simModel(model), WORLD), T);

/** Answer frequencies of n sampled chains ('' = unfinished). */
function empirical(sampler: StepSampler, n: number, maxStepTokens: number, maxDepth: number, seed: number): Map<string, number> {
  const rng = createRng(seed);
  const f = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const last = sampleChain(sampler, rng, maxStepTokens, maxDepth).at(-1)!;
    const a = last.terminal ? last.answer! : '';
    f.set(a, (f.get(a) ?? 0) + 1 / n);
  }
  return f;
}

/** Every answer the DP or the samples saw agrees within 4.5 σ (plus the pruned mass). */
function expectAgreement(d: AnswerDistribution, f: Map<string, number>, n: number): void {
  const exact = new Map(d.answers.map((a) => [a.answer, a.p]));
  exact.set('', d.unfinished);
  for (const a of new Set([...exact.keys(), ...f.keys()])) {
    const p = exact.get(a) ?? 0;
    const tol = 4.5 * Math.sqrt(Math.max(p * (1 - p), 1 / n) / n) + d.pruned;
    expect(Math.abs((f.get(a) ?? 0) - p), `answer "${a}": exact ${p}, sampled ${f.get(a) ?? 0}`).toBeLessThan(tol);
  }
}

describe('the exact answer distribution', () => {
  const n = 20000;

  it.each([
    ['sim-L1-0003', 'sim-7B', 1],
    ['sim-L2-0010', 'sim-410M', 1],
    ['sim-L3-0017', 'sim-34B', 1],
    ['sim-L2-0004', 'sim-7B', 0.6],
  ] as const)('matches 20,000 sampled chains of %s by %s at T = %s', (id, model, T) => {
    const sampler = samplerFor(id, model, T);
    const d = answerDistribution(sampler, 256, 25, { epsilon: 1e-9 });
    // Far below what 20,000 samples can resolve (σ ≈ 0.0035 for an answer at 30 %).
    expect(d.pruned).toBeLessThan(5e-4);
    // Several answers with visible mass, so the comparison has something to say.
    expect(d.answers.filter((a) => a.p > 0.01).length).toBeGreaterThan(2);
    expectAgreement(d, empirical(sampler, n, 256, 25, 7), n);
  });

  it('follows truncated steps and the depth cap as sampleChain does', () => {
    const sampler = samplerFor('sim-L2-0001', 'sim-410M');
    // Short steps get truncated (and redone); few steps leave many solutions unfinished.
    const d = answerDistribution(sampler, 60, 5, { epsilon: 1e-9 });
    expect(d.unfinished).toBeGreaterThan(0.2);
    expect(d.answers.filter((a) => a.p > 0.01).length).toBeGreaterThan(3);
    expectAgreement(d, empirical(sampler, n, 60, 5, 11), n);
  });

  it('accounts for all the mass: answers + unfinished + pruned = 1, most likely answer first', () => {
    for (const p of [...problemsByLevel(2, 3), ...problemsByLevel(4, 2)]) {
      const d = answerDistribution(samplerFor(p.id), 256, 25, { epsilon: 1e-5 });
      const sum = d.answers.reduce((s, a) => s + a.p, 0) + d.unfinished + d.pruned;
      expect(sum).toBeCloseTo(1, 9);
      for (let i = 1; i < d.answers.length; i++) expect(d.answers[i].p).toBeLessThanOrEqual(d.answers[i - 1].p);
    }
    // A coarser ε prunes more.
    const fine = answerDistribution(samplerFor('sim-L4-0000'), 256, 25, { epsilon: 1e-6 });
    const coarse = answerDistribution(samplerFor('sim-L4-0000'), 256, 25, { epsilon: 1e-4 });
    expect(coarse.pruned).toBeGreaterThan(fine.pruned);
    expect(coarse.states).toBeLessThan(fine.states);
  });

  it('at temperature 0 puts all the mass on the greedy solution’s answer', () => {
    const sampler = samplerFor('sim-L3-0005', 'sim-7B', 0);
    const greedy = sampleChain(sampler, createRng(1), 256, 25).at(-1)!;
    const d = answerDistribution(sampler, 256, 25);
    expect(d.answers).toEqual([{ answer: greedy.answer, p: 1 }]);
    expect(d.unfinished + d.pruned).toBe(0);
  });

  it('refuses a step that draws more than one number (it would enumerate the wrong outcomes)', () => {
    class TwoDraws extends StepSampler {
      override step(s: SimState, rng: Rng, maxStepTokens: number) {
        rng.next();
        return super.step(s, rng, maxStepTokens);
      }
    }
    const base = samplerFor('sim-L1-0000');
    expect(() => answerDistribution(new TwoDraws(base.tables, 1), 256, 25)).toThrow(/drew 2 random numbers/);
  });
});

describe('the majority-vote limit of one problem', () => {
  it('is the gold answer being the mode: a large vote agrees on clear cases', () => {
    let checked = 0;
    for (const p of [...problemsByLevel(1, 15), ...problemsByLevel(2, 15)]) {
      const sampler = samplerFor(p.id);
      const h = majorityLimitHit(sampler, p);
      expect(h.hit === 0 || h.hit === 1).toBe(true);
      if (!h.certified || Math.abs(h.gold - h.rival) < 0.05) continue;
      // With a 5-point gap, 3000 votes pick the mode all but surely.
      const f = empirical(sampler, 3000, 256, 25, 3);
      f.delete('');
      const top = [...f].sort((a, b) => b[1] - a[1])[0][0];
      expect(top === p.answer ? 1 : 0, p.id).toBe(h.hit);
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('on sim-L1-0000, sim-7B: the tempting wrong answer is the mode, so voting converges to it', () => {
    const p = simProblem('sim-L1-0000');
    expect(p.answer).toBe('14');
    const h = majorityLimitHit(samplerFor(p.id), p, { epsilon: 1e-8 });
    expect(h).toMatchObject({ hit: 0, certified: true });
    expect(h.pruned).toBeLessThan(1e-4);
    expect(h.gold).toBeCloseTo(0.3610, 3);
    expect(h.rival).toBeCloseTo(0.3767, 3);
    expect(answerDistribution(samplerFor(p.id), 256, 25).answers[0]).toMatchObject({ answer: '54' });
  });

  it('refines ε until the decision is certified, or says it is not', () => {
    const p = problemsByLevel(5, 1)[0];
    const h = majorityLimitHit(samplerFor(p.id), p, { epsilon: 1e-3, minEpsilon: 1e-4 });
    expect(h.epsilon).toBe(1e-4);
    expect(h.certified).toBe(Math.abs(h.gold - h.rival) > h.pruned);
  });
});
