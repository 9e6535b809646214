/**
 * Drill-down: the problems behind the opened point, correct or wrong for each seed (from the
 * sweep's cells), each with a link that opens that run in the Explorer — same source, model,
 * PRM, problem, the point's strategy parameters and the same seed. Sub-sampled sampling points
 * say why the Explorer's run may differ.
 */
import { useMemo, useState, type MouseEvent } from 'react';
import { formatFlops } from '../../search/compute';
import { openView } from '../../state/app-view';
import { scaling } from '../../state/scaling-actions';
import { explorerLinkFor, isSubsampled, pointProblems } from '../../state/scaling-drill';
import { cellsOf } from '../../state/scaling-runner';
import { problemIdsFor } from '../../state/scaling-setup';
import { samePoint, selectPoint, selectPoints, selectRevision, selectSetup, useScaling, type PointKey } from '../../state/scaling-store';
import { formatPercent } from '../../viz/pareto-scales';
import { strategyLabel } from './chart/chart-style';
import { modelLabel } from '../../sim/index';

const plainClick = (e: MouseEvent): boolean => e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;

function Summary({ point }: { point: PointKey }) {
  const summary = useScaling(selectPoints).find((p) => samePoint(p, point));
  if (!summary) return <p className="if-hint">No results for this point yet.</p>;
  return (
    <dl className="if-facts">
      <div className="if-fact"><dt>Accuracy</dt><dd>{formatPercent(summary.accuracy)} <span className="if-muted">(95%: {formatPercent(summary.lo)}–{formatPercent(summary.hi)})</span></dd></div>
      <div className="if-fact"><dt>FLOPs</dt><dd>{formatFlops(summary.flops)} <span className="if-muted">per question</span></dd></div>
      <div className="if-fact"><dt>Runs</dt><dd>{summary.problems} problems × {summary.seeds} seed{summary.seeds === 1 ? '' : 's'}</dd></div>
    </dl>
  );
}

/** The opened point's problems; renders nothing when no point is open. */
export function PointPanel() {
  const point = useScaling(selectPoint);
  const setup = useScaling(selectSetup);
  const revision = useScaling(selectRevision);
  const [wrongOnly, setWrongOnly] = useState(false);
  // `revision` changes whenever cells arrived, so the list follows the streaming sweep.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rows = useMemo(() => (point ? pointProblems(cellsOf(point), problemIdsFor(setup)) : []), [point, setup, revision]);
  if (!point) return null;
  const outcomes = rows.flatMap((r) => r.outcomes);
  const wrong = outcomes.filter((o) => !o.correct).length;
  const shown = wrongOnly ? rows.filter((r) => r.outcomes.some((o) => !o.correct)) : rows;
  const title = `${modelLabel(point.model)} · ${strategyLabel(point.strategy)} · n = ${point.budget}`;
  const open = (e: MouseEvent, link: string) => {
    if (!plainClick(e)) return;
    e.preventDefault();
    openView('explorer', link);
  };
  return (
    <section className="if-panel if-point" aria-label={`Point ${title}`} data-testid="point-panel">
      <div className="if-point-head">
        <h2 className="if-h">{title}</h2>
        <button type="button" className="if-btn if-btn-small" aria-label="Close the point and show the setup" title="Close (Escape): back to the setup" onClick={() => scaling.openPoint(null)}>✕</button>
      </div>
      <Summary point={point} />
      <p className="if-point-count">
        <span className="if-ok">{outcomes.length - wrong} correct</span> · <span className="if-bad">{wrong} wrong</span>
        <button type="button" className="if-btn if-btn-small" aria-pressed={wrongOnly} onClick={() => setWrongOnly(!wrongOnly)}>Wrong only</button>
      </p>
      {isSubsampled(setup, point.strategy) && (
        <p className="if-hint" data-testid="subsample-note">
          Sub-sampled: these {point.budget} solutions were drawn from one shared pool of {Math.max(...setup.budgets)} per problem. The Explorer samples {point.budget} fresh ones with the same seed, so its vote may differ.
        </p>
      )}
      <ol className="if-point-list">
        {shown.map((row) => (
          <li key={row.problemId} className="if-point-row">
            <span className="if-point-id">{row.problemId}</span>
            {row.outcomes.map((o) => {
              const link = explorerLinkFor(setup, point, row.problemId, o.seed);
              return (
                <span key={o.seed} className="if-point-run">
                  <span className={o.correct ? 'if-ok' : 'if-bad'} title={`answer ${o.answer ?? 'none'}${o.incomplete ? ` (ended early: ${o.incomplete})` : ''}`}>
                    {o.correct ? '✓' : '✗'}{row.outcomes.length > 1 ? ` seed ${o.seed}` : ''}
                  </span>
                  <a href={link} className="if-point-link" aria-label={`Open ${row.problemId}, seed ${o.seed}, in the Explorer`} onClick={(e) => open(e, link)}>
                    Open in Explorer
                  </a>
                </span>
              );
            })}
          </li>
        ))}
      </ol>
    </section>
  );
}
