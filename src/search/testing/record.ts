/**
 * Test helpers: run a spec against a backend and keep its whole event log, and pick events by
 * type. Pure, like the rest of src/search.
 */
import type { Backend } from '../backend';
import type { DoneEvent, SearchEvent, SearchEventType } from '../events';
import { createRng } from '../rng';
import { runStrategy, type StrategySpec } from '../strategies';
import type { AbortSignalLike, Problem } from '../types';

/** A problem whose gold answer is '2' (the fake trees' first answer). */
export const FAKE_PROBLEM: Problem = { id: 'fake-1', question: 'What is 1 + 1?', answer: '2' };

export interface Recording {
  events: SearchEvent[];
  done: DoneEvent;
}

export interface RecordOptions {
  seed?: number;
  signal?: AbortSignalLike;
  problem?: Problem;
  /** Keep events (default true); false runs the way sweeps do, building only `done`. */
  emit?: boolean;
}

/** Run `spec` on the fake problem and keep every event. */
export async function record(spec: StrategySpec, backend: Backend, options: RecordOptions = {}): Promise<Recording> {
  const events: SearchEvent[] = [];
  const done = await runStrategy(options.problem ?? FAKE_PROBLEM, backend, spec, {
    rng: createRng(options.seed ?? 1),
    ...(options.emit === false ? {} : { emit: (e: SearchEvent) => events.push(e) }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { events, done };
}

/** The events of one type, typed. */
export function ofType<T extends SearchEventType>(events: readonly SearchEvent[], type: T): Extract<SearchEvent, { type: T }>[] {
  return events.filter((e): e is Extract<SearchEvent, { type: T }> => e.type === type);
}
