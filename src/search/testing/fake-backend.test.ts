import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { SearchRun } from '../run';
import { FakeBackend, type FakeRef } from './fake-backend';
import { hashTree, tableTree } from './fake-trees';
import { FAKE_PROBLEM } from './record';

const newRun = (fake: FakeBackend) => new SearchRun(FAKE_PROBLEM, fake, { rng: createRng(1) });

describe.each([false, true])('FakeBackend (async: %s)', (async) => {
  it('serves children by path, each child once, and records who was expanded with what n', async () => {
    const fake = new FakeBackend(hashTree({ seed: 3 }), { async });
    const run = newRun(fake);
    const first = await run.expand(null, 3, 1);
    const more = await run.expand(null, 2, 1);
    const kids = await run.expand(first[1], 2, 0);
    expect([...first, ...more].map((n) => (n.ref as FakeRef).key)).toEqual(['0', '1', '2', '3', '4']);
    expect(kids.map((n) => (n.ref as FakeRef).key)).toEqual(['1.0', '1.1']);
    expect([...fake.expanded]).toEqual([['', 5], ['1', 2]]);
    expect(fake.calls.map((c) => [c.method, c.key, c.n, c.temperature])).toEqual([
      ['expand', '', 3, 1], ['expand', '', 2, 1], ['expand', '1', 2, 0],
    ]);
  });

  it('scores from the script, and runs short like a replay when the script has no more children', async () => {
    const fake = new FakeBackend(tableTree({ '0': { reward: 0.25 }, '1': { reward: 0.75, terminal: true, answer: '2' } }), { async });
    const run = newRun(fake);
    const nodes = await run.expand(null, 4, 1);
    expect(nodes).toHaveLength(2);
    expect(run.shortfall()?.coverage).toBe(0.5);
    await run.score(nodes);
    expect(nodes.map((n) => n.reward)).toEqual([0.25, 0.75]);
    expect(fake.calls.at(-1)).toMatchObject({ method: 'score', ids: [0, 1] });
  });

  it('flags an attempt to expand a finished solution', async () => {
    const fake = new FakeBackend(tableTree({ '0': { terminal: true, answer: '2' } }), { async });
    const run = newRun(fake);
    const [done] = await run.expand(null, 1, 1);
    await run.expand(done, 1, 1);
    expect(fake.terminalExpansions).toEqual(['0']);
  });

  it('builds native whole solutions from the same tree as repeated expansion', async () => {
    const viaComplete = newRun(new FakeBackend(hashTree({ seed: 6 }), { async, complete: true }));
    const viaExpand = newRun(new FakeBackend(hashTree({ seed: 6 }), { async }));
    const a = await viaComplete.complete(3, 1, 25);
    const b = await viaExpand.complete(3, 1, 25);
    expect(a.map((n) => (n.ref as FakeRef).key)).toEqual(b.map((n) => (n.ref as FakeRef).key));
    expect(viaComplete.compute.policyTokens).toBe(viaExpand.compute.policyTokens);
  });

  it('forgets served children on reset', async () => {
    const fake = new FakeBackend(hashTree(), { async });
    await newRun(fake).expand(null, 2, 1);
    fake.reset();
    const again = await newRun(fake).expand(null, 1, 1);
    expect((again[0].ref as FakeRef).key).toBe('0');
    expect(fake.calls).toHaveLength(1);
  });
});

it('answers synchronously unless asked for Promises', () => {
  const rng = createRng(1);
  const opts = { temperature: 1, maxStepTokens: 256, rng };
  expect(new FakeBackend(hashTree()).expand(FAKE_PROBLEM, null, 1, opts)).not.toBeInstanceOf(Promise);
  expect(new FakeBackend(hashTree(), { async: true }).expand(FAKE_PROBLEM, null, 1, opts)).toBeInstanceOf(Promise);
});
