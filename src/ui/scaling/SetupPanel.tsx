/**
 * The sweep setup column: preset, source, models, strategies, budgets, then the problems, seeds,
 * sampling and PRM (SetupProblems.tsx). Every change goes to `scaling.setSetup` (which checks it,
 * cancels the running sweep and restarts after a short debounce) or `scaling.applyPreset`.
 */
import { paramsLabel, PARAMS_NOTE } from '../../search/models';
import { SWEEP_STRATEGIES, type SweepStrategy } from '../../search/strategies/index';
import { bundleFor, FIXTURES, modelsFor } from '../../state/catalog';
import { selectParams, useExplorer, type SourceRef } from '../../state/explorer-store';
import { scaling } from '../../state/scaling-actions';
import { presetById, presetOf, PRESETS, type PresetId } from '../../state/scaling-presets';
import { BUDGETS, selectSetup, useScaling } from '../../state/scaling-store';
import { formatSource, parseSource } from '../../state/url-values';
import { SelectField, type Choice } from '../explorer/panels/fields';
import { strategyLabel } from './chart/chart-style';
import { SetupProblems } from './SetupProblems';
import { ToggleGroup, type ToggleOption } from './ToggleGroup';

const CUSTOM = 'custom';

function PresetField() {
  const setup = useScaling(selectSetup);
  const current = presetOf(setup);
  const choices: Choice<string>[] = PRESETS.map((p) => ({ value: p.id, label: p.label }));
  if (!current) choices.push({ value: CUSTOM, label: 'Custom', disabled: 'edited' });
  const hint = current ? presetById(current).description : 'Your own setup: pick a preset to start again from one.';
  return <SelectField label="Preset" value={current ?? CUSTOM} choices={choices} onChange={(id) => id !== CUSTOM && scaling.applyPreset(id as PresetId)} hint={hint} />;
}

/** The sim, the shipped traces, and a file the Explorer has loaded in this page. */
function SourceField() {
  const { source } = useScaling(selectSetup);
  const explorerSource = useExplorer(selectParams).source;
  const choices: Choice<string>[] = [
    { value: 'sim', label: 'Built-in simulation' },
    ...FIXTURES.map((f) => ({ value: `fixture:${f.name}`, label: `Trace: ${bundleFor({ kind: 'fixture', name: f.name })?.title ?? f.name}` })),
  ];
  for (const s of [explorerSource, source]) {
    if (s.kind === 'file' && bundleFor(s) && !choices.some((c) => c.value === formatSource(s))) choices.push({ value: formatSource(s), label: `File: ${s.name}` });
  }
  const bundle = bundleFor(source);
  const hint = source.kind === 'sim'
    ? 'Simulated problems, models and PRM: every number is labelled "simulated".'
    : bundle ? `${bundle.title} · replayed from recorded samples` : 'Loading…';
  const choose = (value: string) => {
    const parsed = parseSource(value);
    if (parsed.ok) scaling.setSetup({ source: parsed.value as SourceRef });
  };
  return <SelectField label="Data source" value={formatSource(source)} choices={choices} onChange={choose} hint={hint} />;
}

const STRATEGY_OPTIONS: ToggleOption<SweepStrategy>[] = SWEEP_STRATEGIES.map((s) => ({ value: s, label: strategyLabel(s) }));
const BUDGET_OPTIONS: ToggleOption<number>[] = BUDGETS.map((b) => ({ value: b, label: String(b), name: `n = ${b}` }));

/** The whole setup column; no props. */
export function SetupPanel() {
  const setup = useScaling(selectSetup);
  const models = modelsFor(setup.source);
  const modelOptions: ToggleOption<string>[] = models.map((m) => ({ value: m.id, label: m.name, title: `${paramsLabel(m.params)} parameters (${PARAMS_NOTE})${m.note ? ` — ${m.note}` : ''}` }));
  return (
    <section className="if-panel if-controls if-setup" aria-label="Sweep setup">
      <PresetField />
      <SourceField />
      <ToggleGroup legend="Models" options={modelOptions} selected={setup.models} columns onChange={(next) => scaling.setSetup({ models: next })} testId="setup-models" />
      <ToggleGroup
        legend="Strategies" options={STRATEGY_OPTIONS} selected={setup.strategies} columns
        onChange={(next) => scaling.setSetup({ strategies: next })} testId="setup-strategies"
        hint="Aggregation is part of the name: majority, best-of-N and weighted majority all sample n solutions."
      />
      <ToggleGroup
        legend="Budgets n" options={BUDGET_OPTIONS} selected={setup.budgets} compact
        onChange={(next) => scaling.setSetup({ budgets: next })} testId="setup-budgets"
        hint="Solutions, beams or REBASE width; MCTS gets 8·n generated nodes. The x-axis is measured FLOPs."
      />
      <SetupProblems />
    </section>
  );
}
