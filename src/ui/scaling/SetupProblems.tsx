/**
 * The lower half of the setup column: which problems (levels and count), which seeds, whether
 * sampling strategies sub-sample one pool, and the sim PRM's quality.
 */
import { VOTE_RULE_LABEL, type VoteRule } from '../../search/aggregate';
import { PRM_PRESETS, PRM_PRESET_LABELS, type PrmSetting } from '../../sim/index';
import { scaling } from '../../state/scaling-actions';
import { availableProblems } from '../../state/scaling-setup';
import { LEVELS, MAX_COUNT, MAX_SEEDS, selectSetup, useScaling } from '../../state/scaling-store';
import { parseWhole, SEED_MAX } from '../../state/url-values';
import { CheckField, NumberField, SelectField, type Choice } from '../explorer/panels/fields';
import { TextField } from '../common/TextField';
import { ToggleGroup, type ToggleOption } from './ToggleGroup';

const VOTE_RULE_CHOICES: Choice<VoteRule>[] = [
  { value: 'official', label: `${VOTE_RULE_LABEL.official} (default)` },
  { value: 'first-vote', label: VOTE_RULE_LABEL['first-vote'] },
];

const LEVEL_OPTIONS: ToggleOption<number>[] = LEVELS.map((l) => ({ value: l, label: String(l), name: `level ${l}` }));
const PRESET_NAMES = Object.keys(PRM_PRESETS) as (keyof typeof PRM_PRESETS)[];

/** "0, 1, 2" → [0, 1, 2], or why not. */
function parseSeeds(text: string): { seeds: number[] } | { error: string } {
  const parts = text.split(/[\s,]+/).filter((x) => x !== '');
  if (parts.length === 0) return { error: 'at least one seed' };
  if (parts.length > MAX_SEEDS) return { error: `at most ${MAX_SEEDS} seeds` };
  const seeds: number[] = [];
  for (const p of parts) {
    const s = parseWhole(p, 0, SEED_MAX);
    if (!s.ok) return { error: `"${p}": ${s.reason}` };
    seeds.push(s.value);
  }
  return { seeds };
}

export function SetupProblems() {
  const setup = useScaling(selectSetup);
  const available = availableProblems(setup.source, setup.levels);
  const commitCount = (text: string) => {
    const n = parseWhole(text, 1, Math.min(MAX_COUNT, available));
    if (!n.ok) return n.reason;
    return scaling.setSetup({ count: n.value }) ? null : 'not applied (see the notice)';
  };
  const commitSeeds = (text: string) => {
    const parsed = parseSeeds(text);
    if ('error' in parsed) return parsed.error;
    return scaling.setSetup({ seeds: parsed.seeds }) ? null : 'not applied (see the notice)';
  };
  const prmChoices: Choice<string>[] = PRESET_NAMES.map((p) => ({ value: p, label: `${PRM_PRESET_LABELS[p]}, quality ${PRM_PRESETS[p]}` }));
  if (typeof setup.prm === 'number') prmChoices.push({ value: String(setup.prm), label: `quality ${setup.prm}` });
  const choosePrm = (v: string) => scaling.setSetup({ prm: (v in PRM_PRESETS ? v : Number(v)) as PrmSetting });
  return (
    <>
      <fieldset className="if-fieldset">
        <legend>Problems</legend>
        <ToggleGroup legend="Levels" options={LEVEL_OPTIONS} selected={setup.levels} compact onChange={(next) => scaling.setSetup({ levels: next })} testId="setup-levels" />
        <NumberField key={`${setup.count}/${available}`} label="Count" value={setup.count} commit={commitCount} hint={`of ${available}, spread evenly over the levels`} />
      </fieldset>
      <fieldset className="if-fieldset">
        <legend>Seeds and sampling</legend>
        <TextField key={setup.seeds.join(',')} label="Seeds" value={setup.seeds.join(', ')} commit={commitSeeds} hint="Each seed reruns the whole sweep; with several, intervals bootstrap over problems." />
        <CheckField label="Sub-sample one pool per problem" checked={setup.subsample} onChange={(on) => scaling.setSetup({ subsample: on })} />
        <SelectField
          label="Vote ties"
          value={setup.voteRule ?? 'official'}
          choices={VOTE_RULE_CHOICES}
          hint="official: as the official evaluation, a tie goes to the answer first to reach the winning total, and unanswered solutions vote as [invalid]"
          onChange={(v) => scaling.setSetup({ voteRule: v })}
        />
        {setup.source.kind === 'sim' && <SelectField label="PRM quality" value={String(setup.prm)} choices={prmChoices} onChange={choosePrm} />}
      </fieldset>
    </>
  );
}
