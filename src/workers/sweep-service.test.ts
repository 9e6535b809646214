/**
 * The sweep worker's service, called directly in Node: units give exactly the cells of `runUnit`
 * on the main thread (sim and bundle), and the majority-voting limits match a direct tally of the
 * same samples.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerKey } from '../search/grading';
import { createRng } from '../search/rng';
import { SearchRun } from '../search/run';
import { SWEEP_STRATEGIES } from '../search/strategies/index';
import { runUnit, runSeed, splitSweep, type BackendFactory, type SweepCell, type SweepSpec } from '../search/sweep';
import type { Problem } from '../search/types';
import { SimBackend, simProblem, type SimModelId } from '../sim/index';
import { majorityLimitHit } from '../sim/majority-limit';
import { parseBundleText, ReplayBackend } from '../trace/index';
import type { SweepUnitRequest } from './sweep-protocol';
import { SweepService } from './sweep-service';

const FIXTURE = 'sim-sampling-pool.trace.json';
const fixtureText = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', FIXTURE), 'utf8');
const PROBLEMS = [1, 2, 3, 4, 5].flatMap((l) => [simProblem(`sim-L${l}-0003`), simProblem(`sim-L${l}-0004`)]);

const spec = (over: Partial<SweepSpec> = {}): SweepSpec => ({
  models: ['sim-1.4B', 'sim-7B'], strategies: [...SWEEP_STRATEGIES], budgets: [1, 2, 4], problems: PROBLEMS, seeds: [0], subsample: true, ...over,
});
const wire = (units: ReturnType<typeof splitSweep>): SweepUnitRequest[] => units.map(({ problems, ...rest }) => ({ ...rest, problemIds: problems.map((p) => p.id) }));

const simFactory = (): BackendFactory => {
  const backends = new Map<string, SimBackend>();
  return (model) => {
    if (!backends.has(model)) backends.set(model, new SimBackend({ policy: model as SimModelId, prm: 'default' }));
    return backends.get(model)!;
  };
};

describe('SweepService.runUnits', () => {
  it('delivers each unit\'s cells in turn, exactly as runUnit gives them on the main thread', async () => {
    const units = splitSweep(spec(), 5, { byStrategy: true });
    const got: SweepCell[][] = [];
    const outcome = await new SweepService().runUnits(wire(units), { kind: 'sim', prm: 'default' }, (cells) => void got.push(cells));
    expect(outcome).toEqual({ status: 'done', units: units.length });
    const direct = simFactory();
    const expected: SweepCell[][] = [];
    for (const u of units) expected.push(await runUnit(u, direct));
    expect(got).toEqual(expected);
    expect(got.flat().length).toBe(2 * PROBLEMS.length * (1 + 6 * 3));
  });

  it('replays a loaded bundle with a fresh replay per run: the cells of runUnit over the parsed file', async () => {
    const service = new SweepService();
    const { key, problems } = await service.loadBundle(FIXTURE, fixtureText);
    const s = spec({ models: ['sim-1.4B'], problems, budgets: [2, 8] });
    const units = splitSweep(s, 2, { byStrategy: true });
    const got: SweepCell[] = [];
    expect(await service.runUnits(wire(units), { kind: 'bundle', bundleKey: key }, (c) => void got.push(...c))).toMatchObject({ status: 'done' });
    const bundle = parseBundleText(fixtureText);
    const expected: SweepCell[] = [];
    for (const u of units) expected.push(...(await runUnit(u, (m, p) => new ReplayBackend(bundle, p.id, m))));
    expect(got).toEqual(expected);
    expect(got.filter((c) => c.strategy === 'rebase').every((c) => c.solutions > 0)).toBe(true);
  });

  it('ends with an error that says why when a unit cannot run, after delivering the units before it', async () => {
    const service = new SweepService();
    const [first] = wire(splitSweep(spec({ models: ['sim-7B'], strategies: ['greedy'] }), 5));
    const delivered: number[] = [];
    const outcome = await service.runUnits([first, { ...first, model: 'sim-99B' }], { kind: 'sim', prm: null }, (c) => void delivered.push(c.length));
    expect(outcome).toMatchObject({ status: 'error', units: 1, error: expect.stringContaining('unknown sim model "sim-99B"') });
    expect(delivered).toEqual([5]);
    expect(await service.runUnits([first], { kind: 'bundle', bundleKey: 'bundle-9' }, () => {})).toMatchObject({ status: 'error', error: expect.stringContaining('no bundle "bundle-9"') });
    const { key } = await service.loadBundle(FIXTURE, fixtureText);
    const other = await service.runUnits([{ ...first, model: 'sim-7B', problemIds: ['sim-L1-0000'] }], { kind: 'bundle', bundleKey: key }, () => {});
    expect(other.error).toBe(`${FIXTURE}: no recording of problem "sim-L1-0000" with policy "sim-7B" (policies: sim-1.4B)`);
  });
});

/** The tally written out: is the most frequent answer, and the one of largest summed reward, the gold one? */
function tally(entries: { answer: string; reward: number }[], problem: Problem): { majority: boolean; weighted: boolean } {
  const keys: string[] = [];
  const count = new Map<string, number>();
  const sum = new Map<string, number>();
  for (const e of entries) {
    const k = answerKey(e.answer, 'gsm8k');
    if (!count.has(k)) keys.push(k);
    count.set(k, (count.get(k) ?? 0) + 1);
    sum.set(k, (sum.get(k) ?? 0) + e.reward);
  }
  const argmax = (m: Map<string, number>) => keys.reduce<string | null>((best, k) => (best === null || m.get(k)! > m.get(best)! ? k : best), null);
  const gold = answerKey(problem.answer, 'gsm8k');
  return { majority: argmax(count) === gold, weighted: argmax(sum) === gold };
}

describe('SweepService.mvLimits', () => {
  const ids = [1, 2, 3, 4, 5].flatMap((l) => [0, 1, 2, 3].map((i) => `sim-L${l}-00${10 + i}`));

  it('on the sim: the majority limit exact from the answer distributions, the weighted one from 48 seeded samples', async () => {
    const service = new SweepService();
    const req = { source: { kind: 'sim' as const, prm: 'default' as const }, models: ['sim-1.4B'], problemIds: ids, samples: 48, seed: 3 };
    const [limit] = await service.mvLimits(req);
    const backend = new SimBackend({ policy: 'sim-1.4B', prm: 'default' });
    let majority = 0, weighted = 0, uncertified = 0;
    for (const id of ids) {
      const problem = simProblem(id);
      const exact = majorityLimitHit(backend.sampler(problem, 1), problem);
      majority += exact.hit;
      if (!exact.certified) uncertified++;
      const run = new SearchRun(problem, new SimBackend({ policy: 'sim-1.4B', prm: 'default' }), { rng: createRng(runSeed(3, 'sim-1.4B', 'mv-limit:48', id)) });
      const leaves = (await run.complete(48, 1, 25)).filter((l) => l.terminal && l.answer);
      await run.score(leaves);
      if (tally(leaves.map((l) => ({ answer: l.answer!, reward: l.reward ?? 0 })), problem).weighted) weighted++;
    }
    expect(limit).toEqual({ model: 'sim-1.4B', majority: majority / 20, weighted: weighted / 20, method: 'exact', samples: 48, problems: 20, uncertified });
    expect(limit.majority).toBeGreaterThan(0);
    expect(limit.majority).toBeLessThan(1);
    // The level-5 problems' answers are too spread for the pruned mass to certify every decision.
    expect(uncertified).toBeGreaterThan(0);
    expect(uncertified).toBeLessThan(20);
    expect(await new SweepService().mvLimits(req)).toEqual([limit]);
    // Without a PRM nothing is sampled: the weighted limit is null, the majority one the same.
    const [noPrm] = await service.mvLimits({ ...req, source: { kind: 'sim', prm: null } });
    expect(noPrm).toEqual({ ...limit, weighted: null, samples: 0 });
  });

  it('on a bundle: every recorded finished solution of each pool votes', async () => {
    const service = new SweepService();
    const { key, problems } = await service.loadBundle(FIXTURE, fixtureText);
    const bundle = parseBundleText(fixtureText);
    const [limit] = await service.mvLimits({ source: { kind: 'bundle', bundleKey: key }, models: ['sim-1.4B'], problemIds: problems.map((p) => p.id), samples: 1 });
    const hits = bundle.pools.map((pool) => tally(
      pool.nodes.filter((n) => n.terminal && n.answer).map((n) => ({ answer: n.answer!, reward: n.reward ?? 0 })),
      bundle.problems.find((p) => p.id === pool.problemId)!,
    ));
    // The estimate says how many finished solutions its smallest pool had (a looping chain never finishes).
    const finished = Math.min(...bundle.pools.map((pool) => pool.nodes.filter((n) => n.terminal).length));
    expect(finished).toBeGreaterThan(10);
    expect(limit).toEqual({
      model: 'sim-1.4B', method: 'sampled', samples: finished, problems: 5,
      majority: hits.filter((h) => h.majority).length / 5, weighted: hits.filter((h) => h.weighted).length / 5,
    });
  });

  it('rejects with the reason for an unknown model or problem', async () => {
    const service = new SweepService();
    await expect(service.mvLimits({ source: { kind: 'sim', prm: null }, models: ['sim-2B'], problemIds: ids, samples: 4 })).rejects.toThrow('unknown sim model "sim-2B"');
    await expect(service.mvLimits({ source: { kind: 'sim', prm: null }, models: ['sim-7B'], problemIds: ['gsm8k-1'], samples: 4 })).rejects.toThrow('not a sim problem id');
  });
});
