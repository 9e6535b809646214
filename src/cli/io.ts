/** File I/O for the CLI: bundles (plain or gzip), JSON/CSV output. Errors name the file. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isGzip, parseBundleText, type Bundle } from '../trace/bundle';
import { UsageError } from './args';

/** Read and validate a trace bundle (`.trace.json` or `.trace.json.gz`). */
export function readBundle(path: string): Bundle {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let text: string;
  try {
    text = new TextDecoder().decode(isGzip(bytes) ? gunzipSync(bytes) : bytes);
  } catch (e) {
    throw new UsageError(`${path}: not a readable gzip file (${(e as Error).message})`);
  }
  try {
    return parseBundleText(text);
  } catch (e) {
    throw new UsageError(`${path}: ${(e as Error).message}`);
  }
}

/** Write a text file, creating its folder. */
export function writeText(path: string, text: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Rows of flat records as CSV (RFC 4180 quoting). */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const cols = Object.keys(rows[0]);
  const cell = (v: unknown) => {
    const s = v === undefined || v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}
