import { describe, expect, it } from 'vitest';
import { MODELS, findModel, findModelParams, paramsLabel } from './models';

describe('model registry', () => {
  it('holds the paper\'s parameter counts', () => {
    const paper: [string, number][] = [
      ['Pythia-410M', 4.05e8], ['Pythia-1.4B', 1.41e9], ['Pythia-2.8B', 2.78e9], ['Pythia-6.9B', 6.86e9],
      ['Pythia-12B', 1.18e10], ['Llemma-7B', 6.74e9], ['Llemma-34B', 3.37e10], ['Mistral-7B', 7.24e9],
      ['Llama3-8B', 8.03e9], ['Llama3-8B-Instruct', 8.03e9],
    ];
    for (const [name, n] of paper) {
      expect(findModel(name)?.source, name).toBe('paper');
      expect(findModelParams(name), name).toBe(n);
    }
    const prm = MODELS.filter((m) => m.role === 'prm' && m.source === 'paper');
    expect(prm.map((m) => m.params)).toEqual([3.37e10]);
  });

  it('has unique ids and positive counts', () => {
    expect(new Set(MODELS.map((m) => m.id)).size).toBe(MODELS.length);
    for (const m of MODELS) expect(m.params, m.id).toBeGreaterThan(1e8);
  });

  it('finds models by Hugging Face ids, server names and case-insensitive spellings', () => {
    expect(findModelParams('EleutherAI/llemma_7b')).toBe(6.74e9);
    expect(findModelParams('llemma-7b')).toBe(6.74e9);
    expect(findModelParams('LLEMMA 7B')).toBe(6.74e9);
    expect(findModelParams('Qwen/Qwen2.5-Math-7B-Instruct')).toBe(7.62e9);
    expect(findModelParams('qwen2.5-math-1.5b')).toBe(1.54e9);
    expect(findModelParams('peiyi9979/math-shepherd-mistral-7b-prm')).toBe(7.24e9);
    expect(findModel('Qwen/Qwen2.5-Math-PRM-7B')?.role).toBe('prm');
    expect(findModelParams('Qwen2.5-1.5B-Instruct-GGUF')).toBe(1.54e9);
    expect(findModelParams('qwen2.5:1.5b-instruct-q4_K_M')).toBe(1.54e9);
    expect(findModelParams('some-org/Unknown-13B')).toBeUndefined();
    expect(findModelParams('')).toBeUndefined();
    // A 7B name must not pick up a 1.5B entry or the other way round.
    expect(findModelParams('Qwen2.5-Math-7B')).not.toBe(findModelParams('Qwen2.5-Math-1.5B'));
  });
});

describe('paramsLabel', () => {
  it('prints two significant figures with a unit', () => {
    expect(paramsLabel(7.24e9)).toBe('7.2B');
    expect(paramsLabel(4.05e8)).toBe('410M');
    expect(paramsLabel(1.18e10)).toBe('12B');
    expect(paramsLabel(3.37e10)).toBe('34B');
    expect(paramsLabel(8.03e9)).toBe('8B');
    expect(paramsLabel(6.74e9)).toBe('6.7B');
    expect(paramsLabel(9.996e8)).toBe('1B');
    expect(paramsLabel(1.2e12)).toBe('1.2T');
    expect(paramsLabel(0)).toBe('?');
  });
});
