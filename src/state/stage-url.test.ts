import { describe, expect, it } from 'vitest';
import { specForBudget } from '../search/strategies/index';
import { clampCols, decodeStageUrl, defaultStageState, encodeStageUrl, type StageUrlState } from './stage-url';

describe('the Stage URL', () => {
  it('opens on REBASE and MCTS at budget 16 with sim-7B, a size the paper measured, when the link says nothing', () => {
    const { state, notices } = decodeStageUrl('');
    expect(notices).toEqual([]);
    expect(state.panes).toEqual([specForBudget('rebase', 16), specForBudget('mcts', 16)]);
    expect(state).toMatchObject({ budget: 16, sweep: 'default', conv: 'paper', max: null, c: null, sync: false, model: 'sim-7B', problemId: 'sim-L3-0004' });
  });

  it('still opens the hypothetical sim-1.4B from a link that names it', () => {
    const { state, notices } = decodeStageUrl('?view=stage&problem=sim-L3-0002&model=sim-1.4B');
    expect(notices).toEqual([]);
    expect(state).toMatchObject({ model: 'sim-1.4B', problemId: 'sim-L3-0002' });
  });

  it('round-trips every key, so a copied link reopens the same Stage', () => {
    const s: StageUrlState = {
      ...defaultStageState(), problemId: 'sim-L4-0012', model: 'sim-7B', prm: 'strong', seed: 7,
      panes: [specForBudget('beam', 8), specForBudget('weighted-majority', 8)], unit: 'tokens', c: 1234.5, sync: true,
      budget: 8, sweep: 'quick', conv: 'prefill+prm', cols: [20.5, 35], max: 'chart',
    };
    const url = encodeStageUrl(s);
    expect(url.startsWith('?view=stage&')).toBe(true);
    expect(decodeStageUrl(url)).toEqual({ state: s, notices: [] });
  });

  it('derives the line-up from the budget when the link names no panes', () => {
    expect(decodeStageUrl('?view=stage&budget=4').state.panes).toEqual([specForBudget('rebase', 4), specForBudget('mcts', 4)]);
  });

  it('names each bad value and falls back', () => {
    const { state, notices } = decodeStageUrl('?view=stage&budget=7&sweep=huge&conv=cheap&cols=90,5&max=top&panes=rebase|mcts|beam&colour=red');
    expect(state).toMatchObject({ budget: 16, sweep: 'default', conv: 'paper', cols: [26, 26], max: null });
    expect(state.panes.map((p) => p.name)).toEqual(['rebase', 'mcts']);
    expect(notices).toEqual(expect.arrayContaining([
      expect.stringMatching(/^"budget=7" is not valid/),
      expect.stringMatching(/^"sweep=huge" is not valid/),
      expect.stringMatching(/^"conv=cheap" is not valid/),
      expect.stringMatching(/^"cols=90,5" is not valid .*chart at least 20 %/),
      expect.stringMatching(/^"max=top" is not valid .*no part maximised/),
      expect.stringMatching(/^"panes" lists 3 strategies; the Stage shows at most 2/),
      '"colour" is not a setting of the Stage — ignored',
    ]));
    expect(notices).toHaveLength(7);
  });

  it('needs exactly two panes', () => {
    const { state, notices } = decodeStageUrl('?view=stage&panes=rebase');
    expect(state.panes.map((p) => p.name)).toEqual(['rebase', 'mcts']);
    expect(notices).toEqual([expect.stringMatching(/the Stage needs 2 — using the default line-up$/)]);
  });

  it('keeps both panes and the chart usable whatever the splitters are dragged to', () => {
    expect(clampCols([5, 90])).toEqual([12, 68]);
    expect(clampCols([70, 70])).toEqual([68, 12]);
    expect(clampCols([30, 30])).toEqual([30, 30]);
  });
});
