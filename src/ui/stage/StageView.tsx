/**
 * The Stage (`view=stage`, the first screen; docs/stage.md): two trees — REBASE and MCTS by
 * default — growing side by side on one compute clock, and the live Pareto chart beside them,
 * linked. The panes are the Compare view's (ComparePane, CompareTimeline), the chart the Scaling
 * view's (ParetoChart, SweepProgress); src/state/stage-*.ts ties them together.
 *
 * Keys: M maximises the next part (left tree → right tree → chart → all), Escape restores, Space
 * plays / pauses, ←/→ step the clock. The splitters resize the columns (drag, or ←/→ on them).
 */
import { useEffect, useRef } from 'react';
import { SWEEP_STRATEGIES, SWEEP_STRATEGY_LABELS, sweepSlotOf, type SweepStrategy } from '../../search/strategies/index';
import { PRM_PRESET_LABELS, prmShortLabel, simProblem } from '../../sim/index';
import { compare } from '../../state/compare-actions';
import { useCompare } from '../../state/compare-store';
import { BUDGETS } from '../../state/scaling-store';
import { stage } from '../../state/stage-actions';
import { selectStageBudget, selectStageCols, selectStageHover, selectStageMax, selectStageNotices, selectStagePick, useStage } from '../../state/stage-store';
import { CHART_MIN, COL_MIN, type StagePart } from '../../state/stage-url';
import { startStageUrlSync } from '../../state/stage-url-sync';
import { AppNav } from '../AppNav';
import { ModelName } from '../common/ModelName';
import { ComparePane, fitAllPanes } from '../compare/ComparePane';
import { CompareTimeline } from '../compare/CompareTimeline';
import { useCompareClock } from '../compare/use-compare-clock';
import { STRATEGY_STYLE } from '../scaling/chart/chart-style';
import { StageChart } from './StageChart';
import { Splitter } from './Splitter';
import '../explorer/panels/panels.css';
import '../explorer/explorer.css';
import '../compare/compare.css';
import '../scaling/scaling.css';
import './stage.css';

const PART_LABEL: Record<StagePart, string> = { left: 'the left tree', right: 'the right tree', chart: 'the chart' };

const typing = (t: EventTarget | null): boolean =>
  t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable);

/** Mount wiring: URL → panes + sweep, URL sync, the animation clock, the keys. */
function useStageSession(): void {
  useEffect(() => {
    stage.init(window.location.search);
    const stopUrl = startStageUrlSync();
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const onControl = e.target instanceof HTMLElement && (e.target.tagName === 'BUTTON' || e.target.getAttribute('role') === 'separator');
      if (e.key === 'm' || e.key === 'M') stage.cycleMax();
      else if (e.key === 'Escape' && useStage.getState().max) stage.setMax(null);
      else if (e.key === ' ' && !onControl) compare.togglePlay();
      else if (e.key === 'ArrowRight' && !onControl) compare.stepForward();
      else if (e.key === 'ArrowLeft' && !onControl) compare.stepBack();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      stopUrl();
      stage.dispose();
    };
  }, []);
  useCompareClock();
}

function MaxButton({ part }: { part: StagePart }) {
  const max = useStage(selectStageMax);
  const on = max === part;
  return (
    <button type="button" className="if-btn if-btn-small if-stage-max" onClick={() => stage.setMax(part)} aria-pressed={on}
      title={`${on ? 'Restore the layout' : `Maximise ${PART_LABEL[part]}`} (M cycles, Esc restores)`} data-testid={`stage-max-${part}`}>
      {on ? '⤡ Restore' : '⤢'}
      <span className="if-sr-only">{on ? '' : `Maximise ${PART_LABEL[part]}`}</span>
    </button>
  );
}

/** A pane's strategy: one of the sweep's seven, at the Stage's budget (its colour is its curve's). */
function PanePicker({ index }: { index: number }) {
  const spec = useCompare((s) => s.panes[index]?.spec);
  if (!spec) return null;
  const slot = sweepSlotOf(spec);
  return (
    <select className="if-select if-stage-picker" aria-label={`Strategy of the ${index === 0 ? 'left' : 'right'} tree`} value={slot.strategy}
      style={{ color: STRATEGY_STYLE[slot.strategy].color }} data-testid={`stage-picker-${index}`}
      onChange={(e) => stage.setPaneStrategy(index, e.target.value as SweepStrategy)}>
      {SWEEP_STRATEGIES.map((s) => <option key={s} value={s} style={{ color: '#000' }}>{SWEEP_STRATEGY_LABELS[s]}</option>)}
    </select>
  );
}

function StagePane({ index }: { index: number }) {
  const spec = useCompare((s) => s.panes[index]?.spec);
  const hover = useStage(selectStageHover);
  const part: StagePart = index === 0 ? 'left' : 'right';
  const strategy = spec ? sweepSlotOf(spec).strategy : null;
  return (
    <div className={`if-stage-part if-stage-${part}`}>
      <ComparePane index={index} orientation="lr" picker={<PanePicker index={index} />} headExtra={<MaxButton part={part} />}
        highlighted={strategy !== null && hover === strategy} accent={strategy ? STRATEGY_STYLE[strategy].color : undefined} />
    </div>
  );
}

function StageNotices() {
  const notices = useStage(selectStageNotices);
  if (!notices.length) return null;
  return (
    <div className="if-notices" role="status" aria-live="polite">
      {notices.map((text, i) => (
        <p className="if-notice" key={`${i}:${text}`}>
          <span>{text}</span>
          <button type="button" className="if-btn if-btn-small" aria-label={`Dismiss notice: ${text}`} onClick={() => stage.dismissNotice(i)}>✕</button>
        </p>
      ))}
    </div>
  );
}

function StageCaption() {
  const setup = useCompare((s) => s.setup);
  const budget = useStage(selectStageBudget);
  const pick = useStage(selectStagePick);
  const question = simProblem(setup.problemId).question;
  return (
    <div className="if-stage-caption">
      <p className="if-caption" data-testid="stage-caption">
        <strong>{setup.problemId}</strong> · <ModelName id={setup.model} /> · n={budget} · <span title={typeof setup.prm === 'string' && setup.prm !== 'none' ? PRM_PRESET_LABELS[setup.prm] : undefined}>{prmShortLabel(setup.prm)}</span> · seed {setup.seed}
        {pick && <span className="if-muted" data-testid="stage-pick"> · {pick.reason}</span>}
      </p>
      <p className="if-stage-question" title={question}>{question}</p>
    </div>
  );
}

function BudgetPicker() {
  const budget = useStage(selectStageBudget);
  return (
    <label className="if-stage-field">
      Budget{' '}
      <select className="if-select" value={budget} aria-label="Budget of both trees (REBASE width, samples, MCTS nodes ÷ 8)" data-testid="stage-budget"
        onChange={(e) => stage.setBudget(Number(e.target.value))}>
        {BUDGETS.map((b) => <option key={b} value={b}>n={b}</option>)}
      </select>
    </label>
  );
}

export function StageView() {
  useStageSession();
  const max = useStage(selectStageMax);
  const cols = useStage(selectStageCols);
  const main = useRef<HTMLElement | null>(null);
  useEffect(() => {
    // The canvases changed size: fit the trees again.
    const t = setTimeout(fitAllPanes, 50);
    return () => clearTimeout(t);
  }, [max]);
  const [a, b] = cols;
  const style = max ? undefined : { gridTemplateColumns: `${a}% auto ${b}% auto minmax(0, 1fr)` };
  return (
    <div className={`if-stage if-panel${max ? ` if-stage-max-${max}` : ''}`} data-testid="stage-view" data-max={max ?? ''}>
      <header className="if-explorer-head if-stage-head">
        <h1 className="if-title">Inference Frontier</h1>
        <AppNav />
        <StageCaption />
      </header>
      <StageNotices />
      <main ref={main} className="if-stage-main" style={style}>
        <StagePane index={0} />
        <Splitter label="Width of the left tree" value={a} min={COL_MIN} max={100 - CHART_MIN - COL_MIN} testId="stage-split-0"
          onMove={(d) => stage.setCols([a + d, b - d])} container={() => main.current} />
        <StagePane index={1} />
        <Splitter label="Width of the right tree" value={b} min={COL_MIN} max={100 - CHART_MIN - a} testId="stage-split-1"
          onMove={(d) => stage.setCols([a, b + d])} container={() => main.current} />
        <div className="if-stage-part if-stage-chart-part">
          <StageChart maxButton={<MaxButton part="chart" />} />
        </div>
      </main>
      <footer className="if-explorer-foot if-stage-foot">
        <BudgetPicker />
        <CompareTimeline />
        <span className="if-stage-keys" aria-hidden="true">M maximise · Esc restore · Space play</span>
      </footer>
    </div>
  );
}
