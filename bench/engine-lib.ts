/**
 * The engine benchmark's measurements, shared by the script (bench/engine.ts) and its smoke test.
 * Everything runs on the calling thread, i.e. on one core.
 */
import { createRng } from '../src/search/rng';
import { runStrategy, specForBudget, SWEEP_STRATEGIES, type SweepStrategy } from '../src/search/strategies/index';
import { runSeed, runUnit, splitSweep, type SweepSpec } from '../src/search/sweep';
import { defaultProblemSet, SimBackend } from '../src/sim/index';
import type { Problem } from '../src/search/types';

export interface NodesPerSecond {
  strategy: SweepStrategy;
  budget: number;
  runs: number;
  nodes: number;
  seconds: number;
  nodesPerSecond: number;
}

/** Problems spread over all five levels. */
export function spreadProblems(count: number): Problem[] {
  const all = defaultProblemSet();
  const out: Problem[] = [];
  for (let i = 0; out.length < count && i < 100; i++) for (let l = 0; l < 5 && out.length < count; l++) out.push(all[l * 100 + i]);
  return out;
}

/** Simulated nodes per second of one strategy at one budget (events off, as in sweeps). */
export async function nodesPerSecond(strategy: SweepStrategy, budget: number, problems: Problem[], minSeconds: number): Promise<NodesPerSecond> {
  const backend = new SimBackend({ policy: 'sim-7B', prm: 'default' });
  const spec = specForBudget(strategy, budget);
  let nodes = 0, runs = 0;
  const start = performance.now();
  let elapsed = 0;
  for (let round = 0; elapsed < minSeconds * 1000 || runs === 0; round++) {
    for (const p of problems) {
      const done = await runStrategy(p, backend, spec, { rng: createRng(runSeed(round, 'sim-7B', spec, p.id)) });
      nodes += done.nodes;
      runs++;
    }
    elapsed = performance.now() - start;
  }
  return { strategy, budget, runs, nodes, seconds: elapsed / 1000, nodesPerSecond: nodes / (elapsed / 1000) };
}

/** Time the default sweep (models × the seven strategies × budgets × problems, one seed). */
export async function sweepSeconds(models: string[], budgets: number[], problemCount: number): Promise<{ seconds: number; cells: number }> {
  const spec: SweepSpec = { models, strategies: [...SWEEP_STRATEGIES], budgets, problems: spreadProblems(problemCount), seeds: [0], subsample: true };
  const backends = new Map(models.map((m) => [m, new SimBackend({ policy: m as 'sim-7B', prm: 'default' })]));
  const start = performance.now();
  let cells = 0;
  for (const unit of splitSweep(spec)) cells += (await runUnit(unit, (m) => backends.get(m)!)).length;
  return { seconds: (performance.now() - start) / 1000, cells };
}
