import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../events';
import { createRng } from '../rng';
import { FakeBackend, type FakeBackendOptions } from '../testing/fake-backend';
import { assertComputeMonotone } from '../testing/event-tree';
import { hashTree } from '../testing/fake-trees';
import { FAKE_PROBLEM, ofType, record } from '../testing/record';
import { runStrategy, specForBudget, streamStrategy, SWEEP_STRATEGIES, type StrategySpec } from './index';

const ALL: [string, StrategySpec][] = [
  ...SWEEP_STRATEGIES.map((name): [string, StrategySpec] => [name, specForBudget(name, 8)]),
  ['dvts', { ...specForBudget('beam', 8), params: { ...(specForBudget('beam', 8).params as object), dvts: true } } as StrategySpec],
  ['mcts-rollout', { ...specForBudget('mcts', 4), params: { ...(specForBudget('mcts', 4).params as object), rollout: true } } as StrategySpec],
  ['rebase-paper', { name: 'rebase', params: { width: 8, tb: 0.1, allocation: 'paper', preset: 'paper', maxDepth: 25, aggregate: 'weighted-majority', scoreAgg: 'mean', voteRule: 'official', temperature: 1 } }],
];

/** A tree whose rewards and answers come from the run's rng, so the log depends on the seed. */
const seeded = (options: FakeBackendOptions = {}) => new FakeBackend(hashTree({ seed: 21, terminalDepth: 6, useRng: true }), options);

describe.each(ALL)('%s', (_label, spec) => {
  it('is deterministic: same seed and tree → identical event log; other seeds → other logs', async () => {
    const a = await record(spec, seeded(), { seed: 42 });
    const b = await record(spec, seeded(), { seed: 42 });
    expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
    const others = await Promise.all([43, 44, 45].map((seed) => record(spec, seeded(), { seed })));
    expect(others.some((c) => JSON.stringify(c.events) !== JSON.stringify(a.events))).toBe(true);
  });

  it('gives the same log with a backend that answers with Promises, and with native complete', async () => {
    const sync = await record(spec, seeded(), { seed: 5 });
    const async = await record(spec, seeded({ async: true }), { seed: 5 });
    expect(JSON.stringify(async.events)).toBe(JSON.stringify(sync.events));
    const native = await record(spec, seeded({ complete: true }), { seed: 5 });
    expect(native.done.answer).toBe(sync.done.answer);
    expect(native.done.compute.policyTokens).toBe(sync.done.compute.policyTokens);
  });

  it('stamps every event with non-decreasing compute and ends with done', async () => {
    const { events, done } = await record(spec, seeded(), { seed: 3 });
    expect(assertComputeMonotone(events)).toBeGreaterThan(2);
    expect(events.at(-1)).toEqual(done);
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
    expect(done.nodes).toBe(ofType(events, 'node').length);
    expect(done.compute.calls).toBeGreaterThan(0);
  });

  it('builds the same done when events are not kept (the sweep path)', async () => {
    const kept = await record(spec, seeded(), { seed: 9 });
    const bare = await record(spec, seeded(), { seed: 9, emit: false });
    expect(bare.events).toEqual([]);
    expect(bare.done).toEqual(kept.done);
  });

  it('never expands a finished solution', async () => {
    for (const seed of [1, 2, 3]) {
      const fake = new FakeBackend(hashTree({ seed, terminalDepth: 7 }));
      await record(spec, fake, { seed });
      expect(fake.terminalExpansions).toEqual([]);
    }
  });

  it('ends incomplete with reason "cancelled" when cancelled mid-run, keeping what it generated', async () => {
    const signal = { aborted: false };
    const fake = new FakeBackend(hashTree({ seed: 4, terminalDepth: 6 }), { onCall: (c) => { if (c.index === 2) signal.aborted = true; } });
    const { events, done } = await record(spec, fake, { signal });
    expect(done.incomplete).toEqual({ reason: 'cancelled' });
    expect(done.answer).toBeNull();
    expect(done.nodes).toBe(ofType(events, 'node').length);
    expect(fake.calls.length).toBe(2);
  });

  it.each([false, true])('ends incomplete with the message when the backend throws (async: %s)', async (asyncMode) => {
    const fake = new FakeBackend(hashTree({ seed: 4, terminalDepth: 6 }), {
      async: asyncMode,
      onCall: (c) => { if (c.index === 2) throw new Error('connection refused (policy server)'); },
    });
    const { events, done } = await record(spec, fake);
    expect(done.incomplete?.reason).toBe('connection refused (policy server)');
    expect(done.answer).toBeNull();
    expect(done.nodes).toBe(ofType(events, 'node').length);
    expect(events.at(-1)?.type).toBe('done');
  });
});

describe('runStrategy and streamStrategy', () => {
  const spec = specForBudget('rebase', 8);

  it('streams exactly the events runStrategy emits, ending with done', async () => {
    const { events } = await record(spec, seeded(), { seed: 7 });
    const streamed: SearchEvent[] = [];
    for await (const e of streamStrategy(FAKE_PROBLEM, seeded(), spec, { rng: createRng(7) })) streamed.push(e);
    expect(streamed).toEqual(events);
    expect(streamed.at(-1)?.type).toBe('done');
  });

  it('cancels the run when the consumer stops reading', async () => {
    const fake = seeded({ async: true });
    let n = 0;
    for await (const e of streamStrategy(FAKE_PROBLEM, fake, spec, { rng: createRng(7) })) if (e.type === 'node' && ++n === 3) break;
    const callsAtBreak = fake.calls.length;
    const full = seeded();
    await record(spec, full, { seed: 7 });
    expect(callsAtBreak).toBeLessThan(full.calls.length);
  });

  it('rejects an invalid spec with the field named, before touching the backend', async () => {
    const fake = seeded();
    const bad = { name: 'rebase', params: { width: 0 } } as unknown as StrategySpec;
    await expect(runStrategy(FAKE_PROBLEM, fake, bad, { rng: createRng(1) })).rejects.toThrow(/params\.width/);
    expect(fake.calls).toEqual([]);
  });

  it('ends incomplete when the backend cannot even describe itself', async () => {
    const broken = { ...seeded(), describe: () => { throw new Error('no models listed'); } } as unknown as FakeBackend;
    const done = await runStrategy(FAKE_PROBLEM, broken, spec, { rng: createRng(1) });
    expect(done).toMatchObject({ answer: null, nodes: 0, incomplete: { reason: 'no models listed' } });
  });
});
