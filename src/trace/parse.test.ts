import { describe, expect, it } from 'vitest';
import { BundleError, parseBundle, parseBundleText } from './bundle';
import { exampleBundleJson } from './testing';

type Key = string | number;
type Obj = Record<Key, unknown>;

function parentOf(root: unknown, path: Key[]): Obj {
  let cur = root as Obj;
  for (const k of path.slice(0, -1)) cur = cur[k] as Obj;
  return cur;
}
const set = (path: Key[], value: unknown) => (b: Obj) => { parentOf(b, path)[path[path.length - 1]] = value; };
const del = (path: Key[]) => (b: Obj) => { delete parentOf(b, path)[path[path.length - 1]]; };
const push = (path: Key[], value: unknown) => (b: Obj) => { (parentOf(b, path)[path[path.length - 1]] as unknown[]).push(value); };

function errorOf(json: unknown): BundleError {
  try {
    parseBundle(json);
  } catch (err) {
    expect(err).toBeInstanceOf(BundleError);
    return err as BundleError;
  }
  throw new Error('parseBundle accepted a malformed bundle');
}

const node = (id: string, parent: string | null, extra: Obj = {}) =>
  ({ id, parent, text: 't', tokens: 1, reward: 0.5, terminal: false, ...extra });

/** One malformed bundle per kind of mistake, with the exact message a user would read. */
const cases: [string, (b: Obj) => void, string][] = [
  ['unknown format', set(['format'], 'speedscope'), 'format: must be "inference-frontier-trace" (got "speedscope")'],
  ['unsupported version', set(['version'], 2), 'version: unsupported version 2; this build reads version 1'],
  ['version as a string', set(['version'], '1'), 'version: must be the number 1, not the string "1"'],
  ['missing version', del(['version']), 'version: unsupported version (missing); this build reads version 1'],
  ['missing required field', del(['meta', 'title']), 'meta.title: is missing'],
  ['unknown field (misspelt)', set(['pools', 0, 'nodes', 3, 'rewrad'], 0.5), 'pools[0].nodes[3].rewrad: unknown field (not part of trace format v1)'],
  ['wrong type: string for a count', set(['pools', 0, 'nodes', 2, 'tokens'], '12'), 'pools[0].nodes[2].tokens: must be a non-negative integer (got "12")'],
  ['wrong type: fractional tokens', set(['pools', 0, 'nodes', 2, 'tokens'], 1.5), 'pools[0].nodes[2].tokens: must be a non-negative integer (got 1.5)'],
  ['wrong type: terminal as string', set(['pools', 0, 'nodes', 0, 'terminal'], 'no'), 'pools[0].nodes[0].terminal: must be true or false (got "no")'],
  ['object expected, array given', set(['models'], []), 'models: must be an object (got an array)'],
  ['array expected', set(['problems'], {}), 'problems: must be an array (got an object)'],
  ['reward above 1', set(['pools', 0, 'nodes', 3, 'reward'], 1.3), 'pools[0].nodes[3].reward: must be a number in [0, 1] (got 1.3)'],
  ['reward below 0', set(['pools', 0, 'nodes', 3, 'reward'], -0.1), 'pools[0].nodes[3].reward: must be a number in [0, 1] (got -0.1)'],
  ['reward NaN', set(['pools', 0, 'nodes', 3, 'reward'], NaN), 'pools[0].nodes[3].reward: must be a number in [0, 1] or null (got NaN)'],
  ['reward as a string', set(['pools', 0, 'nodes', 3, 'reward'], '0.5'), 'pools[0].nodes[3].reward: must be a number in [0, 1] or null (got "0.5")'],
  ['bad finish reason', set(['pools', 0, 'nodes', 1, 'finishReason'], 'timeout'), 'pools[0].nodes[1].finishReason: must be one of "stop", "length", "eos" (got "timeout")'],
  ['bad meta.source', set(['meta', 'source'], 'disk'), 'meta.source: must be "sim", "live" or "import:<format>" (got "disk")'],
  ['bad meta.createdAt', set(['meta', 'createdAt'], 'yesterday'), 'meta.createdAt: must be an ISO 8601 date or timestamp, e.g. "2026-11-26T12:00:00Z" (got "yesterday")'],
  ['negative model params', set(['models', 'sim-7B', 'params'], -1), 'models["sim-7B"].params: must be a finite number ≥ 0 (got -1)'],
  ['bad model role', set(['models', 'sim-7B', 'role'], 'judge'), 'models["sim-7B"].role: must be one of "policy", "prm" (got "judge")'],
  ['duplicate problem id', set(['problems', 1, 'id'], 'p1'), 'problems[1].id: duplicate problem id "p1" (first at problems[0])'],
  ['pool.problemId not in problems', set(['pools', 1, 'problemId'], 'p9'), 'pools[1].problemId: no problem with id "p9" in problems'],
  ['run.problemId not in problems', set(['runs', 0, 'problemId'], 'p9'), 'runs[0].problemId: no problem with id "p9" in problems'],
  ['pool.policy not in models', set(['pools', 0, 'policy'], 'gpt-9'), 'pools[0].policy: no model with id "gpt-9" in models (known: "sim-1B", "sim-7B", "sim-prm")'],
  ['pool.policy is a PRM', set(['pools', 0, 'policy'], 'sim-prm'), 'pools[0].policy: model "sim-prm" has role "prm", expected "policy"'],
  ['pool.prm is a policy', set(['pools', 0, 'prm'], 'sim-1B'), 'pools[0].prm: model "sim-1B" has role "policy", expected "prm"'],
  ['duplicate node id', set(['pools', 0, 'nodes', 5, 'id'], 'b'), 'pools[0].nodes[5].id: duplicate node id "b" (first at pools[0].nodes[2])'],
  ['parent missing from the pool', set(['pools', 0, 'nodes', 4, 'parent'], 'zz'), 'pools[0].nodes[4].parent: no node with id "zz" in this pool'],
  ['child of a terminal step', push(['pools', 0, 'nodes'], node('a2x', 'a2')), 'pools[0].nodes[7].parent: node "a2" is terminal, so it cannot have children'],
  ['cycle', (b) => { set(['pools', 0, 'nodes', 0, 'parent'], 'a1')(b); }, 'pools[0].nodes[0].parent: cycle: "a" → "a1" → "a" (following parent links never reaches a first step)'],
  ['self-parent', set(['pools', 0, 'nodes', 3, 'parent'], 'c'), 'pools[0].nodes[3].parent: cycle: "c" → "c" (following parent links never reaches a first step)'],
  ['reward in a pool without PRM', set(['pools', 1, 'nodes', 0, 'reward'], 0.5), 'pools[1].nodes[0].reward: must be null: the pool has no PRM (prm: null) (got 0.5)'],
  ['duplicate run id', (b) => { (b.runs as unknown[]).push({ ...(b.runs as Obj[])[0] }); }, 'runs[1].id: duplicate run id "r1" (first at runs[0])'],
  ['unknown event type', set(['runs', 0, 'events', 1, 'type'], 'think'), 'runs[0].events[1].type: must be one of "expand", "node", "score", "allocate", "select", "backup", "prune", "vote", "done" (got "think")'],
  ['bad event field', set(['runs', 0, 'events', 2, 'reward'], 2), 'runs[0].events[2].reward: must be a number in [0, 1] (got 2)'],
  ['event node id not an integer', set(['runs', 0, 'events', 1, 'id'], 'n1'), 'runs[0].events[1].id: must be a non-negative integer (got "n1")'],
  ['missing compute in the result', del(['runs', 0, 'result', 'compute']), 'runs[0].result.compute: is missing'],
  ['non-JSON strategy params', set(['runs', 0, 'strategy', 'params'], { budget: Infinity }), 'runs[0].strategy.params: must hold only JSON values (finite numbers, strings, booleans, null, arrays, objects) (got an object)'],
  ['seed not an integer', set(['runs', 0, 'seed'], 0.5), 'runs[0].seed: must be an integer (got 0.5)'],
];

describe('parseBundle rejects malformed bundles with the JSON path', () => {
  it.each(cases)('%s', (_name, edit, message) => {
    const b = exampleBundleJson();
    edit(b);
    const err = errorOf(b);
    expect(err.message).toBe(message);
    expect(err.path).toBe(message.slice(0, message.indexOf(': ')));
  });

  it('rejects a value that is not an object', () => {
    expect(errorOf([]).message).toBe('(root): must be a JSON object (got an array)');
    expect(errorOf(null).message).toBe('(root): must be a JSON object (got null)');
  });

  it('rejects text that is not JSON, and says when it is still gzip-compressed', () => {
    expect(() => parseBundleText('{"format": ')).toThrow(/^\(root\): not valid JSON \(/);
    expect(() => parseBundleText('\x1f\x8b\x08\x00')).toThrow('(root): this is gzip-compressed data; decompress it before parsing');
  });
});

describe('parseBundle on a valid bundle', () => {
  it('accepts it and returns a fresh value that does not share objects with the input', () => {
    const input = exampleBundleJson();
    const bundle = parseBundle(input);
    // JSON has no Infinity: an unvisited child's UCT is null in the file and Infinity in memory.
    expect(JSON.parse(JSON.stringify(bundle))).toEqual(input);
    expect(bundle).not.toBe(input);
    const inputPools = input.pools as { nodes: Obj[] }[];
    inputPools[0].nodes[0].text = 'changed';
    expect(bundle.pools[0].nodes[0].text).toBe('6 × 7 means six sevens.');
    (input.runs as { strategy: { params: Obj } }[])[0].strategy.params.budget = 64;
    expect(bundle.runs?.[0].strategy.params.budget).toBe(32);
  });

  it('stores an unvisited child\'s UCT (null in JSON) as +Infinity', () => {
    const run = parseBundle(exampleBundleJson()).runs?.[0];
    expect(run?.events[3]).toMatchObject({ type: 'select', uct: [Infinity] });
  });

  it('accepts a bundle without runs and with children listed before their parents', () => {
    const b = exampleBundleJson();
    delete b.runs;
    const bundle = parseBundle(b);
    expect(bundle.runs).toBeUndefined();
    expect(bundle.pools[0].nodes[1]).toMatchObject({ id: 'b1', parent: 'b' });
  });
});
