/**
 * `plan --budget 1e14`: the compute-optimal choice at a budget per question (src/search/planner.ts)
 * over a sweep run exactly as `sweep` runs it (sim or --trace/--bundle), and the fitted scaling law
 * of every curve (src/search/scaling-law.ts) with its held-out error.
 */
import { conventionLabel, formatFlops } from '../../search/compute';
import { parsePrices, priceAxis } from '../../search/cost-axes';
import { oracleCurves } from '../../search/oracle';
import { planBudget, type Plan, type PlanChoice } from '../../search/planner';
import { LAW_FORM, type BootstrapFit, type HeldOut } from '../../search/scaling-law';
import { SWEEP_STRATEGY_LABELS } from '../../search/strategies/index';
import { describeFit, fitSweep, type LawCurveFit, type PlanAxis } from '../../search/sweep-fits';
import { modelLabel } from '../../sim/index';
import { choice, intOption, listOption, parse, UsageError } from '../args';
import { writeText } from '../io';
import { cliLimits, type CliLimit } from '../plan-limits';
import { sourceHelp } from '../sources';
import { runCliSweep, sweepHeading, sweepOptions } from './sweep';

export const planHelp = `Usage: npm run cli -- plan --budget 1e14[,1e15,…] [options]

Runs a sweep (the same options and defaults as \`sweep\`) and prints, at each budget per question,
the best measured model × strategy × n (accuracy with its 95% interval), the runner-up (the best
of another model × strategy), and how many times more compute the cheapest sampling strategy
(majority, best-of-N or weighted majority, any model) needs for the same accuracy. Then the fitted
law ${LAW_FORM} of every curve with 95% bootstrap intervals, and its error at the largest budget
when fitted without it; majority voting is also fitted with a = its Theorem-1 limit. With
sub-sampled sampling strategies, each model's pass@n (any of the n solutions correct) too.

  --budget LIST      budgets per question, e.g. 1e14 or 1e13,1e14,1e15 (required)
  --axis A           flops (default: FLOPs per question under --convention), tokens
                     (generated tokens per question) or dollars (generated tokens × --prices)
  --prices LIST      with --axis dollars: USD per million generated tokens for every model,
                     e.g. sim-7B=0.2,sim-34B=0.8 (prompt tokens are not charged)
  --iterations N     bootstrap resamples per fit (default 200; 0 = no intervals)
  --no-limits        do not compute the majority-voting limits (no asymptote-fixed fits)
  --no-fits          only the plan
  --json FILE        write the plans and fits as JSON
Sweep (as \`sweep --help\`): --models --strategies --budgets --seeds --no-subsample --vote-rule
  --convention --quiet
${sourceHelp}`;

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const who = (c: Pick<PlanChoice, 'model' | 'strategy'>) => `${SWEEP_STRATEGY_LABELS[c.strategy]} · ${modelLabel(c.model)}`;

/** A budget number: 1e14, 100000000000000 or 2.5e13; positive and finite. */
export function budgetOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--budget must be positive numbers such as 1e14 (got "${value}")`);
  return n;
}

export async function plan(argv: string[], out: (s: string) => void): Promise<void> {
  const { values } = parse('plan', argv, {
    ...sweepOptions, budget: { type: 'string' }, axis: { type: 'string' }, iterations: { type: 'string' },
    'no-limits': { type: 'boolean' }, 'no-fits': { type: 'boolean' }, json: { type: 'string' }, prices: { type: 'string' },
  });
  if (values.help) return out(planHelp);
  if (values.budget === undefined) throw new UsageError('plan needs --budget, e.g. --budget 1e14 (FLOPs per question)');
  const budgets = listOption(values.budget as string, []).map(budgetOption);
  if (budgets.length === 0) throw new UsageError('--budget is empty: give e.g. 1e14');
  const axisName = choice('axis', values.axis as string | undefined, ['flops', 'tokens', 'dollars'] as const, 'flops');
  let prices: Record<string, number> | null = null;
  if (axisName === 'dollars') {
    if (values.prices === undefined) throw new UsageError('--axis dollars needs --prices, e.g. --prices sim-7B=0.2,sim-34B=0.8 (USD per million generated tokens)');
    try {
      prices = parsePrices(values.prices as string);
    } catch (e) {
      throw new UsageError(`--prices: ${(e as Error).message}`);
    }
  } else if (values.prices !== undefined) throw new UsageError('--prices applies to --axis dollars');
  // Dollars re-cost the points (generated tokens × price) and are planned like FLOPs.
  const axis: PlanAxis = axisName === 'tokens' ? 'tokens' : 'flops';
  const iterations = intOption('iterations', values.iterations as string | undefined, 200, 0, 100_000);

  const sweep = await runCliSweep(values);
  if (prices) {
    const missing = sweep.spec.models.filter((m) => prices![m] === undefined);
    if (missing.length) throw new UsageError(`--prices has no price for ${missing.join(', ')}`);
    sweep.points = priceAxis(sweep.points, prices);
  }
  const limits: CliLimit[] = values['no-limits'] || !sweep.spec.strategies.includes('majority') ? [] : cliLimits(sweep.source, sweep.spec.models, sweep.source.problems);
  const fits = fitSweep({ points: sweep.points, cells: sweep.cells, limits }, { axis, iterations });
  const plans = budgets.map((b) => planBudget({ points: sweep.points }, b, axis, { fits }));
  const unit = axisName === 'tokens' ? 'tokens' : axisName === 'dollars' ? '' : 'FLOPs';
  const amount = (v: number) => (axisName === 'tokens' ? v.toFixed(0) : axisName === 'dollars' ? `$${Number(v.toPrecision(3))}` : formatFlops(v));

  out(sweepHeading(sweep));
  const costText = axisName === 'tokens' ? 'generated tokens per question'
    : axisName === 'dollars' ? `USD per question = generated tokens × price (${Object.entries(prices!).map(([m, v]) => `${m} $${v}/M`).join(', ')})`
      : `FLOPs per question, ${conventionLabel(sweep.convention)}`;
  out(`Cost: ${costText}; accuracy with 95% interval`);
  for (const p of plans) out('\n' + planBlock(p, unit, amount));
  const oracle = oracleCurves(sweep.points, sweep.cells);
  if (oracle.length) {
    out('\npass@n, the oracle ceiling (any of the n sampled solutions correct):');
    for (const m of sweep.spec.models) {
      const row = oracle.filter((o) => o.model === m);
      if (row.length) out(`  ${modelLabel(m)}: ${row.map((o) => `n = ${o.budget} ${pct(o.passAtN)}`).join(', ')}`);
    }
  }
  if (!values['no-fits']) {
    out('');
    out(fitTable(fits, limits, amount, iterations));
  }
  if (values.json) writeText(values.json as string, JSON.stringify({ axis: axisName, ...(prices ? { prices } : {}), convention: conventionLabel(sweep.convention), limits, plans: plans.map(stripPoints), fits: fits.map(fitJson), oracle }, null, 1) + '\n');
}

/** One budget's plan as a few aligned lines. */
export function planBlock(p: Plan, unit: string, amount: (v: number) => string): string {
  const head = `≤ ${amount(p.budget)}${unit ? ` ${unit}` : ''} per question (${p.candidates} measured points within)`;
  if (!p.best) return `${head}\n  nothing measured costs this little`;
  const line = (c: PlanChoice) => `${who(c)}, n = ${c.n}: ${pct(c.accuracy)} [${pct(c.lo)}, ${pct(c.hi)}] at ${amount(c.cost)}`;
  const rows = [head, `  best       ${line(p.best)}`];
  rows.push(p.runnerUp ? `  runner-up  ${line(p.runnerUp)}${p.overlap ? ' (intervals overlap)' : ''}` : '  runner-up  none (one model × strategy fits the budget)');
  const s = p.savings;
  if (!s?.baseline || s.ratio === null) rows.push(`  saving     no sampling curve reaches ${pct(p.best.accuracy)}, measured or by its fitted law within a decade of its largest budget`);
  else if (s.baseline.model === p.best.model && s.baseline.strategy === p.best.strategy) rows.push('  saving     none: the best is itself the cheapest sampling strategy');
  else if (s.ratio < 1) rows.push(`  saving     none: ${who(s.baseline)} reaches ${pct(p.best.accuracy)} with less, ${amount(s.baseline.cost)}${s.baseline.extrapolated ? ' (by its fitted law)' : ' (between two of its measured budgets)'}`);
  else {
    const how = s.baseline.extrapolated ? ' (by its fitted law, beyond its measured budgets)' : '';
    rows.push(`  saving     ${s.ratio.toFixed(s.ratio < 10 ? 2 : 1)}× — the cheapest sampling curve to ${pct(p.best.accuracy)}, ${who(s.baseline)}, needs ${amount(s.baseline.cost)}${how}`);
  }
  return rows.join('\n');
}

function held(h: HeldOut | null): string {
  if (!h) return '—';
  return `${h.predicted.map((v, i) => `${pct(v)} vs ${pct(h.actual[i])}`).join(', ')} (|err| ${(h.mae * 100).toFixed(1)} pts)`;
}

function fitTable(fits: readonly LawCurveFit[], limits: readonly CliLimit[], amount: (v: number) => string, iterations: number): string {
  const rows: string[][] = [];
  const row = (f: LawCurveFit, b: BootstrapFit, kind: string, h: HeldOut | null) => {
    const d = describeFit(b.fit, b.samples);
    const iv = (k: 'a' | 'b' | 'c', digits: number, scale = 1) => `${(d[k].value * scale).toFixed(digits)}${d[k].lo === null ? '' : ` [${(d[k].lo! * scale).toFixed(digits)}, ${(d[k].hi! * scale).toFixed(digits)}]`}`;
    rows.push([modelLabel(f.model), SWEEP_STRATEGY_LABELS[f.strategy], kind, b.fit.fixedAsymptote ? `${pct(b.fit.params.a)} (fixed)` : iv('a', 1, 100) + '%', iv('b', 3), iv('c', 2), amount(b.fit.c0), (b.fit.rmse * 100).toFixed(2), held(h)]);
  };
  for (const f of fits) {
    row(f, f.free, 'free', f.heldOut);
    if (f.limit) row(f, f.limit, 'Thm-1 limit', f.heldOutLimit);
  }
  const head = ['model', 'strategy', 'asymptote', 'a', 'b', 'c', 'C0', 'rmse pts', 'held-out largest n: fit vs measured'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const lim = limits.map((l) => `${modelLabel(l.model)} ${pct(l.majority)} (${l.method === 'exact' ? 'exact, sim' : `estimated from ≥ ${l.samples} samples per problem`})`).join('; ');
  return [
    `Fitted laws ${LAW_FORM}, least squares; [95% bootstrap over problems, ${iterations} resamples]; C0 = the curve's cheapest budget`,
    ...(lim ? [`Majority-voting limits (Theorem 1): ${lim}`] : []),
    '', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line),
  ].join('\n');
}

const stripPoints = (p: Plan) => {
  const strip = (c: PlanChoice | null) => (c ? { model: c.model, strategy: c.strategy, n: c.n, accuracy: c.accuracy, lo: c.lo, hi: c.hi, cost: c.cost } : null);
  return { ...p, best: strip(p.best), runnerUp: strip(p.runnerUp) };
};

const fitJson = (f: LawCurveFit) => ({
  model: f.model, strategy: f.strategy, axis: f.axis, range: f.range,
  free: { ...f.free.fit, intervals: describeFit(f.free.fit, f.free.samples) }, heldOut: f.heldOut,
  limit: f.limit ? { ...f.limit.fit, intervals: describeFit(f.limit.fit, f.limit.samples) } : null, heldOutLimit: f.heldOutLimit,
});
