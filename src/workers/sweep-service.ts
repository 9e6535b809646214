/**
 * What a sweep worker does, as a plain class: sweep.worker.ts only exposes an instance, and tests
 * call it directly in Node. It runs units of a sweep (src/search/sweep.ts) against the sim or a
 * loaded bundle, and estimates the majority-voting limits.
 */
import { releaseProxy } from 'comlink';
import { runUnit, type BackendFactory, type SweepCell, type SweepUnit } from '../search/sweep';
import type { Problem } from '../search/types';
import { SimBackend, simModel, simProblem, type PrmSetting, type SimModelId } from '../sim/index';
import { ReplayBackend, type Bundle, type Pool } from '../trace/index';
import { readBundleFile, summarizeBundle, type BundleData } from './bundle-file';
import type { BundleSummary } from './protocol';
import { limitOf, poolLimitHit, simExactLimitHit, type LimitHit } from './sweep-limits';
import type { MvLimit, MvLimitRequest, SweepSource, SweepUnitRequest, UnitsOutcome } from './sweep-protocol';

/** Receives one unit's cells; through Comlink the service awaits the main thread's receipt. */
export type CellsListener = (cells: SweepCell[]) => void | Promise<void>;

/** A source resolved in this worker: problems by id, backends, and the recorded pools of a bundle. */
interface Resolved {
  problem(id: string): Problem;
  /** Throws a message for the user when `model` cannot run `problem`. */
  check(model: string, problem: Problem): void;
  backendFor: BackendFactory;
  /** Bundle only: the recorded pool of a model on a problem. */
  pool?(model: string, problemId: string): Pool;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message || err.name : String(err));

/** Close a Comlink-proxied callback's channel (one per call); a plain function has no such member. */
function releaseIfRemote(fn: unknown): void {
  const release = (fn as { [releaseProxy]?: unknown } | null)?.[releaseProxy];
  if (typeof release === 'function') (release as () => void)();
}

/** The sweep worker's API (see sweep-protocol.ts for the types). */
export class SweepService {
  private readonly bundles = new Map<string, { fileName: string; bundle: Bundle }>();
  private loads = 0;
  /** One SimBackend per model and PRM setting, shared by every run in this worker (it keeps only caches). */
  private readonly sims = new Map<string, SimBackend>();

  /** Decode, validate and keep a bundle (as `SearchService.loadBundle`); each call gets a new key. */
  async loadBundle(fileName: string, data: BundleData): Promise<BundleSummary> {
    const bundle = await readBundleFile(fileName, data);
    const key = `bundle-${++this.loads}`;
    this.bundles.set(key, { fileName, bundle });
    return summarizeBundle(key, fileName, bundle);
  }

  /**
   * Run units in order, handing each unit's cells to `onCells` (awaited) as soon as it is done.
   * The cells are exactly `runUnit`'s for the same unit on the main thread. A unit that cannot run
   * (unknown model, problem or bundle) ends the call with status 'error' and the reason.
   */
  async runUnits(units: SweepUnitRequest[], source: SweepSource, onCells: CellsListener): Promise<UnitsOutcome> {
    let done = 0;
    try {
      const resolved = this.resolve(source);
      for (const { problemIds, ...rest } of units) {
        const unit: SweepUnit = { ...rest, problems: problemIds.map((id) => resolved.problem(id)) };
        for (const p of unit.problems) resolved.check(unit.model, p);
        await onCells(await runUnit(unit, resolved.backendFor));
        done++;
      }
      return { status: 'done', units: done };
    } catch (err) {
      return { status: 'error', units: done, error: errorText(err) };
    } finally {
      releaseIfRemote(onCells);
    }
  }

  /**
   * The majority-voting limits of each model over the problems (design.md §9, paper Theorems 1
   * and 2). Sim: the majority limit exact, from each problem's answer distribution; the weighted
   * one (with a PRM) from `samples` solutions per problem at temperature 1, seeded by `req.seed`
   * (default 0), the model and the problem. Bundle: every finished solution the pool recorded.
   * Rejects with a message for the user when a model, problem or pool is unknown.
   */
  async mvLimits(req: MvLimitRequest): Promise<MvLimit[]> {
    const resolved = this.resolve(req.source);
    const out: MvLimit[] = [];
    for (const model of req.models) {
      const hits: LimitHit[] = [];
      let hasPrm = true;
      for (const id of req.problemIds) {
        const problem = resolved.problem(id);
        resolved.check(model, problem);
        if (resolved.pool) {
          const pool = resolved.pool(model, id);
          hasPrm &&= pool.prm !== null;
          hits.push(poolLimitHit(pool, problem));
        } else {
          const backend = this.sim(model, (req.source as { prm: PrmSetting | null }).prm);
          hasPrm = backend.prm !== null;
          hits.push(await simExactLimitHit(backend, model, problem, req.samples, req.seed ?? 0));
        }
      }
      out.push(limitOf(model, hits, hasPrm, resolved.pool ? 'sampled' : 'exact'));
    }
    return out;
  }

  private sim(model: string, prm: PrmSetting | null): SimBackend {
    const key = `${model}|${JSON.stringify(prm)}`;
    let backend = this.sims.get(key);
    if (!backend) {
      backend = new SimBackend({ policy: simModel(model).id as SimModelId, prm });
      this.sims.set(key, backend);
    }
    return backend;
  }

  private resolve(source: SweepSource): Resolved {
    if (source.kind === 'sim') {
      return {
        problem: (id) => simProblem(id),
        check: (model) => void simModel(model),
        backendFor: (model) => this.sim(model, source.prm),
      };
    }
    const loaded = this.bundles.get(source.bundleKey);
    if (!loaded) throw new Error(`no bundle "${source.bundleKey}" is loaded (load the file again)`);
    const { fileName, bundle } = loaded;
    const pool = (model: string, problemId: string): Pool => {
      const found = bundle.pools.find((p) => p.problemId === problemId && p.policy === model);
      if (found) return found;
      const policies = [...new Set(bundle.pools.filter((p) => p.problemId === problemId).map((p) => p.policy))];
      throw new Error(`${fileName}: no recording of problem "${problemId}" with policy "${model}" (policies: ${policies.join(', ') || 'none'})`);
    };
    return {
      problem: (id) => {
        const p = bundle.problems.find((x) => x.id === id);
        if (!p) throw new Error(`${fileName}: no problem "${id}"`);
        return p;
      },
      check: (model, problem) => void pool(model, problem.id),
      // A replay serves each recorded node once per run: a fresh one for every run.
      backendFor: (model, problem) => new ReplayBackend(bundle, problem.id, model),
      pool,
    };
  }
}
