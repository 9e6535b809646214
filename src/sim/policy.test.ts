import { describe, expect, it } from 'vitest';
import { createRng } from '../search/rng';
import { ModelTables, TEMPT } from './error-model';
import { stepErrorRate } from './measure';
import { WORLD, simModel } from './models';
import { compileProblem } from './phrasing';
import { StepSampler, rootState, sampleChain } from './policy';
import { defaultProblemSet, problemsByLevel, simStructure } from './problems';
import { KIND_LOOP, KIND_RAMBLE, KIND_TEMPT, type SimState } from './state';

const tablesFor = (id: string, model = 'sim-7B') => new ModelTables(compileProblem(simStructure(id)), simModel(model), WORLD);

describe('sim policy', () => {
  it('makes fewer step errors as the model grows', () => {
    const problems = defaultProblemSet().filter((_, i) => i % 4 === 0);
    const rates = (['sim-410M', 'sim-1.4B', 'sim-7B', 'sim-34B'] as const).map((m) => stepErrorRate(m, problems, 8));
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeLessThan(rates[i - 1]);
    expect(rates[0] / rates[3]).toBeGreaterThan(1.2);
  });

  it('makes more step errors at higher levels', () => {
    const rates = [1, 2, 3, 4, 5].map((l) => stepErrorRate('sim-7B', problemsByLevel(l, 50), 8));
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThan(rates[i - 1]);
    expect(rates[4]).toBeGreaterThan(2 * rates[0]);
  });

  it('greedy can be wrong where most of the probability is right (correct mass split over phrasings)', () => {
    let cases = 0;
    for (const p of defaultProblemSet()) {
      const t = tablesFor(p.id);
      const greedy = t.greedy();
      for (let k = 0; k < greedy.length; k++) {
        if (greedy[k] === TEMPT && t.correctMass(k) > 0.5) cases++;
      }
    }
    // A visible share of the 500 problems, not a curiosity.
    expect(cases).toBeGreaterThan(25);
  });

  it('temperature 1 samples outcomes with their probabilities; a low temperature concentrates on the mode', () => {
    const t = tablesFor('sim-L3-0017');
    const rng = createRng(9);
    const root = rootState(t.problem);
    const n = 20000;
    let right = 0;
    const hot = new StepSampler(t, 1);
    // Right computations only: a rambling step is stepOk too, but applies no operation.
    for (let i = 0; i < n; i++) {
      const st = hot.step(root, rng, 256).ref as SimState;
      if (st.stepOk && st.kind !== KIND_RAMBLE && st.kind !== KIND_LOOP) right++;
    }
    const p = t.correctMass(0);
    expect(Math.abs(right / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));

    // Reshaping p^(1/T): the lower the temperature, the more often the greedy string comes out.
    const greedyText = new StepSampler(t, 0).step(root, rng, 256).text;
    const shareOfMode = (T: number) => {
      const sampler = new StepSampler(t, T);
      let same = 0;
      for (let i = 0; i < 4000; i++) if (sampler.step(root, rng, 256).text === greedyText) same++;
      return same / 4000;
    };
    const shares = [1, 0.5, 0.2, 0.02].map(shareOfMode);
    for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeGreaterThan(shares[i - 1]);
    // Two of this step's phrasings are nearly as likely, so even T = 0.02 leaves the runner-up some share.
    expect(shares[3]).toBeGreaterThan(0.8);
  });

  it("a problem's misconception repeats across samples, so wrong answers cluster", () => {
    // Share of a problem's wrong samples that give its most common wrong answer, with the
    // per-problem misconception and in the same world without it.
    const clustering = (trapRatio: number) => {
      let clustered = 0;
      let wrong = 0;
      const rng = createRng(4);
      for (const p of defaultProblemSet().filter((_, i) => i % 5 === 0)) {
        const t = new ModelTables(compileProblem(simStructure(p)), simModel('sim-7B'), { ...WORLD, trapRatio });
        const sampler = new StepSampler(t, 1);
        const counts = new Map<string, number>();
        for (let i = 0; i < 32; i++) {
          const a = sampleChain(sampler, rng, 256, 25).at(-1)!.answer!;
          if (a !== p.answer) counts.set(a, (counts.get(a) ?? 0) + 1);
        }
        const values = [...counts.values()];
        wrong += values.reduce((s, c) => s + c, 0);
        clustered += Math.max(0, ...values);
      }
      return clustered / wrong;
    };
    expect(clustering(WORLD.trapRatio)).toBeGreaterThan(1.5 * clustering(0));
  });

  it('a tempting wrong step is computed with the wrong operation and later steps build on its value', () => {
    const t = tablesFor('sim-L3-0017');
    const sampler = new StepSampler(t, 1);
    const rng = createRng(2);
    for (let i = 0; i < 500; i++) {
      const chain = sampleChain(sampler, rng, 256, 25);
      const at = chain.findIndex((s) => (s.ref as SimState).kind === KIND_TEMPT && !(s.ref as SimState).stepOk);
      if (at < 0 || at === chain.length - 1) continue;
      const bad = chain[at].ref as SimState;
      const after = chain[at + 1].ref as SimState;
      expect(bad.ok).toBe(false);
      expect(after.input).toBe(bad.value);
      expect(chain[at + 1].text).toContain(String(bad.value));
      return;
    }
    throw new Error('no tempting error in 500 samples');
  });
});
