/**
 * Checks that span several fields of a schema-valid bundle: references between sections,
 * duplicate ids, the shape of each pool's tree. Each failure throws one BundleError naming the
 * JSON path of the offending value.
 */
import type { Bundle, Pool } from './bundle';
import { BundleError, pathOf, show } from './errors';

/** Throw on the first cross-field problem of a bundle that already passed the schema. */
export function checkBundle(b: Bundle): void {
  const problemAt = new Map<string, number>();
  b.problems.forEach((p, i) => {
    const first = problemAt.get(p.id);
    if (first !== undefined) {
      throw new BundleError(pathOf(['problems', i, 'id']), `duplicate problem id ${show(p.id)} (first at ${pathOf(['problems', first])})`);
    }
    problemAt.set(p.id, i);
  });

  const problemRef = (path: (string | number)[], problemId: string): void => {
    if (!problemAt.has(problemId)) {
      throw new BundleError(pathOf(path), `no problem with id ${show(problemId)} in problems`);
    }
  };

  const modelRef = (path: (string | number)[], modelId: string, role: 'policy' | 'prm'): void => {
    const model = Object.hasOwn(b.models, modelId) ? b.models[modelId] : undefined;
    if (!model) {
      const known = Object.keys(b.models).map((k) => JSON.stringify(k)).join(', ') || 'none';
      throw new BundleError(pathOf(path), `no model with id ${show(modelId)} in models (known: ${known})`);
    }
    if (model.role !== role) {
      throw new BundleError(pathOf(path), `model ${show(modelId)} has role "${model.role}", expected "${role}"`);
    }
  };

  b.pools.forEach((pool, i) => {
    problemRef(['pools', i, 'problemId'], pool.problemId);
    modelRef(['pools', i, 'policy'], pool.policy, 'policy');
    if (pool.prm !== null) modelRef(['pools', i, 'prm'], pool.prm, 'prm');
    checkPoolTree(pool, i);
  });

  const runAt = new Map<string, number>();
  (b.runs ?? []).forEach((run, i) => {
    const first = runAt.get(run.id);
    if (first !== undefined) {
      throw new BundleError(pathOf(['runs', i, 'id']), `duplicate run id ${show(run.id)} (first at ${pathOf(['runs', first])})`);
    }
    runAt.set(run.id, i);
    problemRef(['runs', i, 'problemId'], run.problemId);
  });
}

/**
 * A pool's nodes must form a forest: unique ids, every parent present, no cycle, no child
 * under a terminal step, and no reward where the pool has no PRM.
 */
function checkPoolTree(pool: Pool, poolIndex: number): void {
  const at = (i: number, field?: string): string =>
    pathOf(field ? ['pools', poolIndex, 'nodes', i, field] : ['pools', poolIndex, 'nodes', i]);
  const indexOf = new Map<string, number>();
  pool.nodes.forEach((node, i) => {
    const first = indexOf.get(node.id);
    if (first !== undefined) {
      throw new BundleError(at(i, 'id'), `duplicate node id ${show(node.id)} (first at ${at(first)})`);
    }
    indexOf.set(node.id, i);
  });

  pool.nodes.forEach((node, i) => {
    if (pool.prm === null && node.reward !== null) {
      throw new BundleError(at(i, 'reward'), `must be null: the pool has no PRM (prm: null) (got ${node.reward})`);
    }
    if (node.parent === null) return;
    const p = indexOf.get(node.parent);
    if (p === undefined) {
      throw new BundleError(at(i, 'parent'), `no node with id ${show(node.parent)} in this pool`);
    }
    if (pool.nodes[p].terminal) {
      throw new BundleError(at(i, 'parent'), `node ${show(node.parent)} is terminal, so it cannot have children`);
    }
  });

  // Cycle detection: walk up from each node; 1 = on the current walk, 2 = reaches a root.
  const state = new Uint8Array(pool.nodes.length);
  for (let start = 0; start < pool.nodes.length; start++) {
    const walk: number[] = [];
    let i: number | undefined = start;
    while (i !== undefined && state[i] === 0) {
      state[i] = 1;
      walk.push(i);
      const parent: string | null = pool.nodes[i].parent;
      i = parent === null ? undefined : indexOf.get(parent);
    }
    if (i !== undefined && state[i] === 1) {
      const loop = walk.slice(walk.indexOf(i)).map((k) => pool.nodes[k].id);
      throw new BundleError(at(i, 'parent'), `cycle: ${[...loop, loop[0]].map((s) => JSON.stringify(s)).join(' → ')} (following parent links never reaches a first step)`);
    }
    for (const k of walk) state[k] = 2;
  }
}
