import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../search/events';
import { Playback } from '../search/playback';
import { zeroCompute } from '../search/types';
import { rewardText, tooltipLines, truncate } from './labels';

const compute = zeroCompute();

describe('labels', () => {
  it('truncates with an ellipsis and flattens whitespace', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('a  long\nstep of text', 8)).toBe('a long…');
    expect(truncate('abc', 1)).toBe('…');
  });

  it('formats rewards with two decimals, clamped', () => {
    expect(rewardText(0.734)).toBe('0.73');
    expect(rewardText(1)).toBe('1.00');
    expect(rewardText(-0.2)).toBe('0.00');
  });

  it('shows what the inspector would, strategy by strategy, in the tooltip', () => {
    const pb = new Playback({ isCorrect: (a) => a === '7' });
    const events: SearchEvent[] = [
      { type: 'node', id: 0, parent: null, depth: 1, text: 'Let x be the count.', tokens: 5, terminal: false, compute },
      { type: 'score', id: 0, reward: 0.8, compute },
      { type: 'allocate', depth: 1, budget: 4, items: [{ id: 0, reward: 0.8, weight: 0.75, width: 3 }], allocated: 3, compute },
      { type: 'node', id: 1, parent: 0, depth: 2, text: 'So x = 7.', tokens: 5, terminal: true, answer: '7', compute },
      { type: 'backup', path: [0, 1], value: 0.6, stats: [{ id: 0, N: 3, Q: 0.55 }, { id: 1, N: 1, Q: 0.6 }], compute },
    ];
    pb.append(events);
    pb.seek(events.length);
    expect(tooltipLines(pb, 0, 'Q?')).toEqual(['Let x be the count.', '#0 · depth 1 · reward 0.80 · N 3 · Q 0.55 · width 3 · weight 0.750']);
    expect(tooltipLines(pb, 1, 'Q?')).toEqual(['So x = 7.', '#1 · depth 2 · not scored · N 1 · Q 0.60', 'answer 7 ✓ correct']);
    expect(tooltipLines(pb, -1, 'What is x?')).toEqual(['Question', 'What is x?']);
    expect(tooltipLines(pb, 99, '')).toEqual([]);
  });
});
