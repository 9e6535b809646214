import { describe, expect, it } from 'vitest';
import { SWEEP_STRATEGIES, type SweepStrategy } from '../../../search/strategies/index';
import { contrastRatio, CVD_KINDS, deltaE, minDeltaEAcrossVision, simulateCvd } from '../../../viz/color-check';
import { STRATEGY_STYLE } from './chart-style';

const color = (s: SweepStrategy) => STRATEGY_STYLE[s].color;
/** The curves the Stage draws at full strength by default (the panes' two and the story's two). */
const LOUD: SweepStrategy[] = ['majority', 'weighted-majority', 'mcts', 'rebase'];

describe('strategy palette on a projector', () => {
  it('writes every strategy legibly on the white chart and pane titles (WCAG AA, ≥ 4.5:1)', () => {
    for (const s of SWEEP_STRATEGIES) expect(contrastRatio(color(s), '#ffffff'), s).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps any two strategies apart for normal vision and each colour-vision deficiency', () => {
    for (let i = 0; i < SWEEP_STRATEGIES.length; i++) {
      for (let j = i + 1; j < SWEEP_STRATEGIES.length; j++) {
        const [a, b] = [SWEEP_STRATEGIES[i], SWEEP_STRATEGIES[j]];
        expect(minDeltaEAcrossVision(color(a), color(b)), `${a} / ${b}`).toBeGreaterThan(20);
      }
    }
  });

  it('keeps the four loud curves of the Stage far apart, even for red–green-blind viewers', () => {
    for (const a of LOUD) for (const b of LOUD) if (a < b) expect(minDeltaEAcrossVision(color(a), color(b)), `${a} / ${b}`).toBeGreaterThan(35);
  });

  it('rejects the palettes it replaced: Okabe–Ito is too light on white, and darkened it merges for red–green-blind viewers', () => {
    expect(contrastRatio('#E69F00', '#ffffff')).toBeLessThan(4.5); // Okabe–Ito orange (majority)
    expect(contrastRatio('#CC79A7', '#ffffff')).toBeLessThan(4.5); // reddish purple (MCTS)
    // Orange and vermillion darkened to 4.5:1 look one brown under deuteranopia.
    expect(contrastRatio('#a46600', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(deltaE(simulateCvd('#a46600', 'deuteranopia'), simulateCvd('#c55100', 'deuteranopia'))).toBeLessThan(5);
    expect(minDeltaEAcrossVision('#a46600', '#c55100')).toBeLessThan(20);
    expect(CVD_KINDS).toEqual(['protanopia', 'deuteranopia', 'tritanopia']);
  });
});
