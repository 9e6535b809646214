import { conventionLabel, PAPER_CONVENTION } from '../../search/compute';
import type { SearchEvent } from '../../search/events';
import { createRng } from '../../search/rng';
import { describeSpec, runStrategy } from '../../search/strategies/index';
import { runSeed } from '../../search/sweep';
import { HYPOTHETICAL_NOTE, isHypotheticalModel } from '../../sim/index';
import { intOption, parse, UsageError } from '../args';
import { writeText } from '../io';
import { resolveSource, resolveSpec, sourceHelp, sourceOptions, strategyHelp, strategyOptions } from '../sources';

export const runHelp = `Usage: npm run cli -- run [options]

Runs one strategy on problems from the sim (default) or a trace bundle and prints JSON: per
problem the answer, the gold answer, correctness, tokens and FLOPs (the paper's convention).

${strategyHelp}

${sourceHelp}
  --model ID         policy model: sim-7B (default), sim-34B (calibrated to Llemma-7B and -34B), or
                     sim-410M, sim-1.4B (hypothetical, extrapolated: no measured target); with
                     --bundle, a policy model id of the bundle (default: its first)
  --seed N           seed (default 0); the same seed gives the same tree everywhere
  --events           include each problem's event log
  --out FILE         write the JSON to FILE instead of stdout

Defaults: rebase (official preset, width 32) on 5 sim problems, one of each level.`;

export async function run(argv: string[], out: (s: string) => void): Promise<void> {
  const { values } = parse('run', argv, {
    ...strategyOptions, ...sourceOptions, model: { type: 'string' }, seed: { type: 'string' },
    events: { type: 'boolean' }, out: { type: 'string' },
  });
  if (values.help) return out(runHelp);
  const spec = resolveSpec(values);
  const source = resolveSource(values, 5);
  const model = (values.model as string | undefined) ?? (source.kind === 'sim' ? 'sim-7B' : source.models[0]);
  if (!source.models.includes(model)) throw new UsageError(`--model "${model}" is not available (models: ${source.models.join(', ')})`);
  const seed = intOption('seed', values.seed as string | undefined, 0, 0, 2 ** 32 - 1);

  const results = [];
  let correct = 0, flops = 0, tokens = 0;
  for (const problem of source.problems) {
    const events: SearchEvent[] = [];
    const done = await runStrategy(problem, source.backendFor(model, problem), spec, {
      rng: createRng(runSeed(seed, model, spec, problem.id)),
      emit: values.events ? (e) => events.push(e) : undefined,
    });
    if (done.correct) correct++;
    flops += done.compute.flops;
    tokens += done.compute.policyTokens;
    results.push({
      problemId: problem.id, answer: done.answer, gold: problem.answer, correct: done.correct,
      solutions: done.solutions, nodes: done.nodes, tokens: done.compute.policyTokens, flops: done.compute.flops,
      ...(done.incomplete ? { incomplete: done.incomplete } : {}),
      ...(values.events ? { events } : {}),
    });
  }
  const n = results.length;
  const report = {
    strategy: describeSpec(spec), spec, source: source.kind === 'sim' ? 'sim (simulated)' : `bundle ${source.path}`,
    model, ...(isHypotheticalModel(model) ? { modelNote: `${model} is ${HYPOTHETICAL_NOTE}` } : {}), prm: source.prmLabel, seed, convention: conventionLabel(PAPER_CONVENTION),
    summary: { problems: n, accuracy: n ? correct / n : 0, flopsPerQuestion: n ? flops / n : 0, tokensPerQuestion: n ? tokens / n : 0 },
    problems: results,
  };
  const text = JSON.stringify(report, (_k, v) => (v === Infinity ? 'Infinity' : v), 2);
  if (values.out) writeText(values.out as string, text + '\n');
  else out(text);
}
