import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../search/strategies/index';
import { decodeCompareUrl, defaultCompareState, encodeCompareUrl, formatPane, type CompareUrlState } from './compare-url';

describe('compare URL codec', () => {
  it('round-trips a full state', () => {
    const rebase = defaultSpec('rebase');
    const mcts = defaultSpec('mcts');
    const state: CompareUrlState = {
      problemId: 'sim-L2-0005', model: 'sim-34B', prm: 'strong', seed: 7,
      panes: [{ ...rebase, params: { ...rebase.params, width: 16 } }, { ...mcts, params: { ...mcts.params, budget: 128 } }, defaultSpec('beam')],
      unit: 'tokens', c: 1234.5, sync: false,
    };
    const url = encodeCompareUrl(state);
    expect(url).toContain('panes=rebase:width=16|mcts:budget=128|beam');
    expect(url).toContain('view=compare');
    const back = decodeCompareUrl(url);
    expect(back.notices).toEqual([]);
    expect(back.state).toEqual(state);
    expect(encodeCompareUrl(back.state)).toBe(url);
  });

  it('defaults when empty', () => {
    const d = decodeCompareUrl('?view=compare');
    expect(d.notices).toEqual([]);
    expect(d.state).toEqual(defaultCompareState());
    expect(d.state.panes.length).toBeGreaterThanOrEqual(2);
  });

  it('formats a default pane as its bare name', () => {
    expect(formatPane(defaultSpec('beam'))).toBe('beam');
  });

  it('invalid values fall back with notices naming them', () => {
    const d = decodeCompareUrl('?view=compare&problem=nope&model=gpt-9&seed=-3&unit=joules&c=abc&sync=2&foo=1');
    expect(d.state.problemId).toBe(defaultCompareState().problemId);
    expect(d.state.model).toBe('sim-7B');
    expect(d.state.unit).toBe('flops');
    expect(d.state.c).toBeNull();
    for (const key of ['problem=nope', 'model=gpt-9', 'seed=-3', 'unit=joules', 'c=abc', 'sync=2', '"foo"']) {
      expect(d.notices.some((n) => n.includes(key))).toBe(true);
    }
  });

  it('a bad pane parameter falls back to its default; an unknown strategy is left out', () => {
    const d = decodeCompareUrl('?view=compare&panes=rebase:width=abc|dance|mcts:budget=32,zzz=1');
    expect(d.state.panes.map((p) => p.name)).toEqual(['rebase', 'mcts']);
    expect(d.state.panes[1].params).toMatchObject({ budget: 32 });
    expect(d.notices.some((n) => n.includes('pane 1') && n.includes('width=abc'))).toBe(true);
    expect(d.notices.some((n) => n.includes('"dance"'))).toBe(true);
    expect(d.notices.some((n) => n.includes('zzz'))).toBe(true);
  });

  it('too few or too many panes', () => {
    const one = decodeCompareUrl('?view=compare&panes=rebase');
    expect(one.state.panes).toEqual(defaultCompareState().panes);
    expect(one.notices.some((n) => n.includes('needs 2 to 4'))).toBe(true);
    const five = decodeCompareUrl('?view=compare&panes=rebase|mcts|beam|sample|greedy');
    expect(five.state.panes).toHaveLength(4);
    expect(five.notices.some((n) => n.includes('at most 4'))).toBe(true);
  });

  it('never throws on garbage', () => {
    for (const s of ['?%%%', '?panes=||||', '?panes=:::', '?c=-1', '?c=1e400']) expect(() => decodeCompareUrl(s)).not.toThrow();
    expect(decodeCompareUrl('?c=-1').notices.length).toBe(1);
  });
});
