/**
 * bench/engine — simulated nodes per second for each strategy, and the time of the default sweep,
 * on one core in Node. Prints figures (markdown); never fails on time. `npm run bench:engine`.
 * Record the results in docs/performance.md.
 */
import { cpus } from 'node:os';
import { SWEEP_STRATEGIES } from '../src/search/strategies/index';
import { nodesPerSecond, spreadProblems, sweepSeconds } from './engine-lib';

const quick = process.argv.includes('--quick');
const problems = spreadProblems(quick ? 10 : 100);
const minSeconds = quick ? 0.05 : 1.5;

console.log(`# bench/engine — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}, one core`);
console.log('');
console.log('Simulated nodes per second (sim-7B, default PRM, events off, budget 32; MCTS = 256 nodes):');
console.log('');
console.log('| strategy | runs | nodes | nodes/s |');
console.log('|---|---:|---:|---:|');
// A warm-up pass so the JIT has settled before anything is timed.
for (const s of SWEEP_STRATEGIES) await nodesPerSecond(s, 32, problems.slice(0, 5), 0);
for (const s of SWEEP_STRATEGIES) {
  const r = await nodesPerSecond(s, 32, problems, minSeconds);
  console.log(`| ${s} | ${r.runs} | ${r.nodes} | ${Math.round(r.nodesPerSecond).toLocaleString('en-US')} |`);
}
console.log('');
const budgets = [1, 2, 4, 8, 16, 32];
const sweeps: [string[], number][] = quick ? [[['sim-1.4B', 'sim-7B'], 10]] : [[['sim-1.4B', 'sim-7B'], 200], [['sim-410M', 'sim-1.4B', 'sim-7B', 'sim-34B'], 200]];
console.log('Default sweep (7 strategies × budgets 1–32 × problems, seed 0, sampling sub-sampled from one pool):');
console.log('');
console.log('| models | problems | cells | seconds |');
console.log('|---|---:|---:|---:|');
for (const [models, count] of sweeps) {
  const r = await sweepSeconds(models, budgets, count);
  console.log(`| ${models.join(', ')} | ${count} | ${r.cells} | ${r.seconds.toFixed(2)} |`);
}
