/**
 * The recorder of a live run in the Explorer: a RecordingWriter for the run's parameters, which
 * the run controller feeds with every batch (also after a cancel) and the outcome. Its progress
 * shows in the Library at once; a write failure is reported once in the Explorer.
 */
import { describeSpec } from '../search/strategies/index';
import type { ExplorerParams } from './explorer-store';
import { problemFor } from './catalog';
import { prmInfoOf } from './live-config';
import { liveServer, useLive } from './live-store';
import { library } from './library-store';
import { RecordingWriter } from './recording-writer';

/** The writers of this page's live runs, newest last (the test hook and the Library read it). */
const writers: RecordingWriter[] = [];

/** A writer for a live run of `params`, or null for any other source. */
export function recorderFor(params: ExplorerParams): RecordingWriter | null {
  if (params.source.kind !== 'live') return null;
  const server = liveServer(params.source.id);
  const problem = problemFor(params.source, params.problemId);
  if (!server || !problem) return null;
  const writer = new RecordingWriter(
    { server: server.baseUrl, policy: server.model, prm: prmInfoOf(server)?.name ?? null, problem, strategy: params.spec, seed: params.seed },
    (meta) => library.noteChange(meta),
    (msg) => useLive.setState({ recordingError: `${msg} (${describeSpec(params.spec)} on ${problem.id})` }),
  );
  writers.push(writer);
  if (writers.length > 20) writers.shift();
  return writer;
}

/** The id of the latest live run's recording in this page (null before one was created). */
export function latestRecordingId(): string | null {
  for (let i = writers.length - 1; i >= 0; i--) if (writers[i].current) return writers[i].id;
  return null;
}

/** Resolves when every live recording of this page has written what it was given. */
export async function recordingsIdle(): Promise<void> {
  await Promise.all(writers.map((w) => w.idle()));
}
