/**
 * Test helpers shared by the live-run tests: a fresh Explorer and live store before each test, and
 * after it, the run stopped and every recording gone (the IndexedDB connection closed).
 */
import { initialExplorerState, useExplorer } from '../explorer-store';
import { recordingsIdle } from '../live-run';
import { useLive } from '../live-store';
import { closeRecordingDb, deleteRecording, listRecordings } from '../recording-db';
import { cancelRun } from '../run-controller';

/** The Explorer at its defaults and no live servers, keys, probes or dataset. */
export function resetLiveState(): void {
  useExplorer.setState(initialExplorerState, true);
  useLive.setState({ servers: [], keys: {}, remembered: {}, tests: {}, dataset: null, recordingError: null });
}

/** Stop the run, let the recorder settle, delete every recording and close the database. */
export async function clearRecordings(): Promise<void> {
  cancelRun();
  await recordingsIdle();
  for (const m of await listRecordings()) await deleteRecording(m.id);
  await closeRecordingDb();
}
