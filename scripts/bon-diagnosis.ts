/**
 * Why the sim's best-of-N is low (issue 11, docs/sim.md "Against the paper"): the same pool
 * statistics on the real Math-Shepherd-scored samples and on the sim.
 *
 *   npx tsx scripts/bon-diagnosis.ts [--prm default]
 *
 * Real: `../shared/data/cotts_math500_best_of_n_qwen15b_mathshepherd.jsonl.gz` (Qwen2.5-1.5B,
 * 2 samples per MATH500 problem, correctness as graded by the recording's own grader, answers
 * compared as extracted strings). Sim: sim-7B at T = 1 on the default set, 2 and 32 samples per
 * problem, the default PRM. Score = last-step logit (the official `last` aggregation).
 * Also: the mean last-step logit by two-sample group (both right, the right / wrong one of a mixed
 * pair, two wrong with one answer, two wrong with different answers), and how a step's logit moves
 * from its predecessor's along a solution (sd of the change, lag-1 correlation).
 * Reads only; nothing feeds back into the world.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createRng, hashSeed } from '../src/search/rng';
import { sampleChain } from '../src/sim/policy';
import { prmQuality, prmReward, type PrmSetting } from '../src/sim/prm';
import { defaultProblemSet } from '../src/sim/problems';
import { SimBackend } from '../src/sim/sim-backend';
import type { SimState } from '../src/sim/state';

interface Sample { ok: boolean; answer: string; logit: number; steps: number[] }

const REAL = new URL('../../shared/data/cotts_math500_best_of_n_qwen15b_mathshepherd.jsonl.gz', import.meta.url);
const logit = (p: number) => { const c = Math.min(Math.max(p, 1e-6), 1 - 1e-6); return Math.log(c / (1 - c)); };

function realPools(): Sample[][] {
  const pools = new Map<number, Sample[]>();
  for (const line of gunzipSync(readFileSync(REAL)).toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { _question_idx: number; result: { majority_vote: number }; output: { value: number[]; extracted_answer: string }[] };
    const o = r.output[0];
    if (o.value.length === 0) continue;
    const pool = pools.get(r._question_idx) ?? [];
    pool.push({ ok: r.result.majority_vote === 1, answer: o.extracted_answer.trim(), logit: logit(o.value[o.value.length - 1]), steps: o.value.map(logit) });
    pools.set(r._question_idx, pool);
  }
  return [...pools.values()];
}

function simPools(n: number, prm: PrmSetting, seed = 7): Sample[][] {
  const backend = new SimBackend({ policy: 'sim-7B', prm: null });
  const q = prmQuality(prm);
  return defaultProblemSet().map((p) => {
    const rng = createRng(hashSeed(seed, p.id));
    const sampler = backend.sampler(p, 1);
    return Array.from({ length: n }, () => {
      const steps = sampleChain(sampler, rng, 256, 25).map((s) => ({ s, logit: logit(prmReward(s.ref as SimState, q)) }));
      const last = steps[steps.length - 1];
      return { ok: last.s.answer === p.answer, answer: last.s.answer ?? '', logit: last.logit, steps: steps.map((x) => x.logit) };
    });
  });
}

const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
const rms = (x: number[]) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function report(name: string, pools: Sample[][]): void {
  let mixed = 0, rightAbove = 0, sameWrong = 0, bothWrong = 0, distinct = 0, withWrong = 0, bon = 0, single = 0;
  const diffWrong: number[] = [], sameAnswer: number[] = [];
  for (const pool of pools) {
    for (let i = 0; i < pool.length; i++) {
      for (let j = i + 1; j < pool.length; j++) {
        const a = pool[i], b = pool[j], d = (a.logit - b.logit) / Math.SQRT2;
        if (a.ok !== b.ok) { mixed++; if ((a.ok ? a.logit - b.logit : b.logit - a.logit) > 0) rightAbove++; }
        if (a.answer === b.answer) sameAnswer.push(d);
        else if (!a.ok && !b.ok) diffWrong.push(d);
        if (!a.ok && !b.ok) { bothWrong++; if (a.answer === b.answer) sameWrong++; }
      }
    }
    const wrong = new Set(pool.filter((s) => !s.ok).map((s) => s.answer));
    if (wrong.size > 0) { distinct += wrong.size; withWrong++; }
    if (pool.reduce((best, s) => (s.logit > best.logit ? s : best)).ok) bon++;
    single += pool.filter((s) => s.ok).length / pool.length;
  }
  console.log(`${name} (${pools.length} problems × ${pools[0].length}):`);
  console.log(`  mixed pairs ${mixed}: P(right scores above wrong) ${rightAbove / mixed > 0 ? (rightAbove / mixed).toFixed(3) : '—'}`);
  console.log(`  two wrong samples share their answer: ${pct(sameWrong / bothWrong)} of ${bothWrong} pairs`);
  console.log(`  pair logit difference sd/√2: different wrong answers ${rms(diffWrong).toFixed(2)}, same answer ${rms(sameAnswer).toFixed(2)}`);
  console.log(`  distinct wrong answers per problem with a wrong one ${(distinct / withWrong).toFixed(2)}; per-sample accuracy ${pct(single / pools.length)}; best-of-${pools[0].length} ${pct(bon / pools.length)}`);
}

/** Mean last-step logit by two-sample group (pools of 2 only), and the step-to-step movement. */
function groupsAndSteps(name: string, pools: Sample[][]): void {
  const g: Record<string, number[]> = { 'both right': [], 'mixed: right': [], 'mixed: wrong': [], 'both wrong, one answer': [], 'both wrong, two answers': [] };
  const prev: number[] = [], next: number[] = [];
  for (const pool of pools) {
    for (const s of pool) for (let i = 1; i < s.steps.length; i++) { prev.push(s.steps[i - 1]); next.push(s.steps[i]); }
    const [a, b] = pool;
    if (a.ok && b.ok) g['both right'].push(a.logit, b.logit);
    else if (a.ok !== b.ok) { g['mixed: right'].push(a.ok ? a.logit : b.logit); g['mixed: wrong'].push(a.ok ? b.logit : a.logit); }
    else g[a.answer === b.answer ? 'both wrong, one answer' : 'both wrong, two answers'].push(a.logit, b.logit);
  }
  const change = prev.map((v, i) => next[i] - v);
  const mp = mean(prev), mn = mean(next);
  const cov = mean(prev.map((v, i) => (v - mp) * (next[i] - mn)));
  const sdOf = (x: number[], m: number) => Math.sqrt(mean(x.map((v) => (v - m) ** 2)));
  console.log(`${name} (${pools.length} pools of 2):`);
  console.log(`  mean last-step logit: ${Object.entries(g).map(([k, v]) => `${k} ${mean(v).toFixed(2)} (${v.length})`).join(', ')}`);
  console.log(`  step-to-step logit change: mean ${mean(change).toFixed(2)}, sd ${sdOf(change, mean(change)).toFixed(2)} (${change.length} steps); lag-1 correlation ${(cov / sdOf(prev, mp) / sdOf(next, mn)).toFixed(2)}`);
}

const prmArg = process.argv.indexOf('--prm');
const prm: PrmSetting = prmArg > 0 ? (Number.isNaN(Number(process.argv[prmArg + 1])) ? (process.argv[prmArg + 1] as PrmSetting) : Number(process.argv[prmArg + 1])) : 'default';
report('real: Qwen2.5-1.5B + Math-Shepherd-Mistral-7B', realPools());
report(`sim: sim-7B + sim PRM (${String(prm)})`, simPools(2, prm));
report(`sim: sim-7B + sim PRM (${String(prm)})`, simPools(32, prm));
groupsAndSteps('real', realPools().filter((p) => p.length === 2));
groupsAndSteps(`sim (${String(prm)}), 8 seeds`, [3, 4, 5, 6, 8, 9, 10, 11].flatMap((seed) => simPools(2, prm, seed)));
