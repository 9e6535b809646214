/**
 * Strategy picker and its parameters. Every change goes through `checkSpec` (parseSpec plus the
 * Explorer's size limits) before `explorer.setParams`; an invalid value is explained next to its
 * field and not applied.
 */
import { useState } from 'react';
import type { Aggregate, ScoreAgg, VoteRule } from '../../../search/aggregate';
import {
  describeSpec, rebasePresetOf, SpecError, STRATEGY_NAMES, type StrategyName, type StrategySpec,
} from '../../../search/strategies/index';
import { explorer } from '../../../state/explorer-actions';
import { selectParams, useExplorer, type ExplorerParams } from '../../../state/explorer-store';
import { hasRewards, pickableSpec, rewardBlock, stepBlock } from '../../../state/live-reward';
import { checkSpec } from '../../../state/spec-query';
import { CheckField, NumberField, SelectField, type Choice } from './fields';

const NAMES: Record<StrategyName, string> = { greedy: 'Greedy', sample: 'Sampling + vote', beam: 'Beam search', mcts: 'MCTS', rebase: 'REBASE' };
/** What a disabled option says; the full reason is listed under the select. */
const NEEDS_REWARDS = 'needs PRM rewards';
const NEEDS_STEPS = 'needs step continuation';
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

/** What each vote rule does (aggregate.ts `VoteRule`); official = thu-wyz/inference_scaling's math_evaluate.py. */
const RULE_HINT: Record<VoteRule, string> = {
  official: "as the official evaluation: a tie goes to the answer first to reach the winning total; a finished solution without an answer votes as [invalid] (graded wrong)",
  'first-vote': 'a tie goes to the answer voted first; finished solutions without an answer cast no vote',
};

function VoteFields({ spec, blocked, onError }: { spec: Exclude<StrategySpec, { name: 'greedy' }>; blocked: (aggregate: Aggregate) => string | null; onError: (e: string | null) => void }) {
  const p = spec.params;
  const aggregates: Choice<Aggregate>[] = [
    { value: 'weighted-majority', label: 'weighted vote', disabled: blocked('weighted-majority') ? NEEDS_REWARDS : undefined },
    { value: 'majority', label: 'majority vote' },
    { value: 'best-of-n', label: 'best-of-N', disabled: blocked('best-of-n') ? NEEDS_REWARDS : undefined },
  ];
  const reason = p.aggregate === 'majority' ? null : blocked(p.aggregate);
  const scoreAggs: Choice<ScoreAgg>[] = [
    { value: 'last', label: 'last step (official)' }, { value: 'min', label: 'min over steps' },
    { value: 'mean', label: 'mean over steps' }, { value: 'prod', label: 'product' },
  ];
  const rules: Choice<VoteRule>[] = [
    { value: 'official', label: 'official: first to reach (default)' },
    { value: 'first-vote', label: 'first-vote ties, invalid dropped' },
  ];
  return (
    <>
      <SelectField label="Answer by" value={p.aggregate} choices={aggregates} onChange={(v) => onError(apply(spec.name, { ...p, aggregate: v }))} hint={reason ?? undefined} />
      {p.aggregate !== 'majority' && (
        <SelectField label="Solution score" value={p.scoreAgg} choices={scoreAggs} onChange={(v) => onError(apply(spec.name, { ...p, scoreAgg: v }))} />
      )}
      <SelectField label="Ties" value={p.voteRule} choices={rules} hint={RULE_HINT[p.voteRule]} onChange={(v) => onError(apply(spec.name, { ...p, voteRule: v }))} />
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
      <VoteFields spec={spec} blocked={NEVER} onError={onError} />
    </>
  );
}

/** Tree searches score every node anyway: their vote is never the blocker. */
const NEVER = (): null => null;

function ParamFields({ spec, params, onError }: { spec: StrategySpec; params: ExplorerParams; onError: (e: string | null) => void }) {
  const voteBlocked = (aggregate: Aggregate) => rewardBlock(params, { name: 'sample', params: { ...pickableSpec(params, 'sample').params, aggregate } } as StrategySpec);
  switch (spec.name) {
    case 'greedy':
      return <p className="if-field-hint">One solution at temperature 0: no parameters.</p>;
    case 'sample': {
      const p = spec.params;
      return (
        <>
          <NumberField key={`n${p.n}`} label="Solutions n" value={p.n} commit={(t) => apply('sample', { ...p, n: t })} />
          <NumberField key={`t${p.temperature}`} label="Temperature" value={p.temperature} commit={(t) => apply('sample', { ...p, temperature: t })} />
          <VoteFields spec={spec} blocked={voteBlocked} onError={onError} />
        </>
      );
    }
    case 'beam': {
      const p = spec.params;
      return (
        <>
          <NumberField key={`n${p.n}`} label="Beams n" value={p.n} commit={(t) => apply('beam', { ...p, n: t })} />
          <NumberField key={`m${p.m}`} label="Children per beam m" value={p.m} commit={(t) => apply('beam', { ...p, m: t })} hint={`keeps the top n/m = ${Math.max(1, Math.floor(p.n / p.m))} per depth`} />
          <VoteFields spec={spec} blocked={NEVER} onError={onError} />
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
          <VoteFields spec={spec} blocked={NEVER} onError={onError} />
        </>
      );
    }
    case 'rebase':
      return <RebaseFields spec={spec} onError={onError} />;
  }
}

/**
 * The strategy select — strategies that need PRM rewards are disabled when the source has none
 * (the sim's PRM off, a trace without rewards, a live server without a PRM), each reason listed
 * under the select (state/live-reward.ts, built on `rewardNeed`) — a one-line description of the
 * spec in use, and the strategy's parameter fields.
 */
export function StrategyForm() {
  const params = useExplorer(selectParams);
  const { spec } = params;
  const [error, setError] = useState<string | null>(null);
  const blocked = STRATEGY_NAMES.map((n) => [n, rewardBlock(params, pickableSpec(params, n))] as const);
  const reasons = blocked.filter(([, r]) => r !== null).map(([, r]) => r as string);
  const choose = (name: StrategyName) => setError(apply(name, pickableSpec(params, name).params));
  return (
    <fieldset className="if-fieldset">
      <legend>Strategy</legend>
      <SelectField
        label="Strategy"
        value={spec.name}
        choices={blocked.map(([n, r]) => ({ value: n, label: NAMES[n], disabled: r ? (stepBlock(params, pickableSpec(params, n)) ? NEEDS_STEPS : NEEDS_REWARDS) : undefined }))}
        onChange={choose}
        hint={describeSpec(spec)}
      />
      {reasons.length > 0 && (
        <div className="if-field-hint" data-testid="strategy-blocked">
          <p className="if-field-hint">{hasRewards(params) ? 'Disabled on this server:' : 'Disabled without PRM rewards:'}</p>
          <ul className="if-blocked">{reasons.map((r) => <li key={r}>{r}.</li>)}</ul>
        </div>
      )}
      <ParamFields key={spec.name} spec={spec} params={params} onError={setError} />
      {error && <p className="if-field-error" role="alert">{error}</p>}
    </fieldset>
  );
}
