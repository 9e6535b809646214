/**
 * Importers: other tools' files → trace bundles v1 (docs/importers.md). Pure TypeScript: no DOM,
 * no Node modules; the I/O layers read and gunzip files and pass the text (or records).
 */
export { IMPORT_FORMATS, apportion, estimateTokens, type ImportFormat, type ImportOptions } from './context';
export { LINE_FORMATS, classifyDocument, classifyRecord, detectFormat, type DetectedFormat } from './detect';
export { ImportError } from './fields';
export { createImporter, importAny, importText, parseLine, type ImportAnyOptions, type ImportResult } from './import-any';
export { LineSplitter, linesOf } from './lines';
export { OPENAI_SCORED_URL } from './openai-scored';
export type { RecordImporter } from './types';
