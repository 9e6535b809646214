/**
 * The worker's service, called directly in Node: what the Explorer receives from a run (the same
 * tree as the CLI for the same seed, in batches), cancel, and loading the user's trace files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SearchEvent } from '../search/events';
import { createRng } from '../search/rng';
import { parseSpec, runStrategy, type StrategySpec } from '../search/strategies/index';
import { runSeed } from '../search/sweep';
import type { Compute } from '../search/types';
import { SimBackend, simProblem } from '../sim/index';
import { parseBundleText } from '../trace/index';
import { MAX_BATCH_EVENTS } from './batcher';
import type { RunRequest } from './protocol';
import { SearchService } from './search-service';

const FIXTURE = 'sim-rebase.trace.json';
const fixtureText = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', FIXTURE), 'utf8');

const simRequest = (spec: StrategySpec, problemId = 'sim-L3-0002', seed = 7): RunRequest => ({
  source: { kind: 'sim', model: 'sim-1.4B', prm: 'default' }, problemId, spec, seed,
});

/** Run through the service and keep every batch. */
async function collect(service: SearchService, req: RunRequest, onBatch?: (b: SearchEvent[]) => void) {
  const batches: SearchEvent[][] = [];
  const outcome = await service.run(req, (b) => {
    batches.push(b);
    onBatch?.(b);
  });
  return { outcome, batches, events: batches.flat() };
}

/** The same run done the CLI's way: runStrategy on a fresh sim backend, seeded with runSeed. */
async function directLog(req: RunRequest): Promise<SearchEvent[]> {
  const events: SearchEvent[] = [];
  await runStrategy(simProblem(req.problemId), new SimBackend({ policy: 'sim-1.4B', prm: 'default' }), req.spec, {
    rng: createRng(runSeed(req.seed, 'sim-1.4B', req.spec, req.problemId)), emit: (e) => events.push(e),
  });
  return events;
}

describe('SearchService.run on the sim', () => {
  it('streams the same events as a direct run with the same seed, ending with done', async () => {
    const req = simRequest(parseSpec({ name: 'rebase', params: { width: 16 } }));
    const { outcome, events } = await collect(new SearchService(), req);
    expect(outcome.status).toBe('done');
    expect(events.at(-1)).toEqual(outcome.done);
    expect(events).toEqual(await directLog(req));
  });

  it('gives the CLI\'s tree for a spec that leaves parameters at their defaults', async () => {
    const partial = simRequest({ name: 'rebase', params: { width: 16 } } as unknown as StrategySpec);
    const { events } = await collect(new SearchService(), partial);
    expect(events).toEqual(await directLog({ ...partial, spec: parseSpec(partial.spec) }));
  });

  it('sends a large run in far fewer batches than events, none empty or oversized', async () => {
    const req = simRequest(parseSpec({ name: 'mcts', params: { budget: 3000 } }), 'sim-L5-0001');
    const { outcome, batches, events } = await collect(new SearchService(), req);
    expect(outcome.done?.nodes).toBeGreaterThan(2000);
    expect(batches.length).toBeLessThan(events.length / 20);
    expect(batches.every((b) => b.length > 0 && b.length <= MAX_BATCH_EVENTS)).toBe(true);
    expect(events).toEqual(await directLog(req));
  });

  it('cancel mid-run ends it "cancelled" with fewer events than the whole run', async () => {
    const service = new SearchService();
    const req = simRequest(parseSpec({ name: 'mcts', params: { budget: 3000 } }), 'sim-L5-0001');
    const { outcome, events } = await collect(service, req, () => service.cancel());
    expect(outcome.status).toBe('cancelled');
    expect(outcome.done?.incomplete?.reason).toBe('cancelled');
    expect(events.at(-1)?.type).toBe('done');
    expect(events.length).toBeLessThan((await directLog(req)).length);
  });

  it.each([
    ['an unknown problem', { ...simRequest(parseSpec({ name: 'greedy' })), problemId: 'sim-L9-0001' }, /unknown problem.*sim-L9-0001/],
    ['an unknown model', { ...simRequest(parseSpec({ name: 'greedy' })), source: { kind: 'sim', model: 'gpt-9', prm: null } }, /unknown sim model "gpt-9"/],
    ['an unknown bundle', { ...simRequest(parseSpec({ name: 'greedy' })), source: { kind: 'bundle', bundleKey: 'bundle-99' } }, /no bundle "bundle-99"/],
    ['an invalid spec (from a hand-edited link)', simRequest({ name: 'rebase', params: { width: 0 } } as unknown as StrategySpec), /params\.width/],
  ] as [string, RunRequest, RegExp][])('%s gives status "error" with a message and no events', async (_label, req, message) => {
    const { outcome, events } = await collect(new SearchService(), req);
    expect(outcome.status).toBe('error');
    expect(outcome.error).toMatch(message);
    expect(events).toEqual([]);
  });
});

/** Wall time is the one compute field a replay does not reproduce (see fixtures.test.ts). */
const withoutWall = (events: readonly SearchEvent[]) =>
  events.map((e) => ({ ...e, compute: { ...e.compute, wallMs: 0 } satisfies Compute }));

describe('SearchService.loadBundle', () => {
  const recorded = parseBundleText(fixtureText);

  it('loads a fixture: its problems, models and runs, and replays its recorded run exactly', async () => {
    const service = new SearchService();
    const summary = await service.loadBundle(FIXTURE, new TextEncoder().encode(fixtureText).buffer);
    expect(summary.problems.map((p) => p.id)).toEqual(['sim-L3-0002']);
    expect(summary.models['sim-7B']).toEqual({ role: 'policy', name: 'sim-7B', params: 6.74e9 });
    expect(summary.nodeCount).toBe(recorded.pools[0].nodes.length);
    const [run] = summary.runs;
    expect(run.strategy.name).toBe('rebase');

    const { outcome, events } = await collect(service, {
      source: { kind: 'bundle', bundleKey: summary.key }, problemId: run.problemId,
      spec: parseSpec(run.strategy), seed: run.seed,
    });
    expect(outcome.status).toBe('done');
    expect(outcome.done?.incomplete).toBeUndefined();
    expect(withoutWall(events)).toEqual(withoutWall(recorded.runs![0].events));
  });

  it('loads the same file gzip-compressed, under a new key', async () => {
    const service = new SearchService();
    const plain = await service.loadBundle(FIXTURE, fixtureText);
    const gz = await service.loadBundle(`${FIXTURE}.gz`, gzipSync(fixtureText));
    expect(gz.key).not.toBe(plain.key);
    expect({ ...gz, key: '', fileName: '' }).toEqual({ ...plain, key: '', fileName: '' });
  });

  it('rejects a malformed bundle with the file name and the JSON path of the fault', async () => {
    const bad = JSON.parse(fixtureText);
    bad.pools[0].nodes[3].reward = 1.3;
    await expect(new SearchService().loadBundle('bad.trace.json', JSON.stringify(bad)))
      .rejects.toThrow(/^bad\.trace\.json: pools\[0\]\.nodes\[3\]\.reward: .*1\.3/);
  });

  it('rejects a corrupt gzip file by name', async () => {
    const broken = gzipSync(fixtureText).subarray(0, 200);
    await expect(new SearchService().loadBundle('cut.trace.json.gz', broken)).rejects.toThrow(/^cut\.trace\.json\.gz: not a readable gzip file: the compressed data is damaged or cut off.*; nothing was loaded$/);
  });

  it('names what is missing when a replay asks for a problem or policy the file lacks', async () => {
    const service = new SearchService();
    const { key } = await service.loadBundle(FIXTURE, fixtureText);
    const spec = parseSpec({ name: 'greedy' });
    const noProblem = await service.run({ source: { kind: 'bundle', bundleKey: key }, problemId: 'sim-L1-0000', spec, seed: 0 }, () => {});
    expect(noProblem).toMatchObject({ status: 'error', error: expect.stringMatching(/sim-rebase\.trace\.json: no problem "sim-L1-0000"/) });
    const noModel = await service.run({ source: { kind: 'bundle', bundleKey: key, model: 'sim-34B' }, problemId: 'sim-L3-0002', spec, seed: 0 }, () => {});
    expect(noModel).toMatchObject({ status: 'error', error: expect.stringMatching(/policy "sim-34B" \(policies: sim-7B\)/) });
  });
});
