/**
 * The Library (issue 7 item 5; docs/live.md): the live runs recorded in this browser, newest
 * first — problem, strategy, model, date, nodes, complete or incomplete (with why) — each of which
 * opens in the Explorer (replayed from what was recorded), exports as a `.trace.json.gz` bundle,
 * or is deleted (asked twice). Opened from the Explorer's header ("Library…").
 */
import { useEffect, useState } from 'react';
import { explorer } from '../../state/explorer-actions';
import { library, selectItems, selectLibraryError, selectLoaded, statusLabel, useLibrary } from '../../state/library-store';
import type { RecordingMeta } from '../../state/recording-db';
import { Dialog } from '../backends/Dialog';
import '../backends/backends.css';

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const INT = new Intl.NumberFormat('en-US');
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Save bytes as a download (an object URL on a temporary link). */
function download(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/gzip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Row({ meta, onOpen, onError }: { meta: RecordingMeta; onOpen: () => void; onError: (e: string) => void }) {
  const [confirm, setConfirm] = useState(false);
  const status = statusLabel(meta);
  const answer = meta.answer === undefined ? '' : meta.answer === null ? 'no answer' : `answer ${meta.answer}${meta.correct ? ' (correct)' : ' (wrong)'}`;
  return (
    <tr data-testid="library-row" data-id={meta.id} data-status={status.label} data-nodes={meta.nodeCount}>
      <td>
        {meta.problem.id}
        <span className="if-library-question" title={meta.problem.question}>{meta.problem.question.length > 90 ? `${meta.problem.question.slice(0, 89)}…` : meta.problem.question}</span>
      </td>
      <td>{meta.title.split(' · ')[0]}<span className="if-library-question">seed {meta.seed}</span></td>
      <td>{meta.policy}<span className="if-library-question">{meta.prm ? `PRM ${meta.prm}` : 'no PRM'} · {meta.server}</span></td>
      <td>{DATE.format(new Date(meta.createdAt))}</td>
      <td className="if-num">{INT.format(meta.nodeCount)}</td>
      <td>
        <span className={`if-status-${status.label}`}>{status.label}</span>
        {status.reason && <span className="if-library-question">{status.reason}</span>}
        {answer && <span className="if-library-question">{answer}</span>}
      </td>
      <td>
        <div className="if-library-actions">
          <button type="button" className="if-btn" onClick={() => { void explorer.openRecording(meta.id); onOpen(); }} data-testid="library-open">Open</button>
          <button type="button" className="if-btn" onClick={() => void library.exportFile(meta.id).then((f) => download(f.name, f.bytes), (err: unknown) => onError(`Could not export: ${message(err)}`))} data-testid="library-export">Export .gz</button>
          {confirm ? (
            <>
              <button type="button" className="if-btn if-btn-danger" onClick={() => void library.remove(meta.id)} data-testid="library-delete-confirm">Delete for good</button>
              <button type="button" className="if-btn" onClick={() => setConfirm(false)}>Keep</button>
            </>
          ) : (
            <button type="button" className="if-btn" onClick={() => setConfirm(true)} data-testid="library-delete">Delete…</button>
          )}
        </div>
      </td>
    </tr>
  );
}

export function LibraryPanel({ onOpen }: { onOpen: () => void }) {
  const items = useLibrary(selectItems);
  const loaded = useLibrary(selectLoaded);
  const error = useLibrary(selectLibraryError);
  const [rowError, setRowError] = useState<string | null>(null);
  useEffect(() => {
    void library.refresh();
  }, []);
  if (!loaded) return <p className="if-hint" role="status">Reading the Library…</p>;
  return (
    <div className="if-library">
      {(error ?? rowError) && <p className="if-field-error" role="alert">{error ?? rowError}</p>}
      {items.length === 0 ? (
        <p className="if-hint" data-testid="library-empty">No recordings yet. Every live run (Backends…) is recorded here as it goes.</p>
      ) : (
        <table className="if-library-table" data-testid="library-table">
          <caption className="if-sr-only">Live recordings, newest first</caption>
          <thead>
            <tr><th scope="col">Problem</th><th scope="col">Strategy</th><th scope="col">Model</th><th scope="col">Date</th><th scope="col">Nodes</th><th scope="col">Status</th><th scope="col">Actions</th></tr>
          </thead>
          <tbody>
            {items.map((m) => <Row key={m.id} meta={m} onOpen={onOpen} onError={setRowError} />)}
          </tbody>
        </table>
      )}
      <p className="if-field-hint">Recordings stay in this browser (IndexedDB) until deleted. An exported .trace.json.gz replays offline, and loads back with “Load trace…”.</p>
    </div>
  );
}

/** The "Library…" button and its dialog. */
export function LibraryButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="if-btn" onClick={() => setOpen(true)} aria-haspopup="dialog" data-testid="open-library" title="Live runs recorded in this browser">
        Library…
      </button>
      <Dialog open={open} title="Library — recorded live runs" onClose={() => setOpen(false)} testId="library-dialog">
        <LibraryPanel onOpen={() => setOpen(false)} />
      </Dialog>
    </>
  );
}
