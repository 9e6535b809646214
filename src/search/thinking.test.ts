import { describe, expect, it } from 'vitest';
import { insideThinking, outsideThinking, thinkingTokens } from './thinking';

describe('reasoning models\' <think> blocks', () => {
  it('knows when a text ends inside its thoughts, and what lies outside them', () => {
    expect(insideThinking('<|im_start|>assistant\n<think>\nLet me see')).toBe(true);
    expect(insideThinking('<think>\nhmm\n</think>\n\nThe answer')).toBe(false);
    expect(insideThinking('no tags at all')).toBe(false);
    expect(outsideThinking('So the answer is 5?\n</think>\n\nThe answer is \\boxed{6}.', true)).toBe('\n\nThe answer is \\boxed{6}.');
    expect(outsideThinking('a <think>b</think> c <think>d', false)).toBe('a  c ');
  });

  it('counts a path\'s thinking tokens: whole steps inside, a tagged step by its share of characters', () => {
    const steps = [
      { text: '<think>\nOkay, 1 + 1.', tokens: 10 },
      { text: 'That is 2, so the answer is 2.', tokens: 12 },
      { text: 'Done.\n</think>', tokens: 4 },
      { text: 'The answer is \\boxed{2}.', tokens: 9 },
    ];
    const c = thinkingTokens(steps);
    expect(c).toMatchObject({ total: 35, open: false, seen: true });
    // 10 + 12 + the share of "Done.\n" in step 3 (all of its text but the tag) = 26.
    expect(c.thinking).toBe(26);
    expect(thinkingTokens(steps.slice(0, 2))).toMatchObject({ thinking: 22, total: 22, open: true });
    // A prompt that opened the block (open = true) makes untagged steps thinking.
    expect(thinkingTokens([{ text: 'Hmm.', tokens: 3 }], true)).toEqual({ thinking: 3, total: 3, open: true, seen: true });
    // No tags, no thinking: the inspector shows no row.
    expect(thinkingTokens([{ text: 'Step 1: 2.', tokens: 5 }])).toEqual({ thinking: 0, total: 5, open: false, seen: false });
  });
});
