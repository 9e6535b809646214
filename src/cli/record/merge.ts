/**
 * `record --merge`: the bundles of a sharded recording (each shard holds the pools of its own
 * problems) as one bundle. Pools are never merged node by node — a problem recorded in two shards
 * is an error, because concatenating two pools would change what a replay serves.
 */
import type { Bundle, RunRecord } from '../../trace/bundle';
import { BundleBuilder } from '../../trace/builder';
import { UsageError } from '../args';

export interface MergeInput {
  path: string;
  bundle: Bundle;
}

/** One bundle with every input's models, problems, pools and runs (validated). */
export function mergeBundles(inputs: readonly MergeInput[]): Bundle {
  if (inputs.length < 2) throw new UsageError('--merge needs at least two bundles');
  const first = inputs[0].bundle;
  const createdAt = inputs.map((i) => i.bundle.meta.createdAt).sort()[0];
  const sources = new Set(inputs.map((i) => i.bundle.meta.source));
  const notes = [...new Set(inputs.map((i) => i.bundle.meta.notes).filter((n): n is string => !!n))];
  const builder = new BundleBuilder({
    title: first.meta.title,
    createdAt,
    source: sources.size === 1 ? first.meta.source : 'live',
    ...(notes.length ? { notes: [...notes, `Merged from ${inputs.map((i) => i.path).join(', ')}.`].join('\n') } : { notes: `Merged from ${inputs.map((i) => i.path).join(', ')}.` }),
  });
  const owner = new Map<string, string>();
  const runIds = new Set<string>();
  for (const { path, bundle } of inputs) {
    for (const [id, model] of Object.entries(bundle.models)) {
      try {
        builder.addModel(id, model);
      } catch {
        throw new UsageError(`${path}: model "${id}" differs from the one in ${inputs[0].path} (a merge needs the same models)`);
      }
    }
    for (const problem of bundle.problems) builder.addProblem(problem);
    for (const pool of bundle.pools) {
      const key = `${pool.problemId}\u0000${pool.policy}`;
      const other = owner.get(key);
      if (other) throw new UsageError(`${path}: problem ${pool.problemId} (${pool.policy}) is also recorded in ${other}; shards must not overlap`);
      owner.set(key, path);
      const index = builder.addPool({ problemId: pool.problemId, policy: pool.policy, prm: pool.prm, sampling: pool.sampling, ...(pool.promptTokens !== undefined ? { promptTokens: pool.promptTokens } : {}) });
      for (const node of pool.nodes) builder.addNode(index, node);
    }
    for (const run of bundle.runs ?? []) builder.addRun(renamed(run, runIds));
  }
  return builder.build();
}

function renamed(run: RunRecord, taken: Set<string>): RunRecord {
  let id = run.id;
  for (let k = 2; taken.has(id); k++) id = `${run.id}-${k}`;
  taken.add(id);
  return { ...run, id };
}
