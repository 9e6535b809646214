/**
 * Which format a file is in, from its content (the file name only to recognise a trace
 * bundle). JSON documents are classified whole; JSON Lines by their first record.
 */
import { FORMAT as BUNDLE_FORMAT } from '../schema';
import type { ImportFormat } from './context';
import { isObject } from './fields';
import { linesOf } from './lines';
import { isTreeLog } from './llm-reasoners';
import { isOpenaiScoredRecord } from './openai-scored';
import { isOpenrMctsRecord } from './openr-mcts';
import { isOpenrRecord } from './openr-records';
import { isPrm800kRecord } from './prm800k';
import { isRebaseAnswer } from './rebase-answers';
import { isSearchAndLearnRecord } from './search-and-learn';

/** An importable format, or a trace bundle (which loads as it is). */
export type DetectedFormat = ImportFormat | 'bundle';

/** The formats whose files are JSON Lines (one record per line), which the CLI can stream. */
export const LINE_FORMATS: readonly ImportFormat[] = ['openr-records', 'openr-mcts', 'prm800k', 'openai-scored', 'search-and-learn'];

/** Tested in this order: the more specific shapes first. */
const RECORD_TESTS: readonly [ImportFormat, (x: unknown) => boolean][] = [
  ['prm800k', isPrm800kRecord],
  ['openai-scored', isOpenaiScoredRecord],
  ['openr-mcts', isOpenrMctsRecord],
  ['openr-records', isOpenrRecord],
  ['search-and-learn', isSearchAndLearnRecord],
  ['rebase-answers', isRebaseAnswer],
];

/** The format of one record (a JSON Lines line or an array element), or null. */
export function classifyRecord(x: unknown): ImportFormat | null {
  return RECORD_TESTS.find(([, test]) => test(x))?.[0] ?? null;
}

/** The format of a parsed JSON document, or null. */
export function classifyDocument(json: unknown): DetectedFormat | null {
  if (isObject(json) && json.format === BUNDLE_FORMAT) return 'bundle';
  if (isTreeLog(json)) return 'llm-reasoners-treelog';
  if (Array.isArray(json)) return json.length > 0 ? classifyRecord(json[0]) : null;
  return classifyRecord(json);
}

/** A file name that says "trace bundle" (`*.trace.json`, `*.trace.json.gz`). */
export function isBundleFileName(fileName: string | undefined): boolean {
  return fileName !== undefined && /\.trace\.json(\.gz)?$/i.test(fileName);
}

/** The text without a leading byte-order mark. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The whole text parsed as one JSON document, or undefined when it is not one (e.g. JSON Lines). */
export function parseDocument(text: string): { json: unknown } | undefined {
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return { json: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** The first non-blank line parsed as JSON, or undefined. */
export function firstRecord(text: string): unknown {
  for (const [line] of linesOf(text)) {
    if (line.trim() === '') continue;
    try {
      return JSON.parse(line);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The format of a file's text: a trace bundle (by its `format` field, or a `.trace.json[.gz]`
 * name), one of the {@link ImportFormat}s, or null when it is none of them. The text must be
 * decompressed already.
 */
export function detectFormat(text: string, fileName?: string): DetectedFormat | null {
  if (isBundleFileName(fileName)) return 'bundle';
  const clean = withoutBom(text);
  const doc = parseDocument(clean);
  if (doc) return classifyDocument(doc.json);
  return classifyRecord(firstRecord(clean));
}
