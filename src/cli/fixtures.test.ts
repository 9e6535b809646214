/**
 * The bundles shipped in fixtures/ are current (what `npm run fixtures` writes today), they parse,
 * and their recorded runs replay to the same tree, decisions and result.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchEvent } from '../search/events';
import { createRng } from '../search/rng';
import { parseSpec, runStrategy } from '../search/strategies/index';
import { runSeed } from '../search/sweep';
import type { Compute } from '../search/types';
import { parseBundleText, serializeBundle, type Bundle, type RunRecord } from '../trace/bundle';
import { ReplayBackend } from '../trace/replay-backend';
import { FIXTURES, recordFixtures } from './record-sim';

const FIXTURE_DIR = join(import.meta.dirname, '..', '..', 'fixtures');
const FILES = Object.keys(FIXTURES);
const readFixture = (file: string) => readFileSync(join(FIXTURE_DIR, file), 'utf8');

/**
 * Wall time is the one compute field a replay does not reproduce: the recording holds the sim's
 * simulated latency, while a replay answers at once (docs/trace-format.md). Prompt tokens (the
 * pool's `promptTokens`) and PRM tokens (the scored steps' tokens) replay exactly.
 */
const UNRECORDED: readonly (keyof Compute)[] = ['wallMs'];
function withoutCallCosts<T extends { compute: Compute }>(x: T): T {
  const compute = { ...x.compute };
  for (const k of UNRECORDED) delete compute[k];
  return { ...x, compute };
}

async function replay(bundle: Bundle, run: RunRecord): Promise<{ events: SearchEvent[]; done: SearchEvent; backend: ReplayBackend }> {
  const problem = bundle.problems.find((p) => p.id === run.problemId)!;
  const pool = bundle.pools.find((p) => p.problemId === run.problemId)!;
  const spec = parseSpec(run.strategy);
  const backend = new ReplayBackend(bundle, run.problemId, pool.policy);
  const events: SearchEvent[] = [];
  const done = await runStrategy(problem, backend, spec, {
    rng: createRng(runSeed(run.seed, pool.policy, spec, run.problemId)),
    emit: (e) => events.push(e),
  });
  return { events, done, backend };
}

describe('shipped fixtures', () => {
  let fresh: Record<string, Bundle>;
  beforeAll(async () => {
    fresh = await recordFixtures();
  });

  it('the recorder covers every bundle in fixtures/ (no stray or missing file)', () => {
    expect(readdirSync(FIXTURE_DIR).filter((f) => /\.trace\.json(\.gz)?$/.test(f)).sort()).toEqual([...FILES].sort());
  });

  it.each(FILES)('%s is byte for byte what the recorder writes today', (file) => {
    const current = serializeBundle(fresh[file], { indent: 1 });
    const shipped = readFixture(file);
    const a = shipped.split('\n'), b = current.split('\n');
    const differs = a.findIndex((l, i) => l !== b[i]);
    const line = (differs < 0 ? Math.min(a.length, b.length) : differs) + 1;
    expect(shipped === current, `fixtures/${file} is stale (first difference at line ${line}): run \`npm run fixtures\``).toBe(true);
  });

  it.each(FILES)('%s parses and round-trips through serializeBundle', (file) => {
    const text = readFixture(file);
    const bundle = parseBundleText(text);
    expect(bundle.pools.length).toBeGreaterThan(0);
    expect(bundle.pools.every((p) => p.nodes.length > 0 && p.prm !== null)).toBe(true);
    expect(serializeBundle(bundle, { indent: 1 })).toBe(text);
  });

  describe.each(['sim-rebase.trace.json', 'sim-mcts.trace.json'])('%s', (file) => {
    const bundle = parseBundleText(readFixture(file));
    const [run] = bundle.runs ?? [];

    it('holds one recorded run that finished with every sample served', () => {
      expect(bundle.runs).toHaveLength(1);
      expect(run.strategy.name).toBe(file.includes('rebase') ? 'rebase' : 'mcts');
      expect(run.result.incomplete).toBeUndefined();
      expect(run.events.at(-1)?.type).toBe('done');
    });

    it('replays to the identical event log and result (call costs aside, see UNRECORDED)', async () => {
      const { events, done, backend } = await replay(bundle, run);
      expect(events).toHaveLength(run.events.length);
      expect(events.map(withoutCallCosts)).toEqual(run.events.map(withoutCallCosts));
      const { type: _type, ...result } = done as Extract<SearchEvent, { type: 'done' }>;
      expect(withoutCallCosts(result)).toEqual(withoutCallCosts(run.result));
      // Complete coverage: every step the strategy asked for was in the recording.
      expect(result.incomplete).toBeUndefined();
      const { asked, served } = backend.coverage();
      expect(served).toBe(asked);
      expect(asked).toBe(run.result.nodes);
    });

    it('replays prompt and PRM tokens exactly, so the prefill and prm conventions hold; wall time reads 0', async () => {
      const { done } = await replay(bundle, run);
      for (const k of ['promptTokens', 'prmTokens'] as const) {
        expect(run.result.compute[k], `recorded ${k}`).toBeGreaterThan(0);
        expect(done.compute[k], `replayed ${k}`).toBe(run.result.compute[k]);
      }
      expect(run.result.compute.wallMs).toBeGreaterThan(0);
      expect(done.compute.wallMs).toBe(0);
    });
  });
});
