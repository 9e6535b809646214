/**
 * Record sim runs into trace bundles: the shipped fixtures and `export-sim`. Deterministic: the
 * same arguments give byte-identical bundles, so a test can check the fixtures are current.
 */
import type { SearchEvent } from '../search/events';
import { createRng } from '../search/rng';
import { describeSpec, parseSpec, runStrategy, type StrategySpec } from '../search/strategies/index';
import { runSeed } from '../search/sweep';
import type { Problem } from '../search/types';
import { SimBackend, simProblem, type PrmSetting, type SimModelId } from '../sim/index';
import type { Bundle } from '../trace/bundle';
import { RecordingBackend } from '../trace/recording-backend';

export interface RecordOptions {
  title: string;
  model: SimModelId;
  prm: PrmSetting | null;
  spec: StrategySpec;
  problems: Problem[];
  seed: number;
  /** ISO date written into meta (fixed for the fixtures so they regenerate identically). */
  createdAt: string;
  /** Keep each run's event log in the bundle (runs[]), not only the pool. */
  keepRuns: boolean;
}

/** Run a strategy on sim problems through a RecordingBackend and return the bundle. */
export async function recordSimBundle(o: RecordOptions): Promise<Bundle> {
  const recorder = new RecordingBackend(new SimBackend({ policy: o.model, prm: o.prm }), {
    meta: { title: o.title, createdAt: o.createdAt, source: 'sim', notes: `Simulated world. ${describeSpec(o.spec)}, ${o.model}, PRM ${o.prm ?? 'none'}, seed ${o.seed}. Regenerate with: npm run fixtures` },
  });
  for (const problem of o.problems) {
    const events: SearchEvent[] = [];
    const done = await runStrategy(problem, recorder, o.spec, {
      rng: createRng(runSeed(o.seed, o.model, o.spec, problem.id)),
      emit: o.keepRuns ? (e) => events.push(e) : undefined,
    });
    if (o.keepRuns) {
      const { type: _type, ...result } = done;
      recorder.addRun({ problemId: problem.id, strategy: { name: o.spec.name, params: { ...o.spec.params } }, seed: o.seed, events, result });
    }
  }
  return recorder.toBundle();
}

const FIXTURE_DATE = '2026-11-27T00:00:00.000Z';
const FIXTURE_PROBLEM = 'sim-L3-0002';

/** The bundles shipped in fixtures/ (file name → recording). */
export const FIXTURES: Record<string, Omit<RecordOptions, 'createdAt'>> = {
  'sim-rebase.trace.json': {
    title: 'REBASE on a level-3 sim problem', model: 'sim-7B', prm: 'default', seed: 0, keepRuns: true,
    spec: parseSpec({ name: 'rebase', params: { width: 16 } }), problems: [simProblem(FIXTURE_PROBLEM)],
  },
  'sim-mcts.trace.json': {
    title: 'MCTS on a level-3 sim problem', model: 'sim-7B', prm: 'default', seed: 0, keepRuns: true,
    spec: parseSpec({ name: 'mcts', params: { budget: 64 } }), problems: [simProblem(FIXTURE_PROBLEM)],
  },
  'sim-sampling-pool.trace.json': {
    title: 'A pool of 16 sampled solutions per problem, one problem per level', model: 'sim-1.4B', prm: 'default', seed: 0,
    keepRuns: false,
    spec: parseSpec({ name: 'sample', params: { n: 16, aggregate: 'weighted-majority', scoreAgg: 'min' } }),
    problems: [1, 2, 3, 4, 5].map((l) => simProblem(`sim-L${l}-0000`)),
  },
};

/** Record every fixture bundle. */
export async function recordFixtures(): Promise<Record<string, Bundle>> {
  const out: Record<string, Bundle> = {};
  for (const [file, o] of Object.entries(FIXTURES)) out[file] = await recordSimBundle({ ...o, createdAt: FIXTURE_DATE });
  return out;
}
