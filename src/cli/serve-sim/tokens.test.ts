import { describe, expect, it } from 'vitest';
import { countTokens, defaultProblemSet, truncateTokens } from '../../sim/index';
import { simChain } from './test-helpers';
import { ID_MINUS, ID_PLUS, ID_QWEN_TAG, ID_SHEPHERD_TAG, Vocabulary, pieceId, tokenCount, tokenize, truncateToTokens } from './tokens';

describe('the server tokenizer', () => {
  const texts = [
    ...defaultProblemSet().filter((_, i) => i % 10 === 0).map((p) => p.question),
    ...[1, 2, 3, 4].flatMap((seed) => simChain('sim-L5-0003', seed, 'sim-410M').steps.map((s) => s.text)),
    "  Tom's  café\n\n costs $1,234.50 (tax: 7%) ÷ 3 ×\t2 = ?  ",
  ];

  it('counts exactly the sim tokenizer\'s tokens, so usage and FLOPs agree with the in-browser sim', () => {
    for (const t of texts) expect(tokenCount(t), t).toBe(countTokens(t));
  });

  it('cuts at the same token as the sim does, and its pieces join back into the text', () => {
    for (const t of texts) {
      expect(tokenize(t).pieces.join('')).toBe(t);
      for (const max of [0, 1, 5, 17]) expect(truncateToTokens(t, max)).toBe(truncateTokens(t, max));
    }
  });

  it('gives the PRM tags and labels the real models\' ids, and every other piece a stable id above them', () => {
    const t = tokenize('Step 1: x = 3. ки+-<extra_0>');
    expect(t.pieces.map(pieceId).slice(-4)).toEqual([ID_SHEPHERD_TAG, ID_PLUS, ID_MINUS, ID_QWEN_TAG]);
    expect(pieceId(' apples')).toBe(pieceId(' apples'));
    expect(pieceId(' apples')).not.toBe(pieceId('apples'));
    expect(pieceId('Step')).toBeGreaterThan(ID_QWEN_TAG);
    const v = new Vocabulary();
    const text = 'Maria has 12 apples. ки';
    expect(v.decode(v.ids(tokenize(text).pieces))).toBe(text);
    expect(v.decode([ID_PLUS, 999_999_999])).toBeNull();
  });
});
