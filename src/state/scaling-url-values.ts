/**
 * Value parsers the Scaling URL adds to url-values.ts: comma lists (each item checked on its own,
 * so one bad item never costs the others) and the opened point (`point=<model>,<strategy>,<n>`).
 * Like url-values.ts, each parser returns a value or the reason it is not one, and never throws.
 */
import { isSweepStrategy } from '../search/strategies/index';
import { BUDGETS, type PointKey } from './scaling-store';
import { parseName, parseWhole, shown, type Parsed } from './url-values';

/** Reads one key: its parsed value, its fallback when absent, or its fallback and a notice when invalid. */
export type Reader = <T>(key: string, parse: (v: string) => Parsed<T>, fallback: T, label?: (x: T) => string) => T;

/** Longest list a link may carry (more items than any valid list has). */
const MAX_ITEMS = 64;

/**
 * A comma list of `key`: the valid items in their order, without repeats. Invalid items are
 * dropped with one notice; an empty or all-invalid list takes the fallback with a notice; items
 * past `max` are dropped with a notice.
 */
export function readList<T>(
  first: ReadonlyMap<string, string>, notices: string[], key: string,
  item: (v: string) => Parsed<T>, fallback: T[], max = Infinity,
): T[] {
  const raw = first.get(key);
  if (raw === undefined) return fallback;
  const parts = raw.split(',').map((x) => x.trim()).filter((x) => x !== '').slice(0, MAX_ITEMS);
  const good: T[] = [];
  const bad: string[] = [];
  let reason = '';
  for (const part of parts) {
    const p = item(part);
    if (!p.ok) {
      bad.push(part);
      reason ||= p.reason;
    } else if (!good.includes(p.value)) {
      good.push(p.value);
    }
  }
  const used = (xs: T[]) => xs.map(String).join(',') || 'none';
  if (good.length === 0) {
    const why = parts.length === 0 ? 'expected at least one item' : reason;
    notices.push(`"${key}=${shown(raw)}" is not valid (${why}) — using ${used(fallback)}`);
    return fallback;
  }
  if (bad.length) notices.push(`"${key}=${shown(raw)}": ${bad.map((b) => `"${shown(b)}"`).join(', ')} ignored (${reason}) — using ${shown(used(good))}`);
  if (good.length > max) {
    notices.push(`"${key}=${shown(raw)}" has more than ${max} items — using the first ${max}`);
    return good.slice(0, max);
  }
  return good;
}

/** `<model>,<strategy>,<budget>`; the model id may itself hold commas (the last two parts are split off). */
export function readPoint(text: string): Parsed<PointKey> {
  const parts = text.split(',');
  const why = 'expected <model>,<strategy>,<n>, e.g. sim-7B,rebase,16';
  if (parts.length < 3) return { ok: false, reason: why };
  const budgetText = parts.pop()!;
  const strategy = parts.pop()!;
  const model = parseName(parts.join(','));
  const budget = parseWhole(budgetText, 1, 256);
  if (!model.ok || !isSweepStrategy(strategy) || !budget.ok || !(BUDGETS as readonly number[]).includes(budget.value)) return { ok: false, reason: why };
  return { ok: true, value: { model: model.value, strategy, budget: budget.value } };
}
