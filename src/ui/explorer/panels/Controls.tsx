/**
 * The Explorer's control column: where problems come from, which problem, which policy model and
 * PRM, the seed, and the strategy with its parameters. Every change goes to `explorer.setParams`
 * (or `explorer.loadFixture` for a shipped trace not loaded yet).
 */
import { paramsLabel, PARAMS_NOTE } from '../../../search/models';
import { bundleFor, FIXTURES, modelsFor } from '../../../state/catalog';
import { explorer } from '../../../state/explorer-actions';
import { selectLoading, selectParams, useExplorer, type SourceRef } from '../../../state/explorer-store';
import { selectServers, useLive } from '../../../state/live-store';
import { formatSource, parseExplorerSource } from '../../../state/url-values';
import { LoadTraceButton } from './BundleLoader';
import { SelectField, type Choice } from './fields';
import { LivePanel } from './LivePanel';
import { BackendsButton } from '../../backends/BackendsPanel';
import { LibraryButton } from '../../library/LibraryPanel';
import { PrmField, SeedField } from './PrmSeedFields';
import { ProblemPicker } from './ProblemPicker';
import { StrategyForm } from './StrategyForm';

/**
 * A loaded source is switched to at once (it starts at its first model and problem); a shipped
 * trace not loaded yet is fetched first; a live server starts a live run (recorded).
 */
function chooseSource(value: string): void {
  const parsed = parseExplorerSource(value);
  if (!parsed.ok) return;
  const source: SourceRef = parsed.value;
  if (source.kind === 'fixture' && !bundleFor(source)) void explorer.loadFixture(source.name);
  else if (source.kind === 'live') explorer.runLive(source.id);
  else if (source.kind === 'recording' && !bundleFor(source)) void explorer.openRecording(source.id);
  else explorer.setParams({ source });
}

function SourceField() {
  const { source } = useExplorer(selectParams);
  const loading = useExplorer(selectLoading);
  const servers = useLive(selectServers);
  const choices: Choice<string>[] = [
    { value: 'sim', label: 'Built-in simulation' },
    ...FIXTURES.map((f) => ({ value: `fixture:${f.name}`, label: `Trace: ${bundleFor({ kind: 'fixture', name: f.name })?.title ?? f.name}` })),
    ...servers.map((s) => ({ value: `live:${s.id}`, label: `Live: ${s.name} (${s.model})` })),
  ];
  if (source.kind === 'file') choices.push({ value: formatSource(source), label: `File: ${source.name}` });
  if (source.kind === 'recording') choices.push({ value: formatSource(source), label: `Recording: ${bundleFor(source)?.title ?? source.id}` });
  if (source.kind === 'live' && !servers.some((s) => s.id === source.id)) choices.push({ value: formatSource(source), label: `Live: ${source.id}`, disabled: 'not configured' });
  const bundle = bundleFor(source);
  const hint = loading ?? (source.kind === 'sim'
    ? 'Simulated problems, models and PRM: numbers are labelled "simulated".'
    : source.kind === 'live' ? 'A live server: every run is recorded into the Library as it goes.'
      : bundle ? `${bundle.title} · ${bundle.source === 'sim' ? 'simulated' : bundle.source} · ${bundle.problems.length} problem${bundle.problems.length === 1 ? '' : 's'}` : 'Loading…');
  return (
    <>
      <SelectField label="Data source" value={formatSource(source)} choices={choices} onChange={chooseSource} hint={hint} />
      <LoadTraceButton />
      <div className="if-live-actions">
        <BackendsButton />
        <LibraryButton />
      </div>
    </>
  );
}

function ModelField() {
  const { source, model } = useExplorer(selectParams);
  const models = modelsFor(source);
  const choices: Choice<string>[] = models.map((m) => ({ value: m.id, label: `${m.name} — ${paramsLabel(m.params)} params` }));
  if (!models.some((m) => m.id === model)) choices.unshift({ value: model, label: model || '(none)', disabled: 'not in this source' });
  const picked = models.find((m) => m.id === model);
  const note = picked ? [picked.note, `parameters: ${PARAMS_NOTE}`].filter(Boolean).join('; ') : undefined;
  return <SelectField label="Policy model" value={model} choices={choices} onChange={(id) => explorer.setParams({ model: id })} hint={note} />;
}

/**
 * The whole control column; no props. Fieldsets group "Problem" (source, problem), "Models"
 * (policy, PRM, seed) and "Strategy" (StrategyForm).
 */
export function Controls() {
  return (
    <section className="if-panel if-controls" aria-label="Controls">
      <fieldset className="if-fieldset">
        <legend>Problem</legend>
        <SourceField />
        <LivePanel />
        <ProblemPicker />
      </fieldset>
      <fieldset className="if-fieldset">
        <legend>Models</legend>
        <ModelField />
        <PrmField />
        <SeedField />
      </fieldset>
      <StrategyForm />
    </section>
  );
}
