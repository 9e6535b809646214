/**
 * The majority-voting limit (the paper's Theorem 1) of each model over a sweep's problems, for the
 * `plan` command's asymptote-fixed fits: exact in the sim (src/sim/majority-limit.ts, as the
 * Scaling view computes it), estimated from every finished solution a bundle's pool recorded
 * (the pool's most frequent answer, ties to the answer seen first, as the Scaling view does).
 */
import { answerKey, gradingStyleOf, isCorrect } from '../search/grading';
import type { ModelLimit } from '../search/sweep-fits';
import type { Problem } from '../search/types';
import { SimBackend } from '../sim/index';
import { majorityLimitHit } from '../sim/majority-limit';
import type { Source } from './sources';

export interface CliLimit extends ModelLimit {
  method: 'exact' | 'sampled';
  /** Sampled: the smallest pool behind the estimate. */
  samples: number;
}

function poolHit(source: Source, model: string, problem: Problem): { hit: number; samples: number } {
  const pool = source.bundle?.pools.find((p) => p.problemId === problem.id && p.policy === model);
  if (!pool) return { hit: 0, samples: 0 };
  const style = gradingStyleOf(problem);
  const counts = new Map<string, { answer: string; n: number }>();
  let samples = 0;
  for (const node of pool.nodes) {
    if (!node.terminal) continue;
    samples++;
    if (!node.answer) continue;
    const key = answerKey(node.answer, style);
    const b = counts.get(key);
    if (b) b.n++;
    else counts.set(key, { answer: node.answer, n: 1 });
  }
  let top: { answer: string; n: number } | null = null;
  for (const b of counts.values()) if (!top || b.n > top.n) top = b;
  return { hit: top && isCorrect(top.answer, problem.answer, style) ? 1 : 0, samples };
}

/** Each model's limit over `problems`. */
export function cliLimits(source: Source, models: readonly string[], problems: readonly Problem[]): CliLimit[] {
  return models.map((model) => {
    if (source.kind === 'sim') {
      let sum = 0;
      for (const p of problems) {
        const backend = source.backendFor(model, p);
        if (!(backend instanceof SimBackend)) throw new Error(`no sim backend for ${model}`);
        sum += majorityLimitHit(backend.sampler(p, 1), p, { maxStepTokens: 256, maxDepth: 25 }).hit;
      }
      return { model, majority: problems.length ? sum / problems.length : 0, method: 'exact', samples: 0 };
    }
    const hits = problems.map((p) => poolHit(source, model, p));
    return {
      model, majority: hits.length ? hits.reduce((s, h) => s + h.hit, 0) / hits.length : 0,
      method: 'sampled', samples: hits.length ? Math.min(...hits.map((h) => h.samples)) : 0,
    };
  });
}
