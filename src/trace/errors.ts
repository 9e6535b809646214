/** The one error a bundle parse throws, and how valibot issues become it. */
import type * as v from 'valibot';

/**
 * A bundle failed validation. `message` is `<path>: <what is wrong>`, e.g.
 * `pools[0].nodes[3].reward: must be a number in [0, 1] or null (got 1.3)`.
 */
export class BundleError extends Error {
  override readonly name = 'BundleError';
  /**
   * @param path JSON path of the offending value (`pools[0].nodes[3].reward`); `''` = the whole
   *   document, shown as `(root)`.
   * @param detail What is wrong, without the path.
   */
  constructor(readonly path: string, readonly detail: string) {
    super(`${path || '(root)'}: ${detail}`);
  }
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** Render path keys as a JS-style path: numbers as `[i]`, identifiers as `.key`, others `["…"]`. */
export function pathOf(keys: readonly (string | number)[]): string {
  let out = '';
  for (const k of keys) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (IDENT.test(k)) out += out ? `.${k}` : k;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
}

/** A short, safe rendering of an offending value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const s = JSON.stringify(value);
    return s.length > 60 ? `${s.slice(0, 57)}…"` : s;
  }
  return String(value);
}

/** Turn the first valibot issue into a BundleError with a readable path and message. */
export function issueToError(issue: v.BaseIssue<unknown>): BundleError {
  const items = issue.path ?? [];
  const keys = items.map((item) => item.key as string | number);
  const path = pathOf(keys);
  if (issue.type === 'strict_object') {
    if (issue.expected === 'never') {
      return new BundleError(path, 'unknown field (not part of trace format v1)');
    }
    if (issue.expected?.startsWith('"')) return new BundleError(path, 'is missing');
    return new BundleError(path, `must be an object (got ${show(issue.input)})`);
  }
  return new BundleError(path, `${issue.message} (got ${show(issue.input)})`);
}
