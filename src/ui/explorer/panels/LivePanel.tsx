/**
 * The live run strip of the control column (shown while the source is a live server): which
 * server, whether the run is going, Stop (aborts the requests in flight) and Run again, and that
 * the run is being recorded into the Library. A recording that cannot be written says so here.
 */
import { explorer } from '../../../state/explorer-actions';
import { selectParams, selectRunNote, selectStatus, useExplorer } from '../../../state/explorer-store';
import { getPlayback } from '../../../state/playback-store';
import { live } from '../../../state/live-actions';
import { selectRecordingError, selectServers, useLive } from '../../../state/live-store';

export function LivePanel() {
  const { source } = useExplorer(selectParams);
  const status = useExplorer(selectStatus);
  const servers = useLive(selectServers);
  const recordingError = useLive(selectRecordingError);
  const runNote = useExplorer(selectRunNote);
  useExplorer((s) => s.revision);
  if (source.kind !== 'live') return null;
  const server = servers.find((s) => s.id === source.id);
  const running = status === 'running';
  // A run that produced no node leaves no recording (recording-writer.ts): do not promise one.
  const where = getPlayback().events.some((e) => e.type === 'node') ? 'what it produced is in the Library' : 'nothing was recorded';
  const ended = status === 'error' ? `failed — ${where}` : runNote && status === 'done' ? `ended early — ${where}` : null;
  return (
    <section className="if-live" aria-label="Live run" data-testid="live-panel">
      <p className="if-field-hint">
        {server ? `Live: ${server.model} at ${server.baseUrl}` : `Live server "${source.id}" is not configured.`}
        {' · '}{running ? 'running, recorded into the Library as it goes' : ended ?? (status === 'done' ? 'finished — in the Library' : status === 'cancelled' ? 'stopped — in the Library' : status)}
      </p>
      {runNote && !running && status !== 'cancelled' && <p className="if-field-error" role="status" data-testid="live-run-note">{runNote}</p>}
      <div className="if-live-actions">
        {running ? (
          <button type="button" className="if-btn" onClick={() => explorer.stopRun()} data-testid="live-stop" title="Abort the requests in flight; the tree so far stays and is recorded">Stop</button>
        ) : (
          <button type="button" className="if-btn" onClick={() => explorer.rerun()} data-testid="live-rerun" title="Sample the same strategy again on the server (a new recording)">Run again</button>
        )}
      </div>
      {recordingError && (
        <p className="if-field-error" role="alert">
          {recordingError}{' '}
          <button type="button" className="if-btn if-btn-small" onClick={() => live.setRecordingError(null)}>Dismiss</button>
        </p>
      )}
    </section>
  );
}
