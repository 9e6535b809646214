/**
 * Above the chart: the view's notices (an invalid link value that fell back, a trace that could
 * not load, a lowered count — each dismissible, a polite live region like the Explorer's), how
 * FLOPs are counted (the paper's convention, or with prefill and/or PRM compute — a switch
 * re-plots at once from the cells, without rerunning), the paper's points as an overlay, and the
 * sweep's progress with Cancel.
 */
import { conventionFromId, conventionLabel } from '../../search/compute';
import { scaling } from '../../state/scaling-actions';
import { CONVENTION_IDS, selectConvention, selectNotices, selectOracle, selectOverlay, useScaling, type ConventionId } from '../../state/scaling-store';
import { SweepProgress } from './SweepStatus';

const SHORT: Readonly<Record<ConventionId, string>> = {
  paper: 'Paper', prefill: '+ prefill', prm: '+ PRM', 'prefill+prm': '+ both',
};

export function ChartToolbar() {
  const convention = useScaling(selectConvention);
  const overlay = useScaling(selectOverlay);
  const oracle = useScaling(selectOracle);
  return (
    <div className="if-panel if-scaling-toolbar">
      <div className="if-inline" role="group" aria-label="FLOPs convention">
        <span className="if-toolbar-label">FLOPs</span>
        <span className="if-segmented">
          {CONVENTION_IDS.map((id) => (
            <button
              key={id} type="button" className="if-btn" aria-pressed={convention === id} title={conventionLabel(conventionFromId(id))}
              onClick={() => scaling.setConvention(id)} data-testid={`conv-${id}`}
            >
              {SHORT[id]}
            </button>
          ))}
        </span>
      </div>
      <button type="button" className="if-btn" aria-pressed={overlay} onClick={() => scaling.setOverlay(!overlay)} data-testid="overlay-toggle"
        title="The paper's Table 1 and Table 4 points (real models, MATH500), drawn hollow. Their FLOPs are policy-only, so they are drawn under the paper's convention and hidden (with a note) under + prefill or + PRM">
        Paper points
      </button>
      <button type="button" className="if-btn" aria-pressed={oracle} onClick={() => scaling.setOracle(!oracle)} data-testid="oracle-toggle"
        title="pass@n: the share of problems on which any of the n sampled solutions is correct — what a perfect verifier would reach; a dotted ceiling per model (sub-sampled sweeps only)">
        pass@n ceiling
      </button>
      <SweepProgress />
    </div>
  );
}

/** `store.notices`, dismissible; an empty live region when there are none, so additions are announced. */
export function ScalingNotices() {
  const notices = useScaling(selectNotices);
  return (
    <div className="if-notices" role="status" aria-live="polite" data-testid="scaling-notices">
      {notices.map((text, i) => (
        <p className="if-notice" key={`${i}:${text}`}>
          <span>{text}</span>
          <button type="button" className="if-btn if-btn-small" aria-label={`Dismiss notice: ${text}`} onClick={() => scaling.dismissNotice(i)}>
            ✕
          </button>
        </p>
      ))}
    </div>
  );
}
