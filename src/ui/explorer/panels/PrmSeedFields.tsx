/**
 * The sim PRM's quality (with its measured AUROC) and the run's seed.
 */
import { PRM_PRESETS, PRM_PRESET_LABELS, SIM_PRM, type PrmSetting } from '../../../sim/index';
import { prmModelFor } from '../../../state/catalog';
import { explorer } from '../../../state/explorer-actions';
import { selectParams, useExplorer, type PrmChoice } from '../../../state/explorer-store';
import { parseWhole, SEED_MAX } from '../../../state/url-values';
import { rewardNeed } from '../../../state/live-reward';
import { NumberField, SelectField, type Choice } from './fields';
import { useAuroc } from './useAuroc';

const PRESETS = Object.keys(PRM_PRESETS) as (keyof typeof PRM_PRESETS)[];

/** PRM quality for the sim (weak / default / strong / none, each with its AUROC); a note for bundles. */
export function PrmField() {
  const params = useExplorer(selectParams);
  const custom = typeof params.prm === 'number' ? params.prm : null;
  const settings: PrmSetting[] = custom === null ? PRESETS : [...PRESETS, custom];
  const auroc = useAuroc(settings);
  if (params.source.kind === 'live') {
    const prm = prmModelFor(params);
    return <p className="if-field-hint" data-testid="prm-note">PRM: {prm ? `${prm.name} (live)` : 'none — add one in the Backends panel for REBASE, beam, MCTS and PRM votes'}</p>;
  }
  if (params.source.kind !== 'sim') {
    const prm = prmModelFor(params);
    return <p className="if-field-hint">PRM: {prm ? `${prm.name}, rewards as recorded in the trace` : 'none recorded in this trace'}</p>;
  }
  const label = (s: PrmSetting) => {
    const a = auroc(s);
    return a === undefined ? 'AUROC …' : Number.isNaN(a) ? 'AUROC n/a' : `AUROC ${a.toFixed(2)}`;
  };
  // Turning the PRM off would leave the current strategy without the rewards it needs.
  const need = rewardNeed(params.spec);
  const choices: Choice<string>[] = [
    ...PRESETS.map((p) => ({ value: p, label: `${PRM_PRESET_LABELS[p]} — ${label(p)}` })),
    ...(custom === null ? [] : [{ value: String(custom), label: `quality ${custom} — ${label(custom)}` }]),
    { value: 'none', label: 'none (no PRM)', disabled: need ?? undefined },
  ];
  return (
    <SelectField
      label="PRM quality"
      value={String(params.prm)}
      choices={choices}
      onChange={(v) => explorer.setParams({ prm: (v === 'none' || v in PRM_PRESETS ? v : Number(v)) as PrmChoice })}
      hint={params.prm === 'none' ? 'No PRM: greedy and majority voting only.' : `${SIM_PRM.name} (simulated); step-level AUROC on sim-7B samples`}
    />
  );
}

/** A random 32-bit seed (UI only: runs themselves never use Math.random). */
function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/** The run's seed: a number field plus a "New seed" button. */
export function SeedField() {
  const { seed } = useExplorer(selectParams);
  const commit = (text: string) => {
    const p = parseWhole(text, 0, SEED_MAX);
    if (!p.ok) return p.reason;
    explorer.setParams({ seed: p.value });
    return null;
  };
  return (
    <div className="if-seed">
      <NumberField key={seed} label="Seed" value={seed} commit={commit} />
      <button type="button" className="if-btn" onClick={() => explorer.setParams({ seed: freshSeed() })}>
        New seed
      </button>
    </div>
  );
}
