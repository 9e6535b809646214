/**
 * One entry point for any file a user opens: a trace bundle loads as it is; a file in a format
 * the importers know is imported into a bundle. Pure: the caller reads and gunzips.
 */
import { parseBundleText, type Bundle } from '../bundle';
import type { ImportFormat, ImportOptions } from './context';
import { classifyDocument, classifyRecord, firstRecord, isBundleFileName, parseDocument, withoutBom, type DetectedFormat } from './detect';
import { ImportError } from './fields';
import { linesOf } from './lines';
import { treeLogImporter } from './llm-reasoners';
import { openaiScoredImporter } from './openai-scored';
import { openrMctsImporter } from './openr-mcts';
import { openrRecordsImporter } from './openr-records';
import { prm800kImporter } from './prm800k';
import { rebaseAnswersImporter } from './rebase-answers';
import { searchAndLearnImporter } from './search-and-learn';
import type { RecordImporter } from './types';

const IMPORTERS: Record<ImportFormat, (options: ImportOptions) => RecordImporter> = {
  'rebase-answers': rebaseAnswersImporter,
  'openr-records': openrRecordsImporter,
  'openr-mcts': openrMctsImporter,
  prm800k: prm800kImporter,
  'openai-scored': openaiScoredImporter,
  'search-and-learn': searchAndLearnImporter,
  'llm-reasoners-treelog': treeLogImporter,
};

/** An importer for one format, fed record by record (the CLI streams large JSON Lines files through it). */
export function createImporter(format: ImportFormat, options: ImportOptions = {}): RecordImporter {
  return IMPORTERS[format](options);
}

/** Parse one JSON Lines line; a broken line is an ImportError naming it. */
export function parseLine(format: string, line: string, n: number): unknown {
  try {
    return JSON.parse(line);
  } catch (err) {
    throw new ImportError(format, `line ${n}`, '', `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** Import a whole text in a known format: a JSON document (an object or an array of records) or JSON Lines. */
export function importText(format: ImportFormat, text: string, options: ImportOptions = {}): Bundle {
  const clean = withoutBom(text);
  return importParsed(format, clean, parseDocument(clean), options);
}

function importParsed(format: ImportFormat, clean: string, doc: { json: unknown } | undefined, options: ImportOptions): Bundle {
  const importer = createImporter(format, options);
  if (doc && Array.isArray(doc.json) && format !== 'llm-reasoners-treelog') {
    doc.json.forEach((record, i) => importer.add(record, `[${i}]`));
  } else if (doc) {
    importer.add(doc.json, clean.trim().includes('\n') ? '' : 'line 1');
  } else {
    for (const [line, n] of linesOf(clean)) {
      if (line.trim() !== '') importer.add(parseLine(format, line, n), `line ${n}`);
    }
  }
  return importer.finish();
}

export interface ImportAnyOptions extends ImportOptions {
  /** The file's name: names the bundle, and `*.trace.json[.gz]` always loads as a bundle. */
  fileName?: string;
  /** Skip detection. */
  format?: DetectedFormat;
}

export interface ImportResult {
  format: DetectedFormat;
  bundle: Bundle;
}

/**
 * Load a file's (decompressed) text as a bundle: a trace bundle exactly as `parseBundleText`
 * reads it, or an import of any format {@link detectFormat} recognises. Text in no known format
 * goes to `parseBundleText` too, so its error is the bundle reader's. Throws BundleError or
 * ImportError, each naming where the problem is.
 */
export function importAny(text: string, options: ImportAnyOptions = {}): ImportResult {
  const { fileName, format: given, ...rest } = options;
  let format = given;
  const clean = withoutBom(text);
  // Gzip bytes passed as text fall through to parseBundleText, which says to decompress them.
  const gzip = text.charCodeAt(0) === 0x1f && text.charCodeAt(1) === 0x8b;
  const doc = gzip || isBundleFileName(fileName) || format === 'bundle' ? undefined : parseDocument(clean);
  if (format === undefined && !gzip && !isBundleFileName(fileName)) {
    format = (doc ? classifyDocument(doc.json) : classifyRecord(firstRecord(clean))) ?? undefined;
  }
  if (format === undefined || format === 'bundle') return { format: 'bundle', bundle: parseBundleText(text) };
  const title = rest.title ?? (fileName !== undefined ? fileName.replace(/^.*[\\/]/, '') : undefined);
  return { format, bundle: importParsed(format, clean, doc, { ...rest, ...(title !== undefined ? { title } : {}) }) };
}
