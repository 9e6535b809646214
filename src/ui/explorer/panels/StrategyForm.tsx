/**
 * Strategy picker and its parameters. Every change goes through `checkSpec` (parseSpec plus the
 * Explorer's size limits) before `explorer.setParams`; an invalid value is explained next to its
 * field and not applied.
 */
import { useState } from 'react';
import type { Aggregate, ScoreAgg } from '../../../search/aggregate';
import {
  defaultSpec, describeSpec, rebasePresetOf, SpecError, STRATEGY_NAMES, type StrategyName, type StrategySpec,
} from '../../../search/strategies/index';
import { explorer } from '../../../state/explorer-actions';
import { selectParams, useExplorer } from '../../../state/explorer-store';
import { checkSpec } from '../../../state/spec-query';
import { CheckField, NumberField, SelectField, type Choice } from './fields';

const NAMES: Record<StrategyName, string> = { greedy: 'Greedy', sample: 'Sampling + vote', beam: 'Beam search', mcts: 'MCTS', rebase: 'REBASE' };
const NEEDS_PRM: Record<StrategyName, boolean> = { greedy: false, sample: false, beam: true, mcts: true, rebase: true };
const NO_PRM = 'needs a PRM (PRM is off)';
type Raw = object;

/** Validate and apply; the error message (field name made readable) or null. */
function apply(name: StrategyName, raw: Raw): string | null {
  try {
    explorer.setParams({ spec: checkSpec({ name, params: raw }) });
    return null;
  } catch (err) {
    if (err instanceof SpecError) return err.message.replace(/^params\./, '');
    throw err;
  }
}

function VoteFields({ spec, noPrm, onError }: { spec: Exclude<StrategySpec, { name: 'greedy' }>; noPrm: boolean; onError: (e: string | null) => void }) {
  const p = spec.params;
  const aggregates: Choice<Aggregate>[] = [
    { value: 'weighted-majority', label: 'weighted vote', disabled: noPrm ? NO_PRM : undefined },
    { value: 'majority', label: 'majority vote' },
    { value: 'best-of-n', label: 'best-of-N', disabled: noPrm ? NO_PRM : undefined },
  ];
  const scoreAggs: Choice<ScoreAgg>[] = [
    { value: 'last', label: 'last step (official)' }, { value: 'min', label: 'min over steps' },
    { value: 'mean', label: 'mean over steps' }, { value: 'prod', label: 'product' },
  ];
  return (
    <>
      <SelectField label="Answer by" value={p.aggregate} choices={aggregates} onChange={(v) => onError(apply(spec.name, { ...p, aggregate: v }))} />
      {p.aggregate !== 'majority' && (
        <SelectField label="Solution score" value={p.scoreAgg} choices={scoreAggs} onChange={(v) => onError(apply(spec.name, { ...p, scoreAgg: v }))} />
      )}
    </>
  );
}

function RebaseFields({ spec, onError }: { spec: Extract<StrategySpec, { name: 'rebase' }>; onError: (e: string | null) => void }) {
  const p = spec.params;
  const named = p.preset ?? rebasePresetOf(p);
  const [customOpen, setCustomOpen] = useState(named === undefined);
  const preset = customOpen || named === undefined ? 'custom' : named;
  const { preset: _preset, tb: _tb, allocation: _allocation, ...rest } = p;
  const withoutPreset: Raw = { ...rest, tb: p.tb, allocation: p.allocation };
  return (
    <>
      <NumberField key={`width${p.width}`} label="Width N (solutions)" value={p.width} commit={(t) => apply('rebase', { ...p, width: t })} />
      <SelectField
        label="Preset"
        value={preset}
        choices={[
          { value: 'official', label: 'official — T_b 0.2 (default)' },
          { value: 'paper', label: 'paper — T_b 0.1' },
          { value: 'custom', label: 'custom' },
        ]}
        hint={p.allocation === 'reference' ? 'reference allocation (official code): widths sum to exactly B' : "independent rounding (the paper's Eq. 1): the sum may differ from B"}
        onChange={(v) => {
          setCustomOpen(v === 'custom');
          onError(apply('rebase', v === 'custom' ? withoutPreset : { ...rest, preset: v }));
        }}
      />
      {preset === 'custom' && (
        <>
          <NumberField key={`tb${p.tb}`} label="Balance temperature T_b" value={p.tb} commit={(t) => apply('rebase', { ...withoutPreset, tb: t })} />
          <SelectField
            label="Allocation"
            value={p.allocation}
            choices={[{ value: 'reference', label: 'reference (official)' }, { value: 'paper', label: 'paper (rounded)' }]}
            onChange={(v) => onError(apply('rebase', { ...withoutPreset, allocation: v }))}
          />
        </>
      )}
      <VoteFields spec={spec} noPrm={false} onError={onError} />
    </>
  );
}

function ParamFields({ spec, noPrm, onError }: { spec: StrategySpec; noPrm: boolean; onError: (e: string | null) => void }) {
  switch (spec.name) {
    case 'greedy':
      return <p className="if-field-hint">One solution at temperature 0: no parameters.</p>;
    case 'sample': {
      const p = spec.params;
      return (
        <>
          <NumberField key={`n${p.n}`} label="Solutions n" value={p.n} commit={(t) => apply('sample', { ...p, n: t })} />
          <NumberField key={`t${p.temperature}`} label="Temperature" value={p.temperature} commit={(t) => apply('sample', { ...p, temperature: t })} />
          <VoteFields spec={spec} noPrm={noPrm} onError={onError} />
        </>
      );
    }
    case 'beam': {
      const p = spec.params;
      return (
        <>
          <NumberField key={`n${p.n}`} label="Beams n" value={p.n} commit={(t) => apply('beam', { ...p, n: t })} />
          <NumberField key={`m${p.m}`} label="Children per beam m" value={p.m} commit={(t) => apply('beam', { ...p, m: t })} hint={`keeps the top n/m = ${Math.max(1, Math.floor(p.n / p.m))} per depth`} />
          <VoteFields spec={spec} noPrm={false} onError={onError} />
        </>
      );
    }
    case 'mcts': {
      const p = spec.params;
      return (
        <>
          <NumberField key={`b${p.budget}`} label="Budget (generated nodes)" value={p.budget} commit={(t) => apply('mcts', { ...p, budget: t })} />
          <NumberField key={`c${p.c}`} label="Exploration c" value={p.c} commit={(t) => apply('mcts', { ...p, c: t })} />
          <CheckField label="Roll out to a finished solution" checked={p.rollout} onChange={(v) => onError(apply('mcts', { ...p, rollout: v }))} />
          <VoteFields spec={spec} noPrm={false} onError={onError} />
        </>
      );
    }
    case 'rebase':
      return <RebaseFields spec={spec} onError={onError} />;
  }
}

/**
 * The strategy select (strategies that need a PRM are disabled, with the reason, when the PRM is
 * off), a one-line description of the spec in use, and the strategy's parameter fields.
 */
export function StrategyForm() {
  const { spec, prm } = useExplorer(selectParams);
  const noPrm = prm === 'none';
  const [error, setError] = useState<string | null>(null);
  const choose = (name: StrategyName) => {
    const next = defaultSpec(name);
    const raw: Raw = next.name === 'sample' && noPrm ? { ...next.params, aggregate: 'majority' } : next.params;
    setError(apply(name, raw));
  };
  return (
    <fieldset className="if-fieldset">
      <legend>Strategy</legend>
      <SelectField
        label="Strategy"
        value={spec.name}
        choices={STRATEGY_NAMES.map((n) => ({ value: n, label: NAMES[n], disabled: noPrm && NEEDS_PRM[n] ? NO_PRM : undefined }))}
        onChange={choose}
        hint={describeSpec(spec)}
      />
      <ParamFields key={spec.name} spec={spec} noPrm={noPrm} onError={setError} />
      {error && <p className="if-field-error" role="alert">{error}</p>}
    </fieldset>
  );
}
