/**
 * The sweep's progress bar with its ETA and a Cancel button (Run again after a cancel or an
 * error), in the chart's toolbar, and the status line under the chart that says what stands
 * behind each point.
 */
import { formatInt } from '../explorer/panels/format';
import { scaling } from '../../state/scaling-actions';
import {
  selectError, selectLimitsPhase, selectProblemCount, selectProgress, selectSetup, selectStatus, useScaling, type SweepPhase,
} from '../../state/scaling-store';
import { isSimulated, isSubsampledSweep } from './ChartPane';

/** "3 s", "1 min 20 s". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
}

const PHASE: Record<SweepPhase, string> = {
  idle: 'No sweep', waiting: 'Starting…', loading: 'Loading the trace…', running: 'Running', done: 'Done', cancelled: 'Cancelled', error: 'Failed',
};

/** Progress bar (role=progressbar, aria-valuenow in %), what it is doing, Cancel / Run again. */
export function SweepProgress() {
  const status = useScaling(selectStatus);
  const p = useScaling(selectProgress);
  const error = useScaling(selectError);
  const limits = useScaling(selectLimitsPhase);
  const pct = p.total > 0 ? Math.round((100 * p.done) / p.total) : status === 'done' ? 100 : 0;
  const eta = status === 'running' && p.etaMs !== null ? ` · ${formatDuration(p.etaMs)} left` : '';
  const units = p.total > 0 ? `${formatInt(p.done)}/${formatInt(p.total)} units` : '';
  const text = status === 'done'
    ? `Done in ${formatDuration(p.elapsedMs)}${limits === 'pending' ? ' · MV limits…' : ''}`
    : status === 'running' ? `${units || 'Starting…'}${eta}` : PHASE[status];
  const busy = status === 'running' || status === 'waiting' || status === 'loading';
  return (
    <div className="if-sweep-row" role="group" aria-label="Sweep">
      <div
        className="if-progress" role="progressbar" aria-label="Sweep progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}
        aria-valuetext={`${pct}%${units ? `, ${units.replace('/', ' of ')}` : ''}${eta.replace(' · ', ', ')}`} data-testid="sweep-progress" data-status={status}
      >
        <div className="if-progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="if-sweep-text" data-testid="sweep-text">{text}</span>
      {busy && <button type="button" className="if-btn" onClick={scaling.cancel} data-testid="sweep-cancel">Cancel</button>}
      {(status === 'cancelled' || status === 'error') && <button type="button" className="if-btn" onClick={scaling.rerun} data-testid="sweep-rerun">Run again</button>}
      {status === 'error' && error && <span className="if-bad" role="alert">{error}</span>}
    </div>
  );
}

/** "200 problems × 1 seed behind each point; simulated; sampling sub-sampled from one pool of 32 per problem". */
export function StatusLine() {
  const setup = useScaling(selectSetup);
  const problems = useScaling(selectProblemCount) || setup.count;
  const seeds = setup.seeds.length;
  const parts = [`${formatInt(problems)} problem${problems === 1 ? '' : 's'} × ${seeds} seed${seeds === 1 ? '' : 's'} behind each point (95% interval: ${seeds > 1 ? 'bootstrap over problems' : 'Wilson'})`];
  if (isSimulated(setup)) parts.push('simulated');
  if (isSubsampledSweep(setup)) parts.push(`sampling points sub-sampled from one pool of ${Math.max(...setup.budgets)} per problem`);
  return <p className="if-status-line" data-testid="scaling-status-line">{parts.join('; ')}</p>;
}
