/**
 * The Scaling view's chart: the store's points, frontier and limits fed to the prop-driven
 * `ParetoChart`, which fills the centre of the view. Clicking a point (or Enter on it) opens its
 * problems; the rule (the planner's budget) moves in the store (and so in the URL); the fitted laws
 * of the curves the planner names are drawn. The SVG element is handed up for the
 * exports.
 */
import { useMemo, type Ref } from 'react';
import { conventionFromId } from '../../search/compute';
import { PAPER_POINTS } from '../../search/paper-data';
import { bundleFor } from '../../state/catalog';
import { scaling } from '../../state/scaling-actions';
import {
  selectConvention, selectFrontier, selectOracle, selectLimits, selectOverlay, selectPoint, selectPoints, selectProblemCount, selectRule, selectSetup, selectStatus, useScaling,
  type ScalingSetup, type SweepPhase,
} from '../../state/scaling-store';
import { ParetoChart } from './chart/ParetoChart';
import { oracleFor, planCurves, usePlanner } from './usePlanner';

const SAMPLING = ['majority', 'best-of-n', 'weighted-majority'];
/** The paper's Table 1 and 4 points (one array, so the chart's memo holds). */
const OVERLAY = [...PAPER_POINTS];

/** Whether a setup's numbers come from the sim (directly, or through a trace the sim recorded). */
export function isSimulated(setup: ScalingSetup): boolean {
  return setup.source.kind === 'sim' || bundleFor(setup.source)?.source === 'sim';
}

/** Whether the legend must say that sampling points were sub-sampled from one pool. */
export function isSubsampledSweep(setup: ScalingSetup): boolean {
  return setup.subsample && setup.strategies.some((s) => SAMPLING.includes(s));
}

const EMPTY_TEXT: Partial<Record<SweepPhase, string>> = {
  waiting: 'Starting the sweep…', loading: 'Loading the trace…', running: 'Waiting for the first results…',
  cancelled: 'Cancelled before any point was finished', error: 'The sweep failed (see below)', idle: 'No sweep yet',
};

export function ChartPane({ svgRef }: { svgRef: Ref<SVGSVGElement> }) {
  const points = useScaling(selectPoints);
  const frontier = useScaling(selectFrontier);
  const limits = useScaling(selectLimits);
  const overlay = useScaling(selectOverlay);
  const conventionId = useScaling(selectConvention);
  const rule = useScaling(selectRule);
  const point = useScaling(selectPoint);
  const setup = useScaling(selectSetup);
  const status = useScaling(selectStatus);
  const problemCount = useScaling(selectProblemCount);
  const convention = useMemo(() => conventionFromId(conventionId), [conventionId]);
  const { fits, plan } = usePlanner();
  const showOracle = useScaling(selectOracle);
  const oracle = showOracle && status === 'done' ? oracleFor(points) : undefined;
  const fitKeys = useMemo(() => planCurves(plan), [plan]);
  const highlight = useMemo(() => (point ? { model: point.model, strategy: point.strategy } : null), [point]);
  return (
    <div className="if-scaling-chart" data-testid="scaling-chart" data-points={points.length} data-frontier={frontier.length} data-limits={limits.length}>
      <ParetoChart
        points={points} frontier={frontier} limits={limits} overlay={overlay ? OVERLAY : null}
        convention={convention} simulated={isSimulated(setup)} subsampled={isSubsampledSweep(setup)}
        highlight={highlight} problemsPerPoint={problemCount || undefined} rule={rule} onRule={scaling.setRule}
        onClickPoint={(p) => scaling.openPoint(p)} fit="box" svgRef={svgRef}
        emptyText={EMPTY_TEXT[status] ?? 'No points'} fits={fits} fitKeys={fitKeys} oracle={oracle}
      />
    </div>
  );
}
