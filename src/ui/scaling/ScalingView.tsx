/**
 * The Scaling view (design.md §9, §11): the sweep setup on the left, the live Pareto chart in the
 * centre with its toolbar (FLOPs convention, paper overlay, progress and Cancel), the "what
 * compute buys" readouts, the status line and the exports under it. An opened point's problems
 * replace the setup column until it is closed (✕ or Escape).
 * Panels read the store themselves; this file lays them out and wires the session: URL → sweep,
 * URL sync, Escape closes the point, and leaving the view stops an unfinished sweep.
 */
import { useCallback, useEffect, useRef } from 'react';
import { scaling } from '../../state/scaling-actions';
import { selectPoint, useScaling } from '../../state/scaling-store';
import { startScalingUrlSync } from '../../state/scaling-url-sync';
import { AppNav } from '../AppNav';
import { ChartPane } from './ChartPane';
import { ChartToolbar, ScalingNotices } from './ChartToolbar';
import { ExportBar } from './ExportBar';
import { PointPanel } from './PointPanel';
import { Readouts } from './Readouts';
import { SetupPanel } from './SetupPanel';
import { StatusLine } from './SweepStatus';
import '../explorer/panels/panels.css';
import './scaling.css';

/** Mount wiring: decode the URL and start the sweep, keep the URL in sync, Escape closes the point. */
function useScalingSession(): void {
  useEffect(() => {
    scaling.init(window.location.search);
    const stopUrl = startScalingUrlSync();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && useScaling.getState().point && !e.defaultPrevented) scaling.openPoint(null);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      stopUrl();
      scaling.leave();
    };
  }, []);
}

const CAPTION = 'Accuracy against inference FLOPs per question: a line per model × strategy with its 95% band, '
  + 'the Pareto frontier as a thin olive step line, dashed = majority-vote limits. Click a point for its problems.';

export function ScalingView() {
  useScalingSession();
  const point = useScaling(selectPoint);
  const svg = useRef<SVGSVGElement | null>(null);
  const getSvg = useCallback(() => svg.current, []);
  return (
    <div className={`if-scaling${point ? ' if-scaling-open' : ''}`} data-testid="scaling-view">
      <header className="if-scaling-head">
        <h1 className="if-title">Inference Frontier</h1>
        <AppNav />
        <p className="if-caption" data-testid="scaling-caption">{CAPTION}</p>
      </header>
      {/* An opened point takes the setup column's place, so the chart keeps its size on a projector. */}
      <aside className="if-scaling-left" aria-label={point ? 'Point details' : 'Sweep setup'}>
        {point ? <PointPanel /> : <SetupPanel />}
      </aside>
      <main className="if-scaling-centre">
        <ScalingNotices />
        <ChartToolbar />
        <ChartPane svgRef={svg} />
        <Readouts />
        <div className="if-panel if-scaling-foot">
          <StatusLine />
          <ExportBar svg={getSvg} />
        </div>
      </main>
    </div>
  );
}
