/**
 * The Compare view's shared timeline: one playhead in compute (FLOPs or policy tokens), with
 * play/pause, step, to start/end, a scrub slider, the unit switch and the sync-zoom switch.
 */
import { formatFlops } from '../../search/compute';
import { compare, compareMaxCompute } from '../../state/compare-actions';
import { selectComparePlaying, selectCompareSync, selectCompareUnit, useCompare } from '../../state/compare-store';
import type { CompareUnit } from '../../state/compare-timeline';
import { formatInt } from '../explorer/panels/format';
import { fitAllPanes } from './ComparePane';
import { useTextRevision } from './use-text-revision';
import { TRANSPORT_ICONS } from '../common/transport-icons';

const ICONS: Record<string, string> = TRANSPORT_ICONS;

function Btn({ icon, label, onClick }: { icon: string; label: string; onClick: () => void }) {
  return (
    <button type="button" className="if-btn if-btn-icon" aria-label={label} title={label} onClick={onClick}>
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false"><path d={ICONS[icon]} fill="currentColor" /></svg>
    </button>
  );
}

const fmt = (x: number, unit: CompareUnit): string => (unit === 'flops' ? formatFlops(x) : formatInt(Math.round(x)));

export function CompareTimeline() {
  // The clock's text and slider follow the playhead ~10 times a second while playing, at once when paused.
  useTextRevision();
  const playhead = useCompare.getState().playhead;
  const playing = useCompare(selectComparePlaying);
  const unit = useCompare(selectCompareUnit);
  const sync = useCompare(selectCompareSync);
  const max = compareMaxCompute();
  return (
    <div className="if-cmp-timeline">
      <Btn icon="start" label="To start" onClick={() => compare.toStart()} />
      <Btn icon="back" label="Step back" onClick={() => compare.stepBack()} />
      <Btn icon={playing ? 'pause' : 'play'} label={playing ? 'Pause' : 'Play'} onClick={() => compare.togglePlay()} />
      <Btn icon="forward" label="Step forward" onClick={() => compare.stepForward()} />
      <Btn icon="end" label="To end" onClick={() => compare.toEnd()} />
      <input
        type="range" className="if-cmp-scrub" min={0} max={max || 1} step="any" value={Math.min(playhead, max || 1)}
        aria-label={`Compute playhead (${unit === 'flops' ? 'FLOPs' : 'policy tokens'})`} data-testid="compare-scrub"
        onChange={(e) => { compare.pause(); compare.seek(Number(e.target.value)); }}
      />
      <output className="if-cmp-clock" data-testid="compare-clock">
        {fmt(playhead, unit)} / {fmt(max, unit)} {unit === 'flops' ? 'FLOPs' : 'tokens'}
      </output>
      <label className="if-cmp-switch">
        Unit{' '}
        <select className="if-select" value={unit} aria-label="Compute unit" data-testid="compare-unit" onChange={(e) => compare.setUnit(e.target.value as CompareUnit)}>
          <option value="flops">FLOPs</option>
          <option value="tokens">policy tokens</option>
        </select>
      </label>
      <label className="if-cmp-switch">
        <input type="checkbox" checked={sync} onChange={(e) => compare.setSync(e.target.checked)} data-testid="compare-sync" /> Sync zoom
      </label>
      <button type="button" className="if-btn" onClick={fitAllPanes}>Fit all</button>
    </div>
  );
}
