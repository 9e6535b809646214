/**
 * The Compare view's one compute clock, pure: a playhead is a compute value C (FLOPs or policy
 * tokens); each pane shows its tree after the last event whose compute so far is ≤ C. Every
 * event carries the compute spent so far (design.md §3), which never decreases along a log, so
 * the event index is found by binary search. Also the per-pane summary numbers (answer so far,
 * solutions finished, compute spent on pruned branches).
 */
import type { SearchEvent } from '../search/events';
import type { Playback } from '../search/playback';
import type { Compute } from '../search/types';

/** The clock's unit: FLOPs (paper convention) or generated policy tokens. */
export type CompareUnit = 'flops' | 'tokens';
export const COMPARE_UNITS: readonly CompareUnit[] = ['flops', 'tokens'];

/** A compute record's value in `unit`. */
export function computeIn(c: Compute, unit: CompareUnit): number {
  return unit === 'flops' ? c.flops : c.policyTokens;
}

/**
 * How many events of `events` to apply so the pane has spent at most `c`: the largest t such that
 * events[t-1].compute ≤ c (0 when even the first event costs more). Binary search: the compute
 * along a log is non-decreasing.
 */
export function eventIndexAt(events: readonly SearchEvent[], unit: CompareUnit, c: number): number {
  if (!(c >= 0)) return 0;
  let lo = 0;
  let hi = events.length;
  // Invariant: events[0..lo) cost ≤ c, events[hi..) cost > c.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (computeIn(events[mid].compute, unit) <= c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The compute of a whole log (its last event's), 0 for an empty one. */
export function totalCompute(events: readonly SearchEvent[], unit: CompareUnit): number {
  return events.length ? computeIn(events[events.length - 1].compute, unit) : 0;
}

/**
 * The next compute value after `c` at which any pane's tree changes (the smallest event compute
 * > c over all logs), or null when no pane has one.
 */
export function nextComputeStop(logs: readonly (readonly SearchEvent[])[], unit: CompareUnit, c: number): number | null {
  let best: number | null = null;
  for (const events of logs) {
    const t = eventIndexAt(events, unit, c);
    if (t < events.length) {
      const v = computeIn(events[t].compute, unit);
      if (best === null || v < best) best = v;
    }
  }
  return best;
}

/**
 * The previous compute value before `c` at which any pane's tree changed (the largest event
 * compute < c over all logs), or 0 when there is none.
 */
export function prevComputeStop(logs: readonly (readonly SearchEvent[])[], unit: CompareUnit, c: number): number {
  let best = 0;
  for (const events of logs) {
    // Events costing < c: the largest t with compute ≤ c minus a hair is not exact for integers,
    // so search for the first event costing ≥ c and step one back.
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (computeIn(events[mid].compute, unit) < c) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) best = Math.max(best, computeIn(events[lo - 1].compute, unit));
  }
  return best;
}

/** What a pane's summary row shows, at its playhead. */
export interface PaneSummary {
  /** The run's answer once it has voted; before that, the majority answer among finished solutions so far. */
  answer: string | null;
  /** Whether `answer` is correct (null when there is no answer yet). */
  correct: boolean | null;
  /** Whether `answer` is the run's final vote. */
  final: boolean;
  /** Finished (terminal) solutions so far. */
  solutions: number;
  nodes: number;
  flops: number;
  tokens: number;
  /** Tokens of pruned nodes and all their descendants. */
  prunedTokens: number;
  /** 2 × policy params × prunedTokens (null when the model's size is unknown). */
  prunedFlops: number | null;
}

/** A pane's summary from its Playback at the playhead; `policyParams` prices the pruned tokens. */
export function summarize(pb: Playback, policyParams: number | null): PaneSummary {
  let solutions = 0;
  let nodes = 0;
  const tally = new Map<string, { count: number; first: number; correct: boolean }>();
  for (const n of pb.nodes) {
    if (!n) continue;
    nodes++;
    if (n.terminal && n.answer !== undefined) {
      solutions++;
      const t = tally.get(n.answer);
      if (t) t.count++;
      else tally.set(n.answer, { count: 1, first: n.id, correct: n.correct === true });
    }
  }
  const prunedTokens = prunedTokensOf(pb);
  const base = {
    solutions, nodes, flops: pb.compute.flops, tokens: pb.compute.policyTokens, prunedTokens,
    prunedFlops: policyParams === null ? null : 2 * policyParams * prunedTokens,
  };
  if (pb.done) return { ...base, answer: pb.done.answer, correct: pb.done.answer === null ? null : pb.done.correct, final: true };
  let best: [string, { count: number; first: number; correct: boolean }] | null = null;
  // Ties go to the answer that came first (design.md §3).
  for (const entry of tally) if (!best || entry[1].count > best[1].count || (entry[1].count === best[1].count && entry[1].first < best[1].first)) best = entry;
  return { ...base, answer: best ? best[0] : null, correct: best ? best[1].correct : null, final: false };
}

/** Σ tokens of nodes marked pruned and of their descendants (each counted once). */
export function prunedTokensOf(pb: Playback): number {
  let sum = 0;
  const stack: number[] = [];
  for (const n of pb.nodes) if (n && n.pruned !== null && !hasPrunedAncestor(pb, n.parent)) stack.push(n.id);
  while (stack.length) {
    const n = pb.nodes[stack.pop()!];
    if (!n) continue;
    sum += n.tokens;
    for (const c of n.children) stack.push(c);
  }
  return sum;
}

function hasPrunedAncestor(pb: Playback, id: number | null): boolean {
  for (let p = id; p !== null; p = pb.nodes[p]?.parent ?? null) if ((pb.nodes[p]?.pruned ?? null) !== null) return true;
  return false;
}
