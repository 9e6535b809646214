/**
 * Runs the Scaling view's one sweep at a time in the sweep pool. Cells stream in from the workers
 * and are kept here (outside the store); the points of the groups that grew are recomputed with
 * `summarize`, and the frontier with `paretoFrontier`, at most once per animation frame — however
 * many batches arrived in between, the store changes once. Each sweep has a generation number:
 * cells, progress and outcomes of a replaced or cancelled sweep are dropped, so an old sweep's
 * late results never mix into the new one. When a sweep is done, the majority-voting limits of
 * its models are asked for (one request per model) and cached.
 */
import { conventionFromId } from '../search/compute';
import { paretoFrontier } from '../search/pareto';
import type { SweepCell } from '../search/sweep';
import { summarize, type SummaryOptions, type SweepPoint } from '../search/sweep-summary';
import { getSweepPool } from '../workers/sweep-pool';
import type { MvLimit, SweepProgress, SweepRequest, SweepStatus } from '../workers/sweep-protocol';
import { requestFrame } from './pacing';
import { EMPTY_PROGRESS, useScaling, type PointKey } from './scaling-store';

/** A sweep to run: the pool's request, the parameter counts for FLOPs, the MV-limit sample size. */
export interface SweepPlan {
  request: SweepRequest;
  flops: Required<Pick<SummaryOptions, 'policyParams' | 'prmParams'>>;
  limitSamples: number;
}

let generation = 0;
let plan: SweepPlan | null = null;
let handle: { cancel(): void } | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let cancelFrame: (() => void) | null = null;
let cells: SweepCell[] = [];
const groups = new Map<string, SweepCell[]>();
const cache = new Map<string, SweepPoint>();
const dirty = new Set<string>();
let progress: SweepProgress | null = null;
const limitCache = new Map<string, MvLimit>();

const set = useScaling.setState;
const get = useScaling.getState;
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The key of a point's group of cells (model, strategy, budget). */
export const pointKeyOf = (p: PointKey): string => `${p.model}\u0000${p.strategy}\u0000${p.budget}`;

const byPoint = (a: SweepPoint, b: SweepPoint): number =>
  (a.model < b.model ? -1 : a.model > b.model ? 1 : a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : a.budget - b.budget);

/** The Pareto frontier of sweep points: x = FLOPs per question, y = accuracy; cheapest first. */
export function frontierOf(points: readonly SweepPoint[]): SweepPoint[] {
  return paretoFrontier(points.map((p) => ({ x: p.flops, y: p.accuracy, p }))).map((q) => q.p);
}

/** Recompute the points of the groups that grew (all of them after a convention change). */
function flush(): void {
  cancelFrame?.();
  cancelFrame = null;
  if (!plan) return;
  const patch: Partial<ReturnType<typeof get>> = {};
  if (dirty.size > 0) {
    const opts: SummaryOptions = { convention: conventionFromId(get().convention), ...plan.flops };
    for (const k of dirty) cache.set(k, summarize(groups.get(k) ?? [], opts)[0]);
    dirty.clear();
    const points = [...cache.values()].filter(Boolean).sort(byPoint);
    Object.assign(patch, { points, frontier: frontierOf(points), cellCount: cells.length, revision: get().revision + 1 });
  }
  if (progress) patch.progress = progress;
  progress = null;
  set(patch);
}

const schedule = (): void => {
  cancelFrame ??= requestFrame(flush);
};

function add(batch: readonly SweepCell[]): void {
  for (const c of batch) {
    cells.push(c);
    const k = pointKeyOf(c);
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
    dirty.add(k);
  }
}

/** Stop whatever runs and forget its results (a new generation starts). */
function clear(): void {
  generation++;
  handle?.cancel();
  handle = null;
  if (timer !== null) clearTimeout(timer);
  timer = null;
  cancelFrame?.();
  cancelFrame = null;
  cells = [];
  groups.clear();
  cache.clear();
  dirty.clear();
  progress = null;
}

function limitKey(req: SweepRequest, model: string, samples: number): string {
  return JSON.stringify([req.source, model, req.problemIds, samples]);
}

/** Show the limits of the plan's models (cached ones at once); ask the pool for the others, one request per model. */
function fetchLimits(mine: number, p: SweepPlan): void {
  const req = p.request;
  const known = () => req.models.map((m) => limitCache.get(limitKey(req, m, p.limitSamples))).filter((l): l is MvLimit => l !== undefined);
  const missing = req.models.filter((m) => !limitCache.has(limitKey(req, m, p.limitSamples)));
  set({ limits: known(), limitsPhase: missing.length ? 'pending' : 'ready' });
  for (const model of missing) {
    getSweepPool().mvLimits({ source: req.source, models: [model], problemIds: req.problemIds, samples: p.limitSamples }).then(
      (got) => {
        for (const l of got) limitCache.set(limitKey(req, l.model, p.limitSamples), l);
        if (mine !== generation) return;
        const limits = known();
        set({ limits, limitsPhase: limits.length === req.models.length ? 'ready' : 'pending' });
      },
      (err: unknown) => {
        if (mine === generation) set((s) => ({ limitsPhase: 'error', notices: [...s.notices, `The majority-voting limit of ${model} could not be computed: ${message(err)}`] }));
      },
    );
  }
}

function begin(mine: number, p: SweepPlan): void {
  set({ status: 'running' });
  let ended = false;
  const finish = (status: SweepStatus, error?: string): void => {
    if (mine !== generation) return;
    ended = true;
    handle = null;
    flush(); // the last cells may still wait for their frame; the outcome must not overtake them
    set({ status, error: status === 'error' ? (error ?? 'the sweep failed') : null });
    if (status === 'done') fetchLimits(mine, p);
  };
  try {
    const h = getSweepPool().start(p.request, {
      onCells: (batch) => {
        if (mine !== generation) return;
        add(batch);
        schedule();
      },
      onProgress: (next) => {
        if (mine !== generation) return;
        progress = next;
        schedule();
      },
      onDone: finish,
    });
    if (!ended && mine === generation) handle = h;
  } catch (err) {
    finish('error', message(err));
  }
}

/**
 * Run a sweep, replacing the current one at once (its results are dropped and the chart
 * empties); it starts after `delayMs` (the view debounces setup changes), or now with 0.
 */
export function runSweep(next: SweepPlan, delayMs = 0): void {
  clear();
  plan = next;
  const mine = generation;
  set((s) => ({
    status: 'waiting', error: null, progress: EMPTY_PROGRESS, problemCount: next.request.problemIds.length, cellCount: 0,
    points: [], frontier: [], limits: [], limitsPhase: 'none', revision: s.revision + 1,
  }));
  if (delayMs <= 0) return begin(mine, next);
  timer = setTimeout(() => {
    timer = null;
    if (mine === generation) begin(mine, next);
  }, delayMs);
}

/** Stop the sweep, keeping what it finished (status 'cancelled'); nothing of it arrives later. */
export function stopSweep(): void {
  if (timer === null && handle === null) return;
  flush();
  generation++;
  handle?.cancel();
  handle = null;
  if (timer !== null) clearTimeout(timer);
  timer = null;
  set({ status: 'cancelled' });
}

/** Stop the sweep and forget it (leaving the view); the store keeps its last state. */
export function disposeSweep(): void {
  clear();
  plan = null;
}

/** Recompute every point now (the compute convention changed); no sweep is restarted. */
export function replot(): void {
  for (const k of groups.keys()) dirty.add(k);
  flush();
}

/** Every cell of the current sweep, in arrival order. */
export function sweepCells(): readonly SweepCell[] {
  return cells;
}

/** The cells behind one point (empty when none arrived yet). */
export function cellsOf(key: PointKey): readonly SweepCell[] {
  return groups.get(pointKeyOf(key)) ?? [];
}
