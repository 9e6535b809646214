/**
 * GSM8K and MATH500 as problem sets for live runs (issue 7 item 8). Text in, problems out:
 * fetching a URL or reading a file is the caller's job. Gold answers stay exactly as the dataset
 * gives them — GSM8K: the text after `####` with thousands commas removed (the dataset's own rule,
 * ../shared/data/README.md); MATH500: the `answer` field verbatim.
 */
import * as v from 'valibot';
import type { Problem } from '../search/types';
import { describeIssue } from './errors';
import { obj, str } from './schemas';

export type DatasetName = 'gsm8k' | 'math500';

/** A bad line: `message` names the line (1-based) and what is wrong. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  constructor(readonly line: number, detail: string) {
    super(`line ${line}: ${detail}`);
  }
}

const gsm8kRow = obj({ question: str, answer: str });
const math500Row = obj({
  problem: str,
  answer: str,
  subject: v.optional(str),
  level: v.optional(v.union([v.pipe(v.number(), v.integer()), str], 'must be a whole number')),
  unique_id: v.optional(str),
});

/** Non-blank lines of a JSONL text with their 1-based line numbers, parsed. */
function* jsonLines(text: string): Generator<{ line: number; value: unknown }> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new DatasetError(i + 1, `not JSON (${(err as Error).message})`);
    }
    yield { line: i + 1, value };
  }
}

function row<T>(schema: v.GenericSchema<unknown, T>, line: number, value: unknown): T {
  const r = v.safeParse(schema, value);
  if (!r.success) throw new DatasetError(line, describeIssue(r.issues[0]).replace('(the response)', '(the row)'));
  return r.output;
}

/** GSM8K's gold answer: the text after the last `####`, trimmed, thousands commas removed. */
export function gsm8kGold(solution: string): string | null {
  const at = solution.lastIndexOf('####');
  if (at < 0) return null;
  const gold = solution.slice(at + 4).trim().replace(/,/g, '');
  return gold === '' ? null : gold;
}

export interface DatasetOptions {
  /** Keep the first `limit` problems. */
  limit?: number;
}

/**
 * GSM8K JSONL (`{question, answer}` per line) → problems `gsm8k-<row>` (0-based row among the
 * non-blank lines), dataset `gsm8k`, GSM8K grading.
 */
export function parseGsm8k(text: string, opts: DatasetOptions = {}): Problem[] {
  const out: Problem[] = [];
  for (const { line, value } of jsonLines(text)) {
    if (opts.limit !== undefined && out.length >= opts.limit) break;
    const r = row(gsm8kRow, line, value);
    const answer = gsm8kGold(r.answer);
    if (answer === null) throw new DatasetError(line, 'answer: has no "#### <final answer>" line');
    out.push({ id: `gsm8k-${out.length}`, question: r.question, answer, dataset: 'gsm8k', grading: 'gsm8k' });
  }
  return out;
}

/**
 * MATH500 JSONL (`{problem, solution, answer, subject, level, unique_id}`) → problems with id
 * `math500-<row>` (the row number the recorded traces index by), the `answer` verbatim, level
 * and subject kept, MATH grading.
 */
export function parseMath500(text: string, opts: DatasetOptions = {}): Problem[] {
  const out: Problem[] = [];
  for (const { line, value } of jsonLines(text)) {
    if (opts.limit !== undefined && out.length >= opts.limit) break;
    const r = row(math500Row, line, value);
    const level = typeof r.level === 'string' ? Number(/\d+/.exec(r.level)?.[0]) : r.level;
    out.push({
      id: `math500-${out.length}`,
      question: r.problem,
      answer: r.answer,
      dataset: 'math500',
      ...(level !== undefined && Number.isInteger(level) ? { level } : {}),
      ...(r.subject !== undefined ? { subject: r.subject } : {}),
      grading: 'math',
    });
  }
  return out;
}

/** Which dataset a JSONL text is, from its first row's fields (`question` → GSM8K, `problem` → MATH500). */
export function detectDataset(text: string): DatasetName | null {
  for (const { value } of jsonLines(text)) {
    if (typeof value !== 'object' || value === null) return null;
    if ('problem' in value) return 'math500';
    if ('question' in value) return 'gsm8k';
    return null;
  }
  return null;
}

/** Parse a dataset JSONL text, detecting which one it is unless `name` says. */
export function parseDataset(text: string, name?: DatasetName, opts: DatasetOptions = {}): Problem[] {
  const which = name ?? detectDataset(text);
  if (which === 'gsm8k') return parseGsm8k(text, opts);
  if (which === 'math500') return parseMath500(text, opts);
  throw new DatasetError(1, 'not a GSM8K ({question, answer}) or MATH500 ({problem, answer}) row');
}
