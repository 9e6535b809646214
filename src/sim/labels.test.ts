import { describe, expect, it } from 'vitest';
import { HYPOTHETICAL_MODELS, hypotheticalNote, isHypotheticalModel, modelLabel, SIM_MODELS } from './index';

describe('hypothetical sim models', () => {
  it('are exactly the ladder models with no measured target: sim-410M and sim-1.4B', () => {
    expect(HYPOTHETICAL_MODELS).toEqual(['sim-410M', 'sim-1.4B']);
    expect(SIM_MODELS.filter((m) => isHypotheticalModel(m.id)).every((m) => m.target === null && /hypothetical/.test(m.analogue))).toBe(true);
    expect(isHypotheticalModel('sim-7B')).toBe(false);
    expect(isHypotheticalModel('llemma-7b')).toBe(false);
  });

  it('are tagged in labels; ids and other models are left as they are', () => {
    expect(modelLabel('sim-1.4B')).toBe('sim-1.4B (hypothetical)');
    expect(modelLabel('sim-410M')).toBe('sim-410M (hypothetical)');
    expect(modelLabel('sim-34B')).toBe('sim-34B');
    expect(modelLabel('qwen2.5:7b')).toBe('qwen2.5:7b');
  });

  it('get a note only when one is shown, naming the ones shown', () => {
    expect(hypotheticalNote(['sim-7B', 'sim-34B'])).toBe('');
    expect(hypotheticalNote(['sim-1.4B', 'sim-7B'])).toMatch(/^sim-1\.4B: hypothetical: extrapolated/);
    expect(hypotheticalNote(['sim-34B', 'sim-1.4B', 'sim-410M'])).toMatch(/^sim-410M, sim-1\.4B: /);
  });
});
