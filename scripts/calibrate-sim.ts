/**
 * Calibration of the simulated world (docs/sim.md).
 *
 *   npx tsx scripts/calibrate-sim.ts         measure the world as it is, print a markdown table
 *   npx tsx scripts/calibrate-sim.ts --fit   fit the four calibrated constants, print them
 *
 * The only targets are the paper's per-model marginals: greedy accuracy and tokens per solution of
 * Llemma-7B and Llemma-34B on MATH500 (paper-notes.md, Table 4), mapped to sim-7B and sim-34B.
 * Majority@32, coverage and the PRM's AUROC are printed as outcomes; nothing is fitted to them.
 */
import { greedyStats, samplingStats } from '../src/sim/measure';
import { SIM_MODELS, WORLD, simModel, type SimModelId, type WorldParams } from '../src/sim/models';
import { PRM_PRESETS, measureAuroc, type PrmPreset } from '../src/sim/prm';
import { problemsByLevel } from '../src/sim/problems';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Bisection for f(x) = 0 on [lo, hi] where f is monotone (in either direction). */
function solve(f: (x: number) => number, lo: number, hi: number, iterations = 40): number {
  const rising = f(hi) > f(lo);
  for (let i = 0; i < iterations; i++) {
    const mid = (lo + hi) / 2;
    if ((f(mid) < 0) === rising) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function fit(): void {
  const seven = simModel('sim-7B').target!;
  const big = simModel('sim-34B').target!;
  const w: WorldParams = { ...WORLD };
  const acc = (id: SimModelId) => greedyStats(id, undefined, w).accuracy;
  const tok = (id: SimModelId) => greedyStats(id, undefined, w).tokensPerSolution;
  // sim-7B sits at the reference size, so its numbers do not depend on alpha or the slope:
  // fit the scales on sim-7B, then the size exponents on sim-34B, and repeat until stable.
  const set = <K extends 'errorScale' | 'alpha' | 'verbosity' | 'verbositySlope'>(k: K, f: () => number) => (x: number) => {
    w[k] = x;
    return f();
  };
  for (let round = 0; round < 4; round++) {
    w.errorScale = solve(set('errorScale', () => acc('sim-7B') - seven.greedyAccuracy), 0.001, 1);
    w.verbosity = solve(set('verbosity', () => tok('sim-7B') - seven.tokensPerSolution), -2, 3);
    w.alpha = solve(set('alpha', () => acc('sim-34B') - big.greedyAccuracy), 0, 1.5);
    w.verbositySlope = solve(set('verbositySlope', () => tok('sim-34B') - big.tokensPerSolution), -2, 2);
    console.log(`round ${round + 1}:`, JSON.stringify({ errorScale: w.errorScale, alpha: w.alpha, verbosity: w.verbosity, verbositySlope: w.verbositySlope }));
  }
  console.log('\nPaste into WORLD (src/sim/models.ts):');
  for (const k of ['errorScale', 'alpha', 'verbosity', 'verbositySlope'] as const) console.log(`  ${k}: ${w[k].toPrecision(4)},`);
}

function measure(): void {
  console.log('| model | stands for | greedy target | greedy sim | tokens/solution target | tokens/solution sim | sampled tokens/solution (outcome) | maj@32 (outcome) | pass@32 (outcome) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const m of SIM_MODELS) {
    const g = greedyStats(m.id);
    const s = samplingStats(m.id, 32, { seed: 1 });
    const t = m.target;
    console.log(`| ${m.id} | ${m.analogue} | ${t ? pct(t.greedyAccuracy) : '—'} | ${pct(g.accuracy)} | ${t ? t.tokensPerSolution : '—'} | ${g.tokensPerSolution.toFixed(0)} | ${s.tokensPerSolution.toFixed(0)} | ${pct(s.majority)} | ${pct(s.coverage)} |`);
  }
  console.log('\nGreedy accuracy by level (outcome):\n');
  console.log('| model | L1 | L2 | L3 | L4 | L5 |');
  console.log('|---|---|---|---|---|---|');
  for (const m of SIM_MODELS) {
    const row = [1, 2, 3, 4, 5].map((l) => pct(greedyStats(m.id, problemsByLevel(l)).accuracy));
    console.log(`| ${m.id} | ${row.join(' | ')} |`);
  }
  console.log('\nPRM step-level AUROC on sim-7B samples (outcome; positive = step on a still-right path):\n');
  console.log('| preset | quality | AUROC |');
  console.log('|---|---|---|');
  for (const name of Object.keys(PRM_PRESETS) as PrmPreset[]) {
    console.log(`| ${name} | ${PRM_PRESETS[name]} | ${measureAuroc(name).toFixed(3)} |`);
  }
}

if (process.argv.includes('--fit')) fit();
else measure();
