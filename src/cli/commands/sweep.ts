import { DEFAULT_VOTE_RULE, VOTE_RULE_LABEL, VOTE_RULES, type VoteRule } from '../../search/aggregate';
import { conventionFromId, conventionLabel, formatFlops, PAPER_CONVENTION, type FlopsConvention } from '../../search/compute';
import { isSweepStrategy, SWEEP_STRATEGIES, type SweepStrategy } from '../../search/strategies/index';
import { runUnit, splitSweep, type SweepCell, type SweepSpec } from '../../search/sweep';
import { summarize, type SweepPoint } from '../../search/sweep-summary';
import { hypotheticalNote, HYPOTHETICAL_MODELS, modelLabel, SIM_MODELS } from '../../sim/index';
import { intOption, listOption, parse, UsageError, type Parsed } from '../args';
import { toCsv, writeText } from '../io';
import { resolveSource, sourceHelp, sourceOptions, type Source } from '../sources';

export const DEFAULT_BUDGETS = [1, 2, 4, 8, 16, 32];
export const DEFAULT_SWEEP_PROBLEMS = 200;

export const sweepHelp = `Usage: npm run cli -- sweep [options]

Runs models × strategies × budgets × problems × seeds and prints, per point, accuracy (95%
interval) and mean FLOPs and tokens per question. Sim numbers are simulated.

  --models IDS       comma-separated policy models (default: the sim ladder ${SIM_MODELS.map((m) => m.id).join(', ')};
                     ${HYPOTHETICAL_MODELS.join(' and ')} are hypothetical, extrapolated: no measured target)
  --strategies LIST  any of ${SWEEP_STRATEGIES.join(', ')} (default: all)
  --budgets LIST     budgets n, e.g. 1,2,4,8,16,32 (default); greedy runs once. MCTS gets 8·n nodes.
  --seeds LIST       seeds (default 0); several seeds give bootstrap intervals over problems
  --no-subsample     a fresh run per budget for the sampling strategies (default: one pool of
                     max(budgets) per problem, sub-sampled for every n, as the paper does)
  --vote-rule RULE   official (default: a tie goes to the answer first to reach the winning
                     total, unanswered solutions vote as [invalid], as math_evaluate.py does) or
                     first-vote (ties to the answer voted first, unanswered solutions dropped)
  --convention C     paper (default), prefill, prm or prefill+prm (see docs/compute.md)
  --json FILE        write points and cells as JSON
  --csv FILE         write the points as CSV
  --quiet            no progress on stderr
${sourceHelp}
Defaults: ${DEFAULT_SWEEP_PROBLEMS} sim problems (40 per level).`;

/** The options `sweep` and `plan` share (what to sweep and how). */
export const sweepOptions = {
  ...sourceOptions, models: { type: 'string' }, strategies: { type: 'string' }, budgets: { type: 'string' },
  seeds: { type: 'string' }, 'no-subsample': { type: 'boolean' }, 'vote-rule': { type: 'string' }, convention: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

/** A finished sweep of the command line, with what it ran on. */
export interface CliSweep {
  source: Source;
  spec: SweepSpec;
  convention: FlopsConvention;
  voteRule: VoteRule;
  points: SweepPoint[];
  cells: SweepCell[];
  seconds: number;
}

/** Validate the shared sweep options and run the sweep (progress on stderr unless --quiet). */
export async function runCliSweep(values: Parsed['values']): Promise<CliSweep> {
  const source = resolveSource(values, DEFAULT_SWEEP_PROBLEMS);
  const models = listOption(values.models as string | undefined, source.models);
  for (const m of models) if (!source.models.includes(m)) throw new UsageError(`--models: "${m}" is not available (models: ${source.models.join(', ')})`);
  const strategies = listOption(values.strategies as string | undefined, [...SWEEP_STRATEGIES]);
  for (const s of strategies) if (!isSweepStrategy(s)) throw new UsageError(`--strategies: unknown strategy "${s}" (strategies: ${SWEEP_STRATEGIES.join(', ')})`);
  const budgets = listOption(values.budgets as string | undefined, DEFAULT_BUDGETS.map(String)).map((b) => intOption('budgets', b, 1, 1, 4096));
  const seeds = listOption(values.seeds as string | undefined, ['0']).map((s) => intOption('seeds', s, 0, 0, 2 ** 32 - 1));
  const convention = values.convention === undefined ? PAPER_CONVENTION : conventionFromId(values.convention as string);
  if (!convention) throw new UsageError(`--convention must be paper, prefill, prm or prefill+prm (got "${values.convention}")`);

  const votes = values['vote-rule'] === undefined ? DEFAULT_VOTE_RULE : (values['vote-rule'] as string);
  if (!(VOTE_RULES as readonly string[]).includes(votes)) throw new UsageError(`--vote-rule must be ${VOTE_RULES.join(' or ')} (got "${votes}")`);
  const voteRule = votes as VoteRule;

  const spec: SweepSpec = { models, strategies: strategies as SweepStrategy[], budgets, problems: source.problems, seeds, subsample: !values['no-subsample'], voteRule };
  const units = splitSweep(spec);
  const cells: SweepCell[] = [];
  const started = performance.now();
  const progress = !values.quiet && process.stderr.isTTY !== undefined;
  for (let i = 0; i < units.length; i++) {
    cells.push(...(await runUnit(units[i], source.backendFor)));
    if (progress) {
      const done = (i + 1) / units.length;
      const elapsed = (performance.now() - started) / 1000;
      const bar = '#'.repeat(Math.round(done * 30)).padEnd(30, '.');
      process.stderr.write(`\r[${bar}] ${(done * 100).toFixed(0).padStart(3)}%  ${elapsed.toFixed(1)} s, eta ${((elapsed / done) * (1 - done)).toFixed(1)} s `);
    }
  }
  if (progress) process.stderr.write('\n');
  const points = summarize(cells, { convention, policyParams: source.policyParams, prmParams: source.prmParams });
  return { source, spec, convention, voteRule, points, cells, seconds: (performance.now() - started) / 1000 };
}

/** The first line of a sweep's printout: where its numbers come from. */
export function sweepHeading({ source, spec }: Pick<CliSweep, 'source' | 'spec'>): string {
  return `${source.kind === 'sim' ? 'Simulated world' : `Bundle ${source.path}`} — ${source.problems.length} problems × ${spec.seeds.length} seed(s); PRM: ${source.prmLabel}`;
}

export async function sweep(argv: string[], out: (s: string) => void): Promise<void> {
  const { values } = parse('sweep', argv, { ...sweepOptions, json: { type: 'string' }, csv: { type: 'string' } });
  if (values.help) return out(sweepHelp);
  const { source, spec, convention, voteRule, points, cells, seconds } = await runCliSweep(values);

  out(sweepHeading({ source, spec }));
  out(`${conventionLabel(convention)}; accuracy with 95% interval; ${spec.subsample ? 'sampling strategies sub-sample one pool per problem' : 'a fresh run per budget'}; vote ties: ${VOTE_RULE_LABEL[voteRule]}`);
  out('');
  out(table(points));
  const note = hypotheticalNote(spec.models);
  if (note) out(note);
  out('');
  out(`${cells.length} runs in ${seconds.toFixed(2)} s`);
  if (values.json) writeText(values.json as string, JSON.stringify({ spec: { ...spec, problems: source.problems.map((p) => p.id) }, convention: conventionLabel(convention), points, cells }, null, 1) + '\n');
  if (values.csv) writeText(values.csv as string, toCsv(points.map((p) => ({ ...p }))));
}

function table(points: SweepPoint[]): string {
  const rows = points.map((p) => [
    modelLabel(p.model), p.strategy, String(p.budget), `${(p.accuracy * 100).toFixed(1)}%`,
    `[${(p.lo * 100).toFixed(1)}, ${(p.hi * 100).toFixed(1)}]`, formatFlops(p.flops), p.tokens.toFixed(0),
    p.incomplete ? String(p.incomplete) : '',
  ]);
  const head = ['model', 'strategy', 'n', 'accuracy', '95% CI', 'FLOPs/q', 'tokens/q', 'incomplete'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
