/**
 * The timeline under the canvas: transport buttons, the scrub slider, speed, step granularity and
 * the compute counter at the playhead. The keyboard shortcuts named in the titles are handled in
 * src/state/keyboard.ts, not here.
 */
import type { ReactNode } from 'react';
import { conventionLabel, formatFlops, PAPER_CONVENTION } from '../../../search/compute';
import { explorer } from '../../../state/explorer-actions';
import {
  SPEEDS, selectEventCount, selectGranularity, selectParams, selectPlayhead, selectPlaying, selectSpeed, selectStatus, useExplorer,
} from '../../../state/explorer-store';
import { formatInt, stepUnit } from './format';
import { isSimulated, usePlayback } from './useRun';
import { TRANSPORT_ICONS } from '../../common/transport-icons';

const ICONS: Record<string, string> = TRANSPORT_ICONS;

/** Never `disabled`: a button that disables itself under the keyboard focus drops the focus to the page. */
function Btn({ icon, label, keys, onClick, disabled }: { icon: string; label: string; keys: string; onClick: () => void; disabled?: boolean }) {
  return (
    <button type="button" className="if-btn if-btn-icon" aria-label={label} title={`${label} (${keys})`} onClick={onClick} aria-disabled={disabled || undefined}>
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false"><path d={ICONS[icon]} fill="currentColor" /></svg>
    </button>
  );
}

function Stat({ term, children, title }: { term: string; children: ReactNode; title?: string }) {
  return (
    <div className="if-stat" title={title}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * Play/pause, step back/forward (by event or by the strategy's step: REBASE/beam depth, MCTS
 * iteration, sampled solution), to start/end, scrubbing, speed 0.25×–8×, and the compute spent
 * up to the playhead. No props.
 */
export function Timeline() {
  const playhead = useExplorer(selectPlayhead);
  const eventCount = useExplorer(selectEventCount);
  const playing = useExplorer(selectPlaying);
  const speed = useExplorer(selectSpeed);
  const granularity = useExplorer(selectGranularity);
  const status = useExplorer(selectStatus);
  const params = useExplorer(selectParams);
  const { playback } = usePlayback();
  const unit = stepUnit(params.spec.name);
  const cuts = playback.stepBoundaries('step');
  const stepNow = cuts.filter((c) => c <= playhead).length;
  const c = playback.compute;
  const atStart = playhead === 0;
  const atEnd = playhead >= eventCount;
  const sim = isSimulated(params.source);
  return (
    <section className="if-panel if-timeline" aria-label="Timeline">
      <div className="if-transport">
        <Btn icon="start" label="To start" keys="Home" onClick={() => explorer.toStart()} disabled={atStart} />
        <Btn icon="back" label={`Step back one ${granularity === 'event' ? 'event' : unit}`} keys="←" onClick={() => explorer.stepBack()} disabled={atStart} />
        <Btn icon={playing ? 'pause' : 'play'} label={playing ? 'Pause' : 'Play'} keys="Space" onClick={() => explorer.togglePlay()} />
        <Btn icon="forward" label={`Step forward one ${granularity === 'event' ? 'event' : unit}`} keys="→" onClick={() => explorer.stepForward()} disabled={atEnd && status !== 'running'} />
        <Btn icon="end" label="To end" keys="End" onClick={() => explorer.toEnd()} disabled={atEnd && status !== 'running'} />
        <input
          type="range"
          className="if-scrub"
          min={0}
          max={eventCount}
          step={1}
          value={playhead}
          onChange={(e) => explorer.seek(Number(e.currentTarget.value))}
          aria-label="Playhead"
          aria-valuetext={`event ${playhead} of ${eventCount}`}
        />
        <span className="if-position" aria-hidden="true">
          {unit} {stepNow}/{cuts.length} · event {playhead}/{eventCount}
          {status === 'running' ? ' · running…' : ''}
        </span>
      </div>
      <div className="if-timeline-row">
        <div className="if-segmented" role="group" aria-label="Step by">
          {(['event', 'step'] as const).map((g) => (
            <button key={g} type="button" className="if-btn" aria-pressed={granularity === g} onClick={() => explorer.setGranularity(g)}>
              {g === 'event' ? 'event' : unit}
            </button>
          ))}
        </div>
        <label className="if-inline">
          Speed
          <select className="if-select" value={speed} onChange={(e) => explorer.setSpeed(Number(e.currentTarget.value))}>
            {(SPEEDS.includes(speed as (typeof SPEEDS)[number]) ? SPEEDS : [...SPEEDS, speed].sort((a, b) => a - b)).map((s) => (
              <option key={s} value={s}>{s}×</option>
            ))}
          </select>
        </label>
        {sim && <span className="if-tag">simulated</span>}
      </div>
      <div className="if-timeline-row">
        <dl className="if-compute" aria-label={`Compute so far${sim ? ' (simulated)' : ''}`}>
          <Stat term="policy tokens">{formatInt(c.policyTokens)}</Stat>
          <Stat term="FLOPs" title={conventionLabel(PAPER_CONVENTION)}>
            {formatFlops(c.flops)} <span className="if-muted">{conventionLabel(PAPER_CONVENTION)}</span>
          </Stat>
          <Stat term="PRM tokens">{formatInt(c.prmTokens)}</Stat>
          <Stat term="calls">{formatInt(c.calls)}</Stat>
        </dl>
      </div>
    </section>
  );
}
