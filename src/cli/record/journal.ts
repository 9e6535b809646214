/**
 * The recording journal: JSON Lines next to the bundle (`x.trace.json` → `x.trace.jsonl`), one
 * header line with the recording's settings, then one line per finished work item with what it
 * added to its problem's pool and the sweep cells it produced, and one `partial` line per failed
 * or interrupted item with the samples the server did answer (no cells: the item is done again
 * on --resume, served those samples first). Lines are appended and flushed to
 * disk one at a time, so a crash loses at most the items in progress; a line cut off by a crash
 * (the last one) is dropped when the journal is read again. Format in docs/record.md.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import type { SweepCell } from '../../search/sweep';
import { UsageError } from '../args';
import type { PoolDelta } from './pool';

export const JOURNAL_FORMAT = 'inference-frontier-record-journal';

/** Everything that decides what a recording samples; a resumed recording must match it exactly. */
export interface RecordConfig {
  policy: { baseUrl: string; model: string; params: number; format: string; kind?: string; maxStepTokens: number };
  prm: Record<string, string | number> | null;
  grid: { strategies: string[]; budgets: number[]; seed: number; subsample: boolean };
  problems: { source: string; count: number; digest: string };
  shard: { index: number; count: number } | null;
}

export interface JournalHeader {
  type: 'header';
  format: typeof JOURNAL_FORMAT;
  version: 1;
  createdAt: string;
  config: RecordConfig;
}

export interface JournalItem {
  type: 'item';
  /** `<problem id>|<strategy>|<budget>` (`|sampling|` for the shared pool of the voting strategies). */
  key: string;
  problemId: string;
  delta: PoolDelta;
  cells: SweepCell[];
  wallMs: number;
  liveCalls: number;
}

/** A failed or interrupted item's answered samples (its pool delta), kept for its retry. */
export interface JournalPartial {
  type: 'partial';
  key: string;
  problemId: string;
  delta: PoolDelta;
  /** Why the item did not finish. */
  reason: string;
}

export interface Journal {
  header: JournalHeader;
  /** Finished items and partial ones, in file order (their deltas apply in this order). */
  items: (JournalItem | JournalPartial)[];
  /** Bytes of a last line cut off by a crash (dropped). */
  tornBytes: number;
  /** Bytes of the whole lines (where appending goes on). */
  validBytes: number;
}

/** `x.trace.json` / `x.trace.json.gz` → `x.trace.jsonl`. */
export function journalPath(out: string): string {
  const base = out.replace(/\.gz$/, '');
  if (!base.endsWith('.json')) throw new UsageError(`--out must end in .json or .json.gz (got "${out}")`);
  return `${base}l`;
}

function bad(path: string, line: number, what: string): UsageError {
  return new UsageError(`${path}, line ${line}: ${what} — not a recording journal, or damaged`);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Read a journal; null when there is none. A torn last line is dropped and its bytes reported. */
export function readJournal(path: string): Journal | null {
  if (!existsSync(path)) return null;
  const bytes = readFileSync(path);
  // Everything after the last newline is a line whose write did not finish.
  const validBytes = bytes.lastIndexOf(0x0a) + 1;
  const tornBytes = bytes.length - validBytes;
  const lines = bytes.subarray(0, validBytes).toString('utf8').split('\n');
  lines.pop();
  if (lines.length === 0) throw bad(path, 1, 'no journal header');
  const parsed: unknown[] = [];
  for (let i = 0; i < lines.length; i++) {
    try {
      parsed.push(JSON.parse(lines[i]));
    } catch {
      throw bad(path, i + 1, 'not JSON');
    }
  }
  const header = parsed[0];
  if (!isRecord(header) || header.type !== 'header' || header.format !== JOURNAL_FORMAT) throw bad(path, 1, 'no journal header');
  if (header.version !== 1) throw bad(path, 1, `journal version ${String(header.version)} is not supported (this build reads 1)`);
  if (!isRecord(header.config)) throw bad(path, 1, 'the header has no config');
  const items: (JournalItem | JournalPartial)[] = [];
  for (let i = 1; i < parsed.length; i++) {
    const x = parsed[i];
    if (!isRecord(x) || (x.type !== 'item' && x.type !== 'partial') || typeof x.key !== 'string' || typeof x.problemId !== 'string' || !isRecord(x.delta)
      || !Array.isArray(x.delta.nodes) || !isRecord(x.delta.rewards) || (x.type === 'item' && !Array.isArray(x.cells))) {
      throw bad(path, i + 1, 'not a work item record');
    }
    items.push(x as unknown as JournalItem | JournalPartial);
  }
  return { header: header as unknown as JournalHeader, items, tornBytes, validBytes };
}

/** Appends records, each flushed to disk before `append` returns. */
export class JournalWriter {
  private fd: number;

  private constructor(path: string, flags: string) {
    this.fd = openSync(path, flags);
  }

  /** A new journal with its header (fails if the file exists). */
  static create(path: string, header: JournalHeader): JournalWriter {
    const w = new JournalWriter(path, 'wx');
    w.append(header);
    return w;
  }

  /** Go on with a journal; a torn last line is cut off first. */
  static reopen(path: string, journal: Journal): JournalWriter {
    if (journal.tornBytes > 0) truncateSync(path, journal.validBytes);
    return new JournalWriter(path, 'a');
  }

  append(record: JournalHeader | JournalItem | JournalPartial): void {
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** The first place two configs differ, as a dotted path with both values; null when equal. */
export function configDifference(a: unknown, b: unknown, path = 'config'): string | null {
  if (isRecord(a) && isRecord(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const d = configDifference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) {
      const d = configDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  return `${path}: the journal has ${JSON.stringify(a) ?? 'nothing'}, this command ${JSON.stringify(b) ?? 'nothing'}`;
}
