import { describe, expect, it } from 'vitest';
import {
  PAPER_CONVENTION, addCost, conventionFromId, conventionId, conventionLabel, flopsFor, formatFlops, sumCompute,
} from './compute';
import { findModelParams } from './models';
import { zeroCompute } from './types';

const tokens = (policyTokens: number, promptTokens = 0, prmTokens = 0) => ({ policyTokens, promptTokens, prmTokens });
const params = (name: string): number => {
  const p = findModelParams(name);
  if (p === undefined) throw new Error(`no params for ${name}`);
  return p;
};

describe('flopsFor, checked against the paper (paper-notes.md, Tables 1 and 4)', () => {
  // Tokens per MATH500 solution back-solved from Table 4's greedy rows: FLOPs / (2·N).
  const greedy: [string, number, number][] = [
    ['Mistral-7B', 235, 3.4e12],
    ['Llemma-7B', 291, 3.92e12],
    ['Llama3-8B-Instruct', 239, 3.84e12],
    ['Llemma-34B', 282, 19.0e12],
  ];

  it('reproduces the greedy FLOPs of Table 4 from the registry counts within 1%', () => {
    for (const [model, perSolution, paper] of greedy) {
      const f = flopsFor(tokens(perSolution), params(model), null, PAPER_CONVENTION);
      expect(Math.abs(f / paper - 1), model).toBeLessThan(0.01);
    }
  });

  it('reproduces the sampling budgets (32 or 64 solutions of the same length) within 1%', () => {
    const rows: [string, number, number, number][] = [
      ['Llemma-7B', 291, 32, 125.4e12],
      ['Mistral-7B', 235, 32, 109.2e12],
      ['Llemma-34B', 282, 8, 152.3e12],
      ['Llemma-34B', 282, 64, 12.1e14], // Table 1
      ['Mistral-7B', 235, 256, 8.7e14], // Table 1
    ];
    for (const [model, perSolution, n, paper] of rows) {
      const f = flopsFor(tokens(n * perSolution), params(model), null, PAPER_CONVENTION);
      expect(Math.abs(f / paper - 1), `${model} n=${n}`).toBeLessThan(0.01);
    }
  });

  it('gives MV, BoN and weighted voting the same FLOPs under the paper convention only', () => {
    const policy = params('Llemma-7B');
    const prm = params('llemma-34b-prm');
    const voting = tokens(32 * 291, 32 * 120, 0);
    const scored = tokens(32 * 291, 32 * 120, 32 * 411);
    expect(flopsFor(voting, policy, prm, PAPER_CONVENTION)).toBe(flopsFor(scored, policy, prm, PAPER_CONVENTION));
    const withPrm = { prefill: false, prm: true };
    expect(flopsFor(scored, policy, prm, withPrm) - flopsFor(voting, policy, prm, withPrm)).toBeCloseTo(2 * prm * 32 * 411, -3);
  });

  it('adds prefill and PRM terms only when switched on', () => {
    const c = tokens(100, 40, 60);
    expect(flopsFor(c, 1e9, 2e9, { prefill: false, prm: false })).toBe(2e11);
    expect(flopsFor(c, 1e9, 2e9, { prefill: true, prm: false })).toBe(2e11 + 8e10);
    expect(flopsFor(c, 1e9, 2e9, { prefill: false, prm: true })).toBe(2e11 + 2.4e11);
    expect(flopsFor(c, 1e9, 2e9, { prefill: true, prm: true })).toBe(2e11 + 8e10 + 2.4e11);
    // No PRM: nothing was scored, so the switch adds nothing.
    expect(flopsFor(c, 1e9, null, { prefill: false, prm: true })).toBe(2e11);
  });
});

describe('labels and formatting', () => {
  it('names the convention on the axis', () => {
    expect(conventionLabel(PAPER_CONVENTION)).toBe('FLOPs = 2·N·generated tokens (paper)');
    expect(conventionLabel({ prefill: true, prm: false })).toBe('FLOPs = 2·N·generated tokens + prefill');
    expect(conventionLabel({ prefill: false, prm: true })).toBe('FLOPs = 2·N·generated tokens + PRM');
    expect(conventionLabel({ prefill: true, prm: true })).toBe('FLOPs = 2·N·generated tokens + prefill + PRM');
  });

  it('round-trips convention ids', () => {
    for (const conv of [PAPER_CONVENTION, { prefill: true, prm: false }, { prefill: false, prm: true }, { prefill: true, prm: true }]) {
      expect(conventionFromId(conventionId(conv))).toEqual({ ...conv });
    }
    expect(conventionFromId('nonsense')).toEqual({ prefill: false, prm: false });
  });

  it('formats FLOPs like the paper', () => {
    expect(formatFlops(1.36e14)).toBe('1.36e14');
    expect(formatFlops(3.92e12)).toBe('3.92e12');
    expect(formatFlops(2 * 6.74e9 * 291)).toBe('3.92e12');
    expect(formatFlops(1e15, 2)).toBe('1.0e15');
    expect(formatFlops(0)).toBe('0');
  });
});

describe('addCost', () => {
  it('accumulates tokens and keeps flops at 2·N·generated tokens', () => {
    const c = zeroCompute();
    addCost(c, { policyTokens: 100, promptTokens: 30, calls: 1, wallMs: 5 }, 7e9);
    addCost(c, { policyTokens: 50, prmTokens: 200, calls: 1 }, 7e9);
    expect(c).toEqual({ policyTokens: 150, promptTokens: 30, prmTokens: 200, flops: 2 * 7e9 * 150, calls: 2, wallMs: 5 });
    expect(sumCompute(c, c).flops).toBe(4 * 7e9 * 150);
    expect(c.flops).toBe(2 * 7e9 * 150);
  });
});
