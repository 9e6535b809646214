import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../search/events';
import { Playback } from '../search/playback';
import { zeroCompute } from '../search/types';
import { computeIn, eventIndexAt, nextComputeStop, prevComputeStop, prunedTokensOf, summarize, totalCompute, type CompareUnit } from './compare-timeline';
import { defaultPanes } from './compare-url';
import { recordSimRun } from './testing/fake-bridge';

const ev = (flops: number, tokens = flops): SearchEvent => ({ type: 'expand', parent: null, n: 1, compute: { ...zeroCompute(), flops, policyTokens: tokens } });

describe('eventIndexAt (binary search over compute so far)', () => {
  const log = [ev(0), ev(10), ev(10), ev(20), ev(35), ev(35), ev(50)];
  it('gives the last event whose compute is ≤ C', () => {
    expect(eventIndexAt(log, 'flops', 0)).toBe(1);
    expect(eventIndexAt(log, 'flops', 9.99)).toBe(1);
    expect(eventIndexAt(log, 'flops', 10)).toBe(3);
    expect(eventIndexAt(log, 'flops', 34)).toBe(4);
    expect(eventIndexAt(log, 'flops', 35)).toBe(6);
    expect(eventIndexAt(log, 'flops', 1e9)).toBe(7);
  });
  it('is 0 before the first event and for bad playheads', () => {
    expect(eventIndexAt([ev(5)], 'flops', 4)).toBe(0);
    expect(eventIndexAt(log, 'flops', -1)).toBe(0);
    expect(eventIndexAt(log, 'flops', Number.NaN)).toBe(0);
    expect(eventIndexAt([], 'flops', 100)).toBe(0);
  });
  it('agrees with a linear scan on every playhead', () => {
    for (let c = -1; c <= 55; c += 0.5) {
      let linear = 0;
      while (linear < log.length && log[linear].compute.flops <= c) linear++;
      expect(eventIndexAt(log, 'flops', c)).toBe(linear);
    }
  });
  it('steps to the next and previous compute value any log changes at', () => {
    const other = [ev(5), ev(40)];
    expect(nextComputeStop([log, other], 'flops', 0)).toBe(5);
    expect(nextComputeStop([log, other], 'flops', 5)).toBe(10);
    expect(nextComputeStop([log, other], 'flops', 50)).toBeNull();
    expect(prevComputeStop([log, other], 'flops', 40)).toBe(35);
    expect(prevComputeStop([log, other], 'flops', 0)).toBe(0);
  });
});

describe('real sim runs on one compute clock', () => {
  it('every pane shows compute ≤ C, monotone in C, in both units', async () => {
    const logs = await Promise.all(defaultPanes().map((spec) => recordSimRun(spec)));
    for (const unit of ['flops', 'tokens'] as CompareUnit[]) {
      const max = Math.max(...logs.map((l) => totalCompute(l, unit)));
      const pbs = logs.map((l) => {
        const pb = new Playback();
        pb.append(l);
        return pb;
      });
      const prev = pbs.map(() => -1);
      for (let k = 0; k <= 40; k++) {
        const c = (max * k) / 40;
        pbs.forEach((pb, i) => {
          pb.seek(eventIndexAt(pb.events, unit, c));
          const shown = computeIn(pb.compute, unit);
          expect(shown).toBeLessThanOrEqual(c);
          expect(shown).toBeGreaterThanOrEqual(prev[i]);
          expect(pb.playhead).toBeGreaterThanOrEqual(0);
          // The next event (if any) would cross C: the pane shows as much as C allows.
          if (pb.playhead < pb.events.length) expect(computeIn(pb.events[pb.playhead].compute, unit)).toBeGreaterThan(c);
          prev[i] = shown;
        });
      }
      // At the end every pane shows its whole run.
      pbs.forEach((pb) => expect(pb.playhead).toBe(pb.events.length));
    }
  });

  it('summarizes a pane: solutions, final answer, pruned compute of pruned subtrees', async () => {
    const log = await recordSimRun(defaultPanes()[0]);
    const pb = new Playback();
    pb.append(log);
    pb.seek(log.length);
    const s = summarize(pb, 7e9);
    expect(s.final).toBe(true);
    expect(s.solutions).toBe(pb.nodes.filter((n) => n?.terminal && n.answer !== undefined).length);
    expect(s.flops).toBe(pb.compute.flops);
    expect(s.prunedFlops).toBe(2 * 7e9 * s.prunedTokens);
    // Σ tokens over pruned nodes and descendants, by a direct definition.
    const inPruned = (id: number | null): boolean => id !== null && (pb.nodes[id].pruned !== null || inPruned(pb.nodes[id].parent));
    const direct = pb.nodes.filter((n) => n && inPruned(n.id)).reduce((a, n) => a + n.tokens, 0);
    expect(prunedTokensOf(pb)).toBe(direct);
    // Before the end: no final vote yet.
    pb.seek(Math.floor(log.length / 2));
    expect(summarize(pb, 7e9).final).toBe(false);
  });
});
