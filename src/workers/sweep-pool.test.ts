/**
 * The sweep pool with fake workers: a MessageChannel with the real SweepService exposed on its far
 * end, so Comlink runs as in the browser while the test counts workers and what each was sent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SWEEP_STRATEGIES } from '../search/strategies/index';
import { runUnit, splitSweep, type SweepCell } from '../search/sweep';
import { SimBackend, simProblem, type SimModelId } from '../sim/index';
import { SweepPool, type SweepPoolOptions } from './sweep-pool';
import type { SweepHandlers, SweepProgress, SweepRequest, SweepStatus } from './sweep-protocol';
import { SweepService } from './sweep-service';

const FIXTURE = 'sim-sampling-pool.trace.json';
const fixtureText = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', FIXTURE), 'utf8');
const IDS = [1, 2, 3, 4, 5].flatMap((l) => [`sim-L${l}-0005`, `sim-L${l}-0006`]);
const REQUEST: SweepRequest = {
  source: { kind: 'sim', prm: 'default' }, models: ['sim-1.4B', 'sim-7B'], strategies: [...SWEEP_STRATEGIES],
  budgets: [1, 2, 4], problemIds: IDS, seeds: [0], subsample: true, chunk: 5,
};

interface Fake { service: SweepService; loaded: string[]; terminated: boolean }

const pools: SweepPool[] = [];
afterEach(() => {
  for (const p of pools.splice(0)) p.dispose();
});

function fakePool(opts: SweepPoolOptions = {}) {
  const fakes: Fake[] = [];
  let maxLive = 0;
  const pool = new SweepPool({
    size: 2,
    ...opts,
    createWorker: () => {
      const { port1, port2 } = new MessageChannel();
      const fake: Fake = { service: new SweepService(), loaded: [], terminated: false };
      const load = fake.service.loadBundle.bind(fake.service);
      fake.service.loadBundle = (name, data) => (fake.loaded.push(name), load(name, data));
      Comlink.expose(fake.service, port2);
      fakes.push(fake);
      maxLive = Math.max(maxLive, fakes.filter((f) => !f.terminated).length);
      return Object.assign(port1, {
        terminate() {
          fake.terminated = true;
          port1.close();
          port2.close();
        },
      }) as unknown as Worker;
    },
  });
  pools.push(pool);
  return { pool, fakes, live: () => fakes.filter((f) => !f.terminated).length, maxLive: () => maxLive };
}

/** Handlers that record everything, and a promise of the sweep's end. */
function recorder() {
  const cells: SweepCell[] = [];
  const progress: SweepProgress[] = [];
  const log: string[] = [];
  let settle!: (s: SweepStatus) => void;
  const ended = new Promise<SweepStatus>((r) => { settle = r; });
  const handlers: SweepHandlers = {
    onCells: (c) => { cells.push(...c); log.push('cells'); },
    onProgress: (p) => { progress.push(p); log.push('progress'); },
    onDone: (s, e) => { log.push(`done:${s}${e ? `:${e}` : ''}`); settle(s); },
  };
  return { cells, progress, log, handlers, ended };
}

const key = (c: SweepCell) => `${c.model}|${c.seed}|${c.strategy}|${c.budget}|${c.problemId}`;
const sorted = (cells: SweepCell[]) => [...cells].sort((a, b) => (key(a) < key(b) ? -1 : 1));

/** The sweep done synchronously on the main thread, coarse split. */
async function direct(req: SweepRequest): Promise<SweepCell[]> {
  const backends = new Map<string, SimBackend>();
  const spec = { ...req, problems: req.problemIds.map(simProblem) };
  const out: SweepCell[] = [];
  for (const u of splitSweep(spec)) {
    out.push(...(await runUnit(u, (m) => {
      if (!backends.has(m)) backends.set(m, new SimBackend({ policy: m as SimModelId, prm: 'default' }));
      return backends.get(m)!;
    })));
  }
  return out;
}

describe('SweepPool', () => {
  it('streams the cells of the whole sweep, unit by unit, with progress up to done = total and one done at the end', async () => {
    const { pool, fakes, maxLive } = fakePool();
    const r = recorder();
    pool.start(REQUEST, r.handlers);
    expect(r.log).toEqual([]); // nothing during start()
    expect(await r.ended).toBe('done');
    expect(sorted(r.cells)).toEqual(sorted(await direct(REQUEST)));
    const total = 2 * 2 * (1 + 1 + 3 * 3); // chunks × models × (pool + greedy + 3 searches × 3 budgets)
    expect(r.progress.map((p) => p.done)).toEqual(Array.from({ length: total + 1 }, (_, i) => i));
    expect(r.progress.at(-1)).toMatchObject({ done: total, total, cells: r.cells.length, etaMs: 0 });
    expect(r.progress[0].etaMs).toBeNull();
    expect(r.progress.every((p) => p.etaMs === null || p.etaMs >= 0)).toBe(true);
    expect(r.progress.filter((p) => p.etaMs !== null).length).toBeGreaterThan(total / 2);
    expect(r.log.at(-1)).toBe('done:done');
    expect(r.log.filter((l) => l.startsWith('done'))).toHaveLength(1);
    // The first unit back is greedy: the cheapest first.
    expect(r.cells[0].strategy).toBe('greedy');
    expect(fakes).toHaveLength(2);
    expect(maxLive()).toBe(2);
  });

  it('at a background pace (the Stage) gives the same cells, each worker resting about as long as its unit took', async () => {
    let clock = 0;
    // Every reading of the clock moves it 10 ms: each unit "takes" a fixed time.
    // (Idle workers are ended by a timer too: give it a length no rest can have.)
    const IDLE = 987_654;
    const { pool } = fakePool({ size: 1, idleMs: IDLE, now: () => (clock += 10) });
    pool.setDuty(0.5);
    /** Run the sweep with every timer at once, keeping the rests the pool asked for. */
    const sweepWithRests = async (): Promise<{ rests: number[]; cells: SweepCell[] }> => {
      const rests: number[] = [];
      const real = globalThis.setTimeout;
      const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
        if (ms !== undefined && ms > 0 && ms !== IDLE) rests.push(ms);
        return real(fn, 0);
      }) as typeof setTimeout);
      try {
        const r = recorder();
        pool.start(REQUEST, r.handlers);
        expect(await r.ended).toBe('done');
        return { rests, cells: r.cells };
      } finally {
        spy.mockRestore();
      }
    };
    const { rests, cells } = await sweepWithRests();
    expect(sorted(cells)).toEqual(sorted(await direct(REQUEST)));
    // Duty 0.5: a rest equal to each unit's own time, after every unit.
    expect(rests.length).toBeGreaterThanOrEqual(2 * 2 * 11);
    expect(rests.every((ms) => ms >= 10)).toBe(true);

    pool.setDuty(1);
    expect((await sweepWithRests()).rests).toEqual([]);
  });

  it('cancel mid-sweep ends it as cancelled at once, terminates its busy workers and delivers nothing after', async () => {
    const { pool, fakes, live } = fakePool();
    const r = recorder();
    const handle = pool.start(REQUEST, { ...r.handlers, onCells: (c) => { r.handlers.onCells(c); if (r.cells.length >= 10) handle.cancel(); } });
    expect(await r.ended).toBe('cancelled');
    const seen = r.log.length;
    expect(r.log.at(-1)).toBe('done:cancelled');
    expect(fakes.some((f) => f.terminated)).toBe(true);
    expect(live()).toBeLessThanOrEqual(1); // the worker that delivered may stay; a busy one was cut off
    await new Promise((res) => setTimeout(res, 100));
    expect(r.log).toHaveLength(seen);
    handle.cancel();
    expect(r.log).toHaveLength(seen);
  });

  it('a new sweep cancels the running one: the old gets cancelled and nothing more, the new only its own cells', async () => {
    const { pool, live, maxLive } = fakePool();
    const first = recorder();
    const second = recorder();
    const other: SweepRequest = { ...REQUEST, models: ['sim-7B'], strategies: ['greedy', 'rebase'], seeds: [4] };
    let seen = -1;
    // Restart from inside a handler, as a store reacting to the first cells might.
    pool.start(REQUEST, { ...first.handlers, onCells: (c) => {
      first.handlers.onCells(c);
      if (seen >= 0) return;
      pool.start(other, second.handlers);
      expect(first.log.at(-1)).toBe('done:cancelled');
      seen = first.log.length;
    } });
    expect(await second.ended).toBe('done');
    expect(first.log).toHaveLength(seen);
    expect(await first.ended).toBe('cancelled');
    expect(sorted(second.cells)).toEqual(sorted(await direct(other)));
    expect(second.cells.every((c) => c.seed === 4 && c.model === 'sim-7B')).toBe(true);
    expect(maxLive()).toBeLessThanOrEqual(2);
    expect(live()).toBeLessThanOrEqual(2);
    pool.dispose();
    expect(live()).toBe(0);
    expect(pool.workers).toBe(0);
  });

  it('loads a page bundle into each worker that needs it, again into fresh workers after a cancel', async () => {
    const { pool, fakes } = fakePool({ bundleData: (k) => (k === 'page-1' ? { fileName: FIXTURE, data: fixtureText } : undefined) });
    const req: SweepRequest = { ...REQUEST, source: { kind: 'bundle', bundleKey: 'page-1' }, models: ['sim-1.4B'], problemIds: IDS.filter((id) => id.endsWith('0005')).map((id) => id.replace('0005', '0000')), chunk: 2 };
    const a = recorder();
    const handle = pool.start(req, { ...a.handlers, onCells: (c) => { a.handlers.onCells(c); handle.cancel(); } });
    expect(await a.ended).toBe('cancelled');
    const b = recorder();
    pool.start(req, b.handlers);
    expect(await b.ended).toBe('done');
    expect(b.cells.length).toBe(5 * (1 + 6 * 3));
    expect(fakes.length).toBeGreaterThan(2);
    for (const f of fakes) expect(f.loaded).toEqual([FIXTURE]);
    const missing = recorder();
    pool.start({ ...req, source: { kind: 'bundle', bundleKey: 'page-9' } }, missing.handlers);
    expect(await missing.ended).toBe('error');
    expect(missing.log.at(-1)).toBe('done:error:no bundle "page-9" is loaded (load the file again)');
  });

  it('estimates the MV limits over its workers exactly as one service does, even while a sweep runs', async () => {
    const { pool } = fakePool();
    const req = { source: { kind: 'sim' as const, prm: 'default' as const }, models: ['sim-7B', 'sim-1.4B'], problemIds: IDS, samples: 16 };
    const r = recorder();
    pool.start(REQUEST, r.handlers);
    const limits = await pool.mvLimits(req);
    expect(limits).toEqual(await new SweepService().mvLimits(req));
    expect(await r.ended).toBe('done');
    await expect(pool.mvLimits({ ...req, models: ['sim-3B'] })).rejects.toThrow('unknown sim model "sim-3B"');
  });

  it('ends a sweep with the error when a unit cannot run, and terminates idle (or prewarmed, unused) workers after idleMs', async () => {
    const { pool, live } = fakePool({ idleMs: 50 });
    const r = recorder();
    pool.start({ ...REQUEST, models: ['sim-9B'] }, r.handlers);
    expect(await r.ended).toBe('error');
    expect(r.log.at(-1)).toMatch(/^done:error:unknown sim model "sim-9B"/);
    expect(r.cells).toEqual([]);
    await vi.waitFor(() => expect(live()).toBe(0), { timeout: 1000 });
    expect(pool.workers).toBe(0);
    pool.prewarm();
    pool.prewarm();
    expect(live()).toBe(2);
    await vi.waitFor(() => expect(live()).toBe(0), { timeout: 1000 });
  });
});
