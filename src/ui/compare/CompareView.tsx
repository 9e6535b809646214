/**
 * The Compare view (`view=compare`): 2–4 strategies on the same sim problem, model, PRM and
 * seed, side by side on one compute clock. State in src/state/compare-*.ts; the trees are drawn
 * by the Explorer's canvas controller, one per pane.
 */
import { useEffect } from 'react';
import { simProblem } from '../../sim/index';
import { compare } from '../../state/compare-actions';
import { selectCompareNotices, selectComparePanes, selectCompareSetup, useCompare } from '../../state/compare-store';
import { startCompareUrlSync } from '../../state/compare-url-sync';
import { MAX_PANES } from '../../state/compare-url';
import { AppNav } from '../AppNav';
import { ModelName } from '../common/ModelName';
import { ComparePane } from './ComparePane';
import { CompareTimeline } from './CompareTimeline';
import { useCompareClock } from './use-compare-clock';
import '../explorer/panels/panels.css';
import '../explorer/explorer.css';
import './compare.css';

function useCompareSession(): void {
  useEffect(() => {
    compare.init(window.location.search);
    const stopUrl = startCompareUrlSync();
    return () => {
      stopUrl();
      compare.dispose();
    };
  }, []);
  useCompareClock();
}

function CompareNotices() {
  const notices = useCompare(selectCompareNotices);
  return (
    <div className="if-notices" role="status" aria-live="polite">
      {notices.map((text, i) => (
        <p className="if-notice" key={`${i}:${text}`}>
          <span>{text}</span>
          <button type="button" className="if-btn if-btn-small" aria-label={`Dismiss notice: ${text}`} onClick={() => compare.dismissNotice(i)}>✕</button>
        </p>
      ))}
    </div>
  );
}

export function CompareView() {
  useCompareSession();
  const setup = useCompare(selectCompareSetup);
  const panes = useCompare(selectComparePanes);
  const question = simProblem(setup.problemId).question;
  return (
    <div className="if-compare if-panel">
      <header className="if-explorer-head">
        <h1 className="if-title">Inference Frontier</h1>
        <AppNav />
        <p className="if-caption" data-testid="compare-caption">
          Compare on one compute clock · {setup.problemId} (<ModelName id={setup.model} />, PRM {String(setup.prm)}, seed {setup.seed}): {question}
        </p>
        {panes.length < MAX_PANES && <button type="button" className="if-btn" onClick={() => compare.addPane()}>Add pane</button>}
      </header>
      <CompareNotices />
      <main className="if-cmp-grid" style={{ gridTemplateColumns: `repeat(${panes.length}, minmax(0, 1fr))` }}>
        {panes.map((_, i) => <ComparePane key={i} index={i} />)}
      </main>
      <footer className="if-explorer-foot">
        <CompareTimeline />
      </footer>
    </div>
  );
}
