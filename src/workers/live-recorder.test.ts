/**
 * The record tap: what it reports call by call folds into exactly the pool the RecordingBackend
 * builds, for tree search (expand + score) and for whole-solution sampling (complete); a failed
 * call reports nothing; and the folded recording replays to the live run's events.
 */
import { describe, expect, it } from 'vitest';
import { createHttpBackend, type PrmConfig } from '../backends/index';
import { fakeServer, json } from '../backends/testing/fake-server';
import type { SearchEvent } from '../search/events';
import { createRng } from '../search/rng';
import { parseSpec, runStrategy, type StrategySpec } from '../search/strategies/index';
import type { Problem } from '../search/types';
import { ReplayBackend } from '../trace/index';
import { emptyPool, foldDelta, recordingBundle } from '../state/recording-bundle';
import { createRecordTap, recordingModelIds } from './live-recorder';
import type { RecordDelta } from './protocol';

const BASE = 'http://127.0.0.1:8000';
const problem: Problem = { id: 'p', question: 'What is 1 + 1?', answer: '2' };
const POOLING: PrmConfig = { type: 'pooling', baseUrl: BASE, model: 'Qwen/Qwen2.5-Math-PRM-7B' };

function setup(opts: Parameters<typeof fakeServer>[0] = {}, prm: PrmConfig | null = POOLING) {
  const f = fakeServer({ pooling: true, depth: 4, ...opts });
  const http = createHttpBackend({ policy: { baseUrl: BASE, model: 'fake-7b', params: 7e9 }, prm, http: { retries: 1, backoffMs: 1 } }, { fetch: f.fetch });
  const deltas: RecordDelta[] = [];
  const { tap, recorder } = createRecordTap(http, (d) => deltas.push(structuredClone(d)));
  return { f, tap, recorder, deltas };
}

async function run(spec: StrategySpec, backend: Parameters<typeof runStrategy>[1]) {
  const events: SearchEvent[] = [];
  const done = await runStrategy(problem, backend, spec, { rng: createRng(3), emit: (e) => events.push(e) });
  return { events, done };
}

const withoutWall = (e: SearchEvent) => ({ ...e, compute: { ...e.compute, wallMs: 0 } });

describe('RecordTap', () => {
  it.each([
    ['REBASE (expand + score)', parseSpec({ name: 'rebase', params: { width: 6, maxDepth: 6 } })],
    ['weighted voting (complete + score)', parseSpec({ name: 'sample', params: { n: 5, aggregate: 'weighted-majority' } })],
  ])('%s: the deltas fold into exactly the recorder\'s pool, and the folded bundle replays the run', async (_name, spec) => {
    const { tap, recorder, deltas } = setup();
    const { events, done } = await run(spec, tap);
    expect(done.incomplete).toBeUndefined();
    const pool = deltas.reduce(foldDelta, emptyPool());
    const built = recordingBundle({ title: 't', createdAt: '2026-01-01', pool, run: { strategy: { name: spec.name, params: { ...spec.params } }, seed: 0, events } });
    const reference = recorder.toBundle();
    expect(built.pools).toEqual(reference.pools);
    expect(built.models).toEqual(reference.models);
    expect(built.problems).toEqual(reference.problems);
    expect(built.pools[0].nodes).toHaveLength(done.nodes);
    // The first delta is the start, sent before the first request.
    expect(deltas[0].start?.pool.sampling.temperature).toBeGreaterThanOrEqual(0);
    // Replaying the folded recording gives the live run's events (wall time is not replayed).
    const replayed = await run(spec, new ReplayBackend(built, problem.id));
    expect(replayed.events.map(withoutWall)).toEqual(events.map(withoutWall));
  });

  it('names a PRM that shares the policy\'s name apart, as RecordingBackend does', () => {
    const info = { policy: { name: 'm', params: 1 }, prm: { name: 'm', params: 1 }, capabilities: { complete: true, multiSample: true, replay: false } };
    expect(recordingModelIds(info)).toEqual({ policyId: 'm', prmId: 'm (prm)' });
  });

  it('reports nothing for a call that failed, and everything before it', async () => {
    const { tap, recorder, deltas } = setup({ fault: (req, i) => (i >= 6 && req.path === '/v1/completions' ? json({ error: 'boom' }, 500) : undefined) });
    const { done } = await run(parseSpec({ name: 'rebase', params: { width: 6, maxDepth: 6 } }), tap);
    expect(done.incomplete?.reason).toContain('HTTP 500');
    const pool = deltas.reduce(foldDelta, emptyPool());
    expect(pool.nodes.length).toBe(done.nodes);
    expect(recordingBundle({ title: 't', createdAt: '2026-01-01', pool }).pools).toEqual(recorder.toBundle().pools);
  });
});
