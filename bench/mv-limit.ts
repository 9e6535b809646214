/**
 * bench/mv-limit — the majority-vote limit of sim-7B and sim-34B on the default 500 problems:
 * exact (src/sim/majority-limit.ts) against the old 128-sample estimate, with the time of each on
 * one core in Node. Prints figures (markdown); never fails on time. `npm run bench:mv-limit`.
 * Record the results in docs/performance.md.
 */
import { cpus } from 'node:os';
import { defaultProblemSet, SimBackend, type SimModelId } from '../src/sim/index';
import { majorityLimitHit } from '../src/sim/majority-limit';
import { simLimitHit } from '../src/workers/sweep-limits';

const problems = defaultProblemSet();
const models: SimModelId[] = ['sim-7B', 'sim-34B'];
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

console.log(`# bench/mv-limit — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}, one core`);
console.log('');
console.log(`Majority-vote limit on the default ${problems.length} problems (temperature 1, steps ≤ 256 tokens, ≤ 25 steps; ε = 1e-4):`);
console.log('');
console.log('| model | exact limit | uncertified | states | exact s | 128-sample estimate | 128-sample s |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
// Warm-up so the JIT has settled.
const warm = new SimBackend({ policy: 'sim-7B', prm: null });
for (const p of problems.slice(0, 100)) majorityLimitHit(warm.sampler(p, 1), p);
let total = 0;
for (const model of models) {
  const backend = new SimBackend({ policy: model, prm: null });
  let hit = 0, uncertified = 0, states = 0;
  const t0 = performance.now();
  for (const p of problems) {
    const h = majorityLimitHit(backend.sampler(p, 1), p);
    hit += h.hit;
    states += h.states;
    if (!h.certified) uncertified++;
  }
  const exactS = (performance.now() - t0) / 1000;
  total += exactS;
  let sampled = 0;
  const t1 = performance.now();
  for (const p of problems) if ((await simLimitHit(backend, model, p, 128, 0)).majority) sampled++;
  const sampledS = (performance.now() - t1) / 1000;
  console.log(`| ${model} | ${pct(hit / problems.length)} | ${uncertified} | ${states.toLocaleString('en-US')} | ${exactS.toFixed(2)} | ${pct(sampled / problems.length)} | ${sampledS.toFixed(2)} |`);
}
console.log('');
console.log(`Both models exact: ${total.toFixed(2)} s on one core.`);
