import { describe, expect, it } from 'vitest';
import { defaultSpec, describeSpec, parseSpec, SpecError, STRATEGY_NAMES, type StrategySpec } from './spec';
import { MCTS_NODES_PER_BUDGET, specForBudget, SWEEP_STRATEGIES } from './sweep';

describe('parseSpec', () => {
  it('fills in defaults: REBASE is the official preset (T_b 0.2, reference allocation)', () => {
    expect(parseSpec({ name: 'rebase' })).toEqual({
      name: 'rebase',
      params: { width: 32, tb: 0.2, allocation: 'reference', preset: 'official', maxDepth: 25, aggregate: 'weighted-majority', scoreAgg: 'last', voteRule: 'official', temperature: 1 },
    });
    expect(parseSpec({ name: 'sample', params: { n: 4 } }).params).toMatchObject({ n: 4, aggregate: 'weighted-majority', scoreAgg: 'last', temperature: 1, maxDepth: 25 });
  });

  it('round-trips every default spec and every sweep spec unchanged', () => {
    for (const name of STRATEGY_NAMES) expect(parseSpec(defaultSpec(name))).toEqual(defaultSpec(name));
    for (const name of SWEEP_STRATEGIES) {
      const spec = specForBudget(name, 16);
      expect(parseSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
    }
  });

  it('takes the paper preset as T_b 0.1 with paper allocation', () => {
    expect(parseSpec({ name: 'rebase', params: { preset: 'paper' } }).params).toMatchObject({ tb: 0.1, allocation: 'paper', preset: 'paper' });
  });

  it('accepts numbers and booleans written as strings (URLs, command lines)', () => {
    expect(parseSpec({ name: 'mcts', params: { budget: '128', c: '1.5', rollout: 'true' } }).params).toMatchObject({ budget: 128, c: 1.5, rollout: true });
  });

  it.each([
    [{ name: 'rebase', params: { width: -3 } }, 'params.width', /whole number ≥ 1, got -3/],
    [{ name: 'rebase', params: { width: 2.5 } }, 'params.width', /whole number/],
    [{ name: 'rebase', params: { tb: 0 } }, 'params.tb', /> 0/],
    [{ name: 'rebase', params: { preset: 'official', tb: 0.3 } }, 'params.tb', /contradicts preset 'official'/],
    [{ name: 'rebase', params: { preset: 'paper', allocation: 'reference' } }, 'params.allocation', /contradicts preset 'paper'/],
    [{ name: 'rebase', params: { allocation: 'exact' } }, 'params.allocation', /one of reference, paper/],
    [{ name: 'sample', params: { aggregate: 'vote' } }, 'params.aggregate', /majority, best-of-n, weighted-majority/],
    [{ name: 'sample', params: { scoreAgg: 'max' } }, 'params.scoreAgg', /last, min, mean, prod/],
    [{ name: 'sample', params: { voteRule: 'random' } }, 'params.voteRule', /official, first-vote/],
    [{ name: 'sample', params: { n: '12abc' } }, 'params.n', /got "12abc"/],
    [{ name: 'sample', params: { temprature: 1 } }, 'params.temprature', /unknown parameter of sample/],
    [{ name: 'beam', params: { n: 4, m: 8 } }, 'params.m', /must not exceed n/],
    [{ name: 'mcts', params: { rollout: 'yes' } }, 'params.rollout', /true or false/],
    [{ name: 'rebas' }, 'name', /greedy, sample, beam, mcts, rebase/],
    [{ name: 'greedy', params: [] }, 'params', /an object/],
    [{ name: 'greedy', extra: 1 }, 'extra', /unknown field/],
    ['rebase', 'spec', /an object/],
  ])('rejects %j naming %s', (input, field, message) => {
    try {
      parseSpec(input);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SpecError);
      expect((err as SpecError).field).toBe(field);
      expect((err as SpecError).message).toMatch(message);
      expect((err as SpecError).message.startsWith(`${field}: `)).toBe(true);
    }
  });
});

describe('describeSpec', () => {
  it.each<[StrategySpec | unknown, string]>([
    [{ name: 'rebase', params: { width: 32 } }, 'REBASE N=32, T_b 0.2 (official preset)'],
    [{ name: 'rebase', params: { width: 16, preset: 'paper' } }, 'REBASE N=16, T_b 0.1 (paper preset)'],
    [{ name: 'rebase', params: { width: 16, tb: 0.15 } }, 'REBASE N=16, T_b 0.15, reference allocation (custom)'],
    [{ name: 'rebase', params: { aggregate: 'majority' } }, 'REBASE N=32, T_b 0.2 (official preset), majority vote'],
    [{ name: 'greedy' }, 'Greedy (T=0)'],
    [{ name: 'sample', params: { n: 64, aggregate: 'majority' } }, 'Majority vote N=64'],
    [{ name: 'sample', params: { n: 8, aggregate: 'best-of-n', scoreAgg: 'min', temperature: 0.7 } }, 'Best-of-N N=8, min score, T=0.7'],
    [{ name: 'sample', params: { n: 8, aggregate: 'majority', voteRule: 'first-vote' } }, 'Majority vote N=8, first-vote ties'],
    [{ name: 'beam', params: { n: 16, m: 4, dvts: true } }, 'DVTS N=16, m=4'],
    [{ name: 'mcts', params: { budget: 128 } }, 'MCTS 128 nodes, root 16'],
  ])('labels %j as "%s"', (input, label) => {
    expect(describeSpec(parseSpec(input))).toBe(label);
  });
});

describe('specForBudget', () => {
  it('maps a sweep budget n onto each strategy', () => {
    expect(specForBudget('greedy', 64)).toEqual(specForBudget('greedy', 1));
    expect(specForBudget('majority', 16)).toMatchObject({ name: 'sample', params: { n: 16, aggregate: 'majority' } });
    expect(specForBudget('best-of-n', 16)).toMatchObject({ name: 'sample', params: { n: 16, aggregate: 'best-of-n' } });
    expect(specForBudget('weighted-majority', 16)).toMatchObject({ name: 'sample', params: { n: 16, aggregate: 'weighted-majority' } });
    expect(specForBudget('beam', 16)).toMatchObject({ name: 'beam', params: { n: 16, m: 4 } });
    expect(specForBudget('beam', 2)).toMatchObject({ name: 'beam', params: { n: 2, m: 2 } });
    expect(specForBudget('mcts', 16)).toMatchObject({ name: 'mcts', params: { budget: 16 * MCTS_NODES_PER_BUDGET } });
    expect(specForBudget('rebase', 16)).toMatchObject({ name: 'rebase', params: { width: 16, preset: 'official' } });
    expect(() => specForBudget('rebase', 0)).toThrow(/whole number/);
  });
});
