/**
 * The recording pool's one promise: every run recorded through it replays from the finished
 * bundle to exactly the cell it produced — whatever ran before or after it on the same problem,
 * with a live backend that answers out of order, and across a failed run rolled back.
 */
import { describe, expect, it } from 'vitest';
import type { Backend, ExpandResult, ScoreResult } from '../../search/backend';
import { runUnit, type SweepCell } from '../../search/sweep';
import type { SweepStrategy } from '../../search/strategies/index';
import type { Problem } from '../../search/types';
import { SimBackend, simProblem } from '../../sim/index';
import type { Bundle } from '../../trace/bundle';
import { BundleBuilder } from '../../trace/builder';
import { ReplayBackend } from '../../trace/replay-backend';
import { RecordPool, type PoolDelta } from './pool';
import { workList, type WorkItem } from './work';

const MODEL = 'sim-7B';
const PROBLEMS = [simProblem('sim-L2-0003'), simProblem('sim-L4-0002')];
const STRATEGIES: SweepStrategy[] = ['greedy', 'majority', 'weighted-majority', 'beam', 'mcts', 'rebase'];

/** The sim as a live server: answers computed when asked, delivered later and out of order. */
function liveSim(opts: { failAt?: number } = {}): Backend & { calls: number } {
  const sim = new SimBackend({ policy: MODEL });
  let calls = 0;
  const later = <T>(make: () => T): Promise<T> => {
    const call = ++calls;
    if (call === opts.failAt) return Promise.reject(new Error('HTTP 503: overloaded'));
    const value = make();
    return new Promise((resolve) => setTimeout(() => resolve(value), (call * 7) % 4));
  };
  return {
    get calls() { return calls; },
    describe: () => sim.describe(),
    expand: (p, prefix, n, o) => later(() => sim.expand(p, prefix, n, o) as ExpandResult),
    complete: (p, n, o) => later(() => sim.complete(p, n, o)),
    score: (p, nodes) => later(() => sim.score(p, nodes) as ScoreResult),
  };
}

const unitOf = (item: WorkItem) => ({ model: MODEL, strategies: item.strategies, budgets: item.budgets, problems: [item.problem], seed: 3, subsample: item.subsample });

async function recordItems(items: readonly WorkItem[], live: Backend, pools = new Map<string, RecordPool>()) {
  const cells = new Map<string, SweepCell[]>();
  const deltas: PoolDelta[] = [];
  for (const item of items) {
    let pool = pools.get(item.problem.id);
    if (!pool) pools.set(item.problem.id, (pool = new RecordPool(item.problem)));
    const rec = pool.begin(live, { maxStepTokens: 256 });
    const got = await runUnit(unitOf(item), () => rec.view());
    expect(rec.failed).toBe(false);
    deltas.push(rec.commit());
    cells.set(item.key, got);
  }
  return { pools, cells, deltas };
}

function bundleOf(pools: Map<string, RecordPool>): Bundle {
  const b = new BundleBuilder({ title: 't', createdAt: '2026-01-01', source: 'live' });
  b.addModel(MODEL, { role: 'policy', name: MODEL, params: new SimBackend({ policy: MODEL }).describe().policy.params });
  b.addModel('prm', { role: 'prm', name: 'prm', params: 7e9 });
  for (const pool of pools.values()) {
    b.addProblem(pool.problem);
    const i = b.addPool({ problemId: pool.problem.id, policy: MODEL, prm: 'prm', sampling: { temperature: 1 }, ...(pool.promptTokens ? { promptTokens: pool.promptTokens } : {}) });
    for (const node of pool.nodes()) b.addNode(i, node);
  }
  return b.build();
}

async function replayed(bundle: Bundle, item: WorkItem): Promise<SweepCell[]> {
  return runUnit(unitOf(item), (model: string, problem: Problem) => new ReplayBackend(bundle, problem.id, model));
}

/** What a cell says about a run (the sim's simulated wall time aside, which a replay has not). */
const gist = (cells: SweepCell[]) => cells.map(({ answer, correct, flops, policyTokens, promptTokens, prmTokens, solutions, incomplete, strategy, budget }) => ({ answer, correct, flops, policyTokens, promptTokens, prmTokens, solutions, incomplete, strategy, budget }));

describe('RecordPool', () => {
  const items = workList(PROBLEMS, STRATEGIES, [2, 4, 8], true);

  it('every recorded run replays from the bundle to the same cells (the sweep order)', async () => {
    const { pools, cells } = await recordItems(items, liveSim());
    const bundle = bundleOf(pools);
    for (const item of items) expect(gist(await replayed(bundle, item))).toEqual(gist(cells.get(item.key)!));
    // Runs share samples: the pool is smaller than the sum of what the runs generated.
    const generated = [...cells.values()].flat().reduce((s, c) => s + c.policyTokens, 0);
    const pooled = bundle.pools.flatMap((p) => p.nodes).reduce((s, n) => s + n.tokens, 0);
    expect(pooled).toBeLessThan(generated);
    expect([...cells.values()].flat().every((c) => c.incomplete === undefined)).toBe(true);
  });

  it('…and in any other order: tree searches first, then whole solutions continued through their steps', async () => {
    const reversed = [...items].reverse();
    const { pools, cells } = await recordItems(reversed, liveSim());
    const bundle = bundleOf(pools);
    for (const item of reversed) expect(gist(await replayed(bundle, item))).toEqual(gist(cells.get(item.key)!));
    const voting = cells.get(`${PROBLEMS[1].id}|sampling|8`)!;
    // A whole solution is never cut short where a tree search stopped expanding.
    expect(voting.filter((c) => c.budget === 8).every((c) => c.solutions === 8)).toBe(true);
  });

  it('is deterministic: the same runs give the same pool, node ids included', async () => {
    const a = await recordItems(items, liveSim());
    const b = await recordItems(items, liveSim());
    expect(JSON.stringify(bundleOf(b.pools))).toBe(JSON.stringify(bundleOf(a.pools)));
  });

  it('rolls a failed run back completely, and its retry records what an unbroken run would', async () => {
    const [greedy, voting, ...rest] = items.filter((i) => i.problem.id === PROBLEMS[0].id);
    const rebase8 = rest.at(-1)!;
    const clean = await recordItems([greedy, voting, rebase8], liveSim());

    const { pools } = await recordItems([greedy, voting], liveSim());
    const pool = pools.get(PROBLEMS[0].id)!;
    const before = JSON.stringify({ nodes: pool.nodes(), prompt: pool.promptTokens });
    const rec = pool.begin(liveSim({ failAt: 4 }), { maxStepTokens: 256 });
    const cells = await runUnit(unitOf(rebase8), () => rec.view());
    expect(rec.failed).toBe(true);
    expect(cells[0].incomplete).toBe('HTTP 503: overloaded');
    rec.rollback();
    expect(JSON.stringify({ nodes: pool.nodes(), prompt: pool.promptTokens })).toBe(before);

    const retry = await recordItems([rebase8], liveSim(), pools);
    expect(retry.deltas[0]).toEqual(clean.deltas[2]);
    expect(gist(retry.cells.get(rebase8.key)!)).toEqual(gist(clean.cells.get(rebase8.key)!));
  });

  it('keeps the samples a failed run was answered; its retry is served them first, and every run still replays to its own cells', async () => {
    const [greedy, voting, ...rest] = items.filter((i) => i.problem.id === PROBLEMS[0].id);
    const rebase8 = rest.at(-1)!;
    const clean = await recordItems([greedy, voting, rebase8], liveSim());

    const { pools } = await recordItems([greedy, voting], liveSim());
    const pool = pools.get(PROBLEMS[0].id)!;
    const before = pool.size;
    const rec = pool.begin(liveSim({ failAt: 6 }), { maxStepTokens: 256 });
    await runUnit(unitOf(rebase8), () => rec.view());
    expect(rec.failed).toBe(true);
    const kept = rec.keepAnswered();
    expect(kept.nodes.length).toBeGreaterThan(0);
    expect(pool.size).toBe(before + kept.nodes.length);
    // Rebuilt from the journal (finished deltas, then the partial one), the pool is the same.
    const rebuilt = new RecordPool(PROBLEMS[0]);
    for (const d of [...(await recordItems([greedy, voting], liveSim())).deltas, kept]) rebuilt.apply(JSON.parse(JSON.stringify(d)) as PoolDelta);
    expect(rebuilt.nodes()).toEqual(pool.nodes());

    const live = liveSim();
    const retry = await recordItems([rebase8], live, pools);
    const cell = retry.cells.get(rebase8.key)!;
    expect(cell.every((c) => c.incomplete === undefined && c.solutions === 8)).toBe(true);
    // The kept samples were not asked again: the retry needed fewer live calls than a fresh run.
    // (It is a valid run, not the unbroken one: the ids of the samples never answered are gone,
    // and a live call's seed follows its parent's id, so the rest is drawn afresh.)
    const cleanLive = liveSim();
    await recordItems([greedy, voting], liveSim()).then(({ pools: fresh }) => recordItems([rebase8], cleanLive, fresh));
    expect(live.calls).toBeLessThan(cleanLive.calls);
    // And every run of the problem replays from the finished bundle to its own cells.
    const bundle = bundleOf(pools);
    for (const item of [greedy, voting, rebase8]) {
      const want = item === rebase8 ? retry.cells.get(item.key)! : clean.cells.get(item.key)!;
      expect(gist(await replayed(bundle, item))).toEqual(gist(want));
    }
  });

  it('rebuilds from its journal deltas exactly', async () => {
    const { pools, deltas } = await recordItems(items.filter((i) => i.problem.id === PROBLEMS[1].id), liveSim());
    const again = new RecordPool(PROBLEMS[1]);
    for (const d of deltas) again.apply(JSON.parse(JSON.stringify(d)) as PoolDelta);
    expect(again.nodes()).toEqual(pools.get(PROBLEMS[1].id)!.nodes());
    expect(again.promptTokens).toBe(pools.get(PROBLEMS[1].id)!.promptTokens);
    expect(deltas.some((d) => Object.keys(d.rewards).length > 0)).toBe(true);
  });
});

describe('workList', () => {
  it('orders a problem\'s runs greedy, voting pool, then beam, MCTS and REBASE by budget, problem after problem', () => {
    const items = workList(PROBLEMS, ['rebase', 'majority', 'greedy', 'beam'], [4, 2], true);
    expect(items.map((i) => i.key)).toEqual([
      'sim-L2-0003|greedy|1', 'sim-L2-0003|sampling|4', 'sim-L2-0003|beam|2', 'sim-L2-0003|beam|4', 'sim-L2-0003|rebase|2', 'sim-L2-0003|rebase|4',
      'sim-L4-0002|greedy|1', 'sim-L4-0002|sampling|4', 'sim-L4-0002|beam|2', 'sim-L4-0002|beam|4', 'sim-L4-0002|rebase|2', 'sim-L4-0002|rebase|4',
    ]);
    expect(workList(PROBLEMS, ['majority'], [2, 4], false).map((i) => i.key)).toEqual(['sim-L2-0003|majority|2', 'sim-L2-0003|majority|4', 'sim-L4-0002|majority|2', 'sim-L4-0002|majority|4']);
  });
});
