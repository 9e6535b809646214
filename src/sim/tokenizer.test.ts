import { describe, expect, it } from 'vitest';
import { createRng } from '../search/rng';
import { sampleChain } from './policy';
import { defaultProblemSet } from './problems';
import { SimBackend } from './sim-backend';
import { countTokens, truncateTokens } from './tokenizer';

describe('sim tokenizer', () => {
  it('counts words, punctuation and every digit separately, Llama style', () => {
    expect(countTokens('Step 12: 345 + 6 = 351.')).toBe(14);
    expect(countTokens('The answer is 9.25.')).toBe(8);
    // Long words cost more than one token; whitespace costs nothing.
    expect(countTokens('multiplication')).toBe(2);
    expect(countTokens('  a   b  ')).toBe(2);
    expect(countTokens('$1,000')).toBe(6);
  });

  it("a step's token count equals the tokenizer's count of its text, for every kind of step", () => {
    const backend = new SimBackend({ policy: 'sim-410M', prm: null });
    const rng = createRng(7);
    let steps = 0;
    for (const p of defaultProblemSet().slice(0, 500).filter((_, i) => i % 5 === 0)) {
      for (let i = 0; i < 8; i++) {
        for (const s of sampleChain(backend.sampler(p, 1), rng, 256, 25)) {
          expect(s.tokens, s.text).toBe(countTokens(s.text));
          steps++;
        }
      }
    }
    expect(steps).toBeGreaterThan(1000);
  });

  it('truncates to exactly the asked number of tokens', () => {
    const text = 'Step 3: Since she picks 12 more apples, we add 12 to 45: 45 + 12 = 57.';
    for (const n of [0, 1, 5, 12, 20]) expect(countTokens(truncateTokens(text, n))).toBe(n);
    expect(truncateTokens(text, 1000)).toBe(text);
  });
});
