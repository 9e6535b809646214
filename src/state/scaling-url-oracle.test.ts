import { describe, expect, it } from 'vitest';
import { initialScalingState } from './scaling-store';
import { decodeScalingUrl, encodeScalingUrl } from './scaling-url';

describe('the oracle key (pass@n ceiling, issue 14)', () => {
  it('is written only when on, and read back', () => {
    expect(encodeScalingUrl(initialScalingState)).not.toContain('oracle');
    const on = encodeScalingUrl({ ...initialScalingState, oracle: true });
    expect(on).toMatch(/&overlay=0&oracle=1(&|$)/);
    const { state, notices } = decodeScalingUrl(on);
    expect(notices).toEqual([]);
    expect(state.oracle).toBe(true);
    expect(decodeScalingUrl('?view=scaling').state.oracle).toBe(false);
  });

  it('a bad value falls back to off with a notice naming it', () => {
    const { state, notices } = decodeScalingUrl('?view=scaling&oracle=yes');
    expect(state.oracle).toBe(false);
    expect(notices.join('\n')).toContain('oracle=yes');
  });
});
