/** The shape every importer has: records in, one bundle out. */
import type { Bundle } from '../bundle';

/**
 * Imports the records of one file. `add` takes one parsed record (a JSONL line, an element of a
 * JSON array, or a whole JSON document) with where it came from (`line 3`, `[2]`, or '');
 * `finish` returns the validated bundle. Both throw an ImportError naming the line and field.
 */
export interface RecordImporter {
  add(record: unknown, where: string): void;
  finish(): Bundle;
}
