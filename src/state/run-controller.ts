/**
 * Runs the Explorer's one search at a time through the worker bridge. Batches from the worker
 * are queued and applied to the Playback at the next animation frame — however many arrived in
 * between, the store changes once per frame (house style, proxx). Each run has a generation
 * number; events and outcomes of a replaced run are dropped, so a late batch of a cancelled run
 * can never leak into the new tree.
 */
import type { DoneEvent, SearchEvent } from '../search/events';
import { getSearchBridge, type RunHandle } from '../workers/bridge';
import type { RecordDelta, RunOutcome, RunRequest } from '../workers/protocol';
import { useExplorer } from './explorer-store';
import { requestFrame } from './pacing';
import { getPlayback } from './playback-store';

let generation = 0;
let handle: RunHandle | null = null;
let queue: SearchEvent[] = [];
let cancelFrame: (() => void) | null = null;
/** Called after the log grew or the run ended (explorer-actions restores a linked playhead). */
let onLog: (() => void) | null = null;

/** Register the one listener for log growth and run ends. */
export function setLogListener(listener: (() => void) | null): void {
  onLog = listener;
}

/** Apply the queued events: one Playback append, one store update. */
function flush(): void {
  cancelFrame?.();
  cancelFrame = null;
  if (queue.length === 0) return;
  const events = queue;
  queue = [];
  const playback = getPlayback();
  playback.append(events);
  useExplorer.setState((s) => ({ eventCount: playback.events.length, revision: s.revision + 1 }));
  onLog?.();
}

/** Why a run ended early, in words, or null when it ran to its end. */
export function runNoteOf(outcome: RunOutcome): string | null {
  if (outcome.status === 'error') return outcome.error ? `The run failed: ${outcome.error}` : 'The run failed.';
  if (outcome.status === 'cancelled') return 'The run was cancelled.';
  return incompleteNote(outcome.done);
}

function incompleteNote(done: DoneEvent | undefined): string | null {
  const inc = done?.incomplete;
  if (!inc) return null;
  if (inc.reason === 'cancelled') return 'The run was cancelled.';
  const coverage = inc.coverage === undefined ? '' : ` The trace held ${Math.round(inc.coverage * 100)}% of the samples the strategy asked for.`;
  return `The run ended early: ${inc.reason}.${coverage}`;
}

/** Cancel the current run (if any) and forget its pending events. */
export function cancelRun(): void {
  generation++;
  handle?.cancel();
  handle = null;
  queue = [];
  cancelFrame?.();
  cancelFrame = null;
}

/** Keeps a live run's record (recording-writer.ts): every batch, and how the run ended. */
export interface RunRecorder {
  append(events: readonly SearchEvent[], record?: RecordDelta): void;
  finish(outcome: RunOutcome): unknown;
}

/**
 * Stop the current run where it is, keeping its tree: its status becomes 'cancelled' with a
 * note. A live run's requests in flight are aborted (the worker cancels its HTTP backend).
 */
export function stopRun(): void {
  handle?.cancel();
}

/**
 * Start a run, replacing the current one. The caller has already reset the Playback and the
 * store's playhead; this sets `status` to 'running' and later to the outcome. A `recorder` gets
 * every batch of the run — also after it was cancelled or replaced — and its outcome.
 */
export function startRun(req: RunRequest, recorder?: RunRecorder): void {
  cancelRun();
  const mine = generation;
  useExplorer.setState({ status: 'running', runNote: null });
  const finish = (outcome: RunOutcome): void => {
    if (mine !== generation) return;
    flush(); // the last batch may still wait for its frame; the outcome must not overtake it
    handle = null;
    useExplorer.setState({ status: outcome.status, runNote: runNoteOf(outcome) });
    onLog?.();
  };
  const errorOutcome = (err: unknown): RunOutcome => ({ status: 'error', error: err instanceof Error ? err.message : String(err) });
  try {
    handle = getSearchBridge().run(req, (batch) => {
      if (mine !== generation || batch.length === 0) return;
      for (const e of batch) queue.push(e);
      cancelFrame ??= requestFrame(flush);
    }, recorder ? { onRecord: (events, record) => recorder.append(events, record) } : {});
  } catch (err) {
    recorder?.finish(errorOutcome(err));
    finish(errorOutcome(err));
    return;
  }
  handle.done.then((outcome) => {
    recorder?.finish(outcome);
    finish(outcome);
  }, (err: unknown) => {
    recorder?.finish(errorOutcome(err));
    finish(errorOutcome(err));
  });
}
