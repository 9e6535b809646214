/**
 * A small mutable helper to assemble a bundle piece by piece (the recorder and the importers
 * use it). It checks nothing while you add; `build()` validates the whole bundle at once.
 */
import type {
  Bundle, BundleMeta, BundleModel, BundleProblem, Pool, PoolNode, RunRecord, RunResult,
} from './bundle';
import { parseBundle } from './bundle';
import { FORMAT } from './schema';

/** A node to add; `id` is generated (`n1`, `n2`, … per pool) when omitted. */
export type NodeInput = Omit<PoolNode, 'id'> & { id?: string };

/** A run to add; `id` defaults to `run-<k>`, `result` to the fields of the last `done` event. */
export type RunInput = Omit<RunRecord, 'id' | 'result'> & { id?: string; result?: RunResult };

/** Drop keys whose value is undefined, so built objects look like parsed ones. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
}

/** Assembles a {@link Bundle}; see the module comment. */
export class BundleBuilder {
  private meta: BundleMeta;
  private readonly models: Record<string, BundleModel> = {};
  private readonly problems: BundleProblem[] = [];
  private readonly pools: Pool[] = [];
  private readonly nodeById: Map<string, PoolNode>[] = [];
  private readonly runs: RunRecord[] = [];

  constructor(meta: BundleMeta) {
    this.meta = compact({ ...meta });
  }

  /** Change meta fields (e.g. add notes at the end of a recording). */
  setMeta(patch: Partial<BundleMeta>): this {
    this.meta = compact({ ...this.meta, ...patch });
    return this;
  }

  /** Add a model under `id`. Adding the same id again is allowed only with identical fields. */
  addModel(id: string, model: BundleModel): this {
    const old = this.models[id];
    if (old && (old.role !== model.role || old.name !== model.name || old.params !== model.params)) {
      throw new Error(`BundleBuilder: model id "${id}" is already used by a different model`);
    }
    this.models[id] = { role: model.role, name: model.name, params: model.params };
    return this;
  }

  /** Add a problem unless one with the same id is already there (the first one is kept). */
  addProblem(problem: BundleProblem): this {
    if (!this.hasProblem(problem.id)) this.problems.push(compact({ ...problem }));
    return this;
  }

  /** Whether a problem with this id was added. */
  hasProblem(id: string): boolean {
    return this.problems.some((p) => p.id === id);
  }

  /** Add an empty pool; returns its index, which `addNode` and `setReward` take. */
  addPool(pool: Omit<Pool, 'nodes'>): number {
    this.pools.push({
      problemId: pool.problemId,
      policy: pool.policy,
      prm: pool.prm,
      sampling: compact({ ...pool.sampling }),
      ...(pool.promptTokens !== undefined ? { promptTokens: pool.promptTokens } : {}),
      nodes: [],
    });
    this.nodeById.push(new Map());
    return this.pools.length - 1;
  }

  /** Record the question's prompt tokens on a pool (the first value given is kept). */
  setPromptTokens(pool: number, tokens: number): void {
    this.pools[pool].promptTokens ??= tokens;
  }

  /** Append a node to a pool (after its earlier siblings, which fixes the recorded order). */
  addNode(pool: number, node: NodeInput): string {
    const byId = this.poolMap(pool);
    let id = node.id;
    if (id === undefined) {
      let k = byId.size + 1;
      while (byId.has(`n${k}`)) k++;
      id = `n${k}`;
    }
    const stored = compact({ ...node, id });
    this.pools[pool].nodes.push(stored);
    if (!byId.has(id)) byId.set(id, stored);
    return id;
  }

  /** Set the reward of a node already added. */
  setReward(pool: number, nodeId: string, reward: number | null): void {
    const node = this.poolMap(pool).get(nodeId);
    if (!node) throw new Error(`BundleBuilder: pool ${pool} has no node "${nodeId}"`);
    node.reward = reward;
  }

  /** The node with this id in a pool, if any (live: do not mutate). */
  node(pool: number, nodeId: string): Readonly<PoolNode> | undefined {
    return this.poolMap(pool).get(nodeId);
  }

  /** Attach a recorded run; returns its id. */
  addRun(run: RunInput): string {
    let result = run.result;
    if (!result) {
      const last = run.events.at(-1);
      if (last?.type !== 'done') throw new Error('BundleBuilder.addRun: no result given and the last event is not `done`');
      const { type: _type, ...fields } = last;
      result = fields;
    }
    const id = run.id ?? `run-${this.runs.length + 1}`;
    this.runs.push({
      id,
      problemId: run.problemId,
      strategy: { name: run.strategy.name, params: { ...run.strategy.params } },
      seed: run.seed,
      events: [...run.events],
      result,
    });
    return id;
  }

  /** A validated, independent Bundle; throws BundleError when what was added is not valid. */
  build(): Bundle {
    const raw: Bundle = {
      format: FORMAT,
      version: 1,
      meta: this.meta,
      models: this.models,
      problems: this.problems,
      pools: this.pools,
      ...(this.runs.length > 0 ? { runs: this.runs } : {}),
    };
    return parseBundle(raw);
  }

  private poolMap(pool: number): Map<string, PoolNode> {
    const m = this.nodeById[pool];
    if (!m) throw new Error(`BundleBuilder: no pool ${pool}`);
    return m;
  }
}
