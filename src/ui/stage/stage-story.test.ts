/**
 * Issue 12's "early points that do not lie", at the end of the Stage's default sweep: with the
 * problems and seeds the Stage runs by default, each curve the chart can show — the four loud
 * ones (the panes' REBASE and MCTS, weighted and plain majority) and the dimmed rest — never falls
 * by more than its 95 % bands allow from one budget to the next, and every point is solid.
 * If the world or the default sweep changes so that a curve dips outside its bands, the Stage
 * would show a story its own numbers do not support, and this fails.
 */
import { describe, expect, it } from 'vitest';
import { runUnit, splitSweep, type BackendFactory, type SweepCell } from '../../search/sweep';
import { summarize, type SweepPoint } from '../../search/sweep-summary';
import { SimBackend, simProblem, type SimModelId } from '../../sim/index';
import { DEFAULT_SETUP } from '../../state/scaling-store';
import { sweepRequestOf } from '../../state/scaling-setup';
import { pointState } from '../scaling/chart/chart-focus';
import { STORY_STRATEGIES } from './StageChart';

describe('the Stage\'s default sweep tells a story its bands support', () => {
  it('has no curve that drops outside its 95 % intervals, and no provisional point at the end', async () => {
    const req = sweepRequestOf(DEFAULT_SETUP);
    const spec = { models: req.models, strategies: req.strategies, budgets: req.budgets, problems: req.problemIds.map(simProblem), seeds: req.seeds, subsample: req.subsample };
    const backends = new Map<string, SimBackend>();
    const factory: BackendFactory = (model) => {
      if (!backends.has(model)) backends.set(model, new SimBackend({ policy: model as SimModelId, prm: req.source.kind === 'sim' ? req.source.prm : 'default' }));
      return backends.get(model)!;
    };
    const cells: SweepCell[] = [];
    for (const unit of splitSweep(spec)) cells.push(...(await runUnit(unit, factory)));
    const points = summarize(cells);
    const curves = new Map<string, SweepPoint[]>();
    for (const p of points) {
      const k = `${p.model} ${p.strategy}`;
      curves.set(k, [...(curves.get(k) ?? []), p]);
    }
    // The story's curves are among them, on both models the Stage's sweep runs.
    for (const m of ['sim-7B', 'sim-34B']) for (const s of [...STORY_STRATEGIES, 'rebase', 'mcts']) expect(curves.has(`${m} ${s}`)).toBe(true);
    const outside: string[] = [];
    for (const [k, list] of curves) {
      const sorted = [...list].sort((a, b) => a.budget - b.budget);
      for (const p of sorted) expect(pointState(p, req.problemIds.length)).toBe('solid');
      for (let i = 1; i < sorted.length; i++) {
        const a = sorted[i - 1]!, b = sorted[i]!;
        if (b.accuracy < a.accuracy && (b.hi < a.accuracy || a.lo > b.accuracy)) outside.push(`${k}: n=${a.budget} ${a.accuracy} → n=${b.budget} ${b.accuracy}`);
      }
    }
    expect(outside).toEqual([]);
  }, 60_000);
});
