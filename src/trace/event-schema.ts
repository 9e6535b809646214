/**
 * Valibot schema of the SearchEvent union (src/search/events.ts) as it is stored in a bundle's
 * runs. Compile-time checks at the bottom fail `tsc` when events.ts changes and this schema has
 * not followed, so a bundle can always hold exactly what strategies emit.
 */
import * as v from 'valibot';
import type {
  AllocateItem, BackupStat, DoneEvent, Incomplete, SearchEvent, SearchEventType, VoteBucket, VotePicks,
} from '../search/events';
import type { Compute } from '../search/types';
import { arr, bool, finite, finite0, int, int0, obj, oneOf, opt, str, unit } from './schema-parts';

export const ComputeSchema = obj({
  policyTokens: finite0,
  promptTokens: finite0,
  prmTokens: finite0,
  flops: finite0,
  calls: int0,
  wallMs: finite0,
});

const nodeId = int0;
const parentId = v.nullable(v.pipe(v.number('must be a node id (integer) or null'), v.integer('must be an integer'), v.minValue(0, 'must be ≥ 0')));
const ids = arr(nodeId);

/** UCT values: JSON has no Infinity (an unvisited child's UCT), so it is stored as null. */
const uctValue = v.union(
  [v.number(), v.pipe(v.null(), v.transform(() => Number.POSITIVE_INFINITY))],
  'must be a number (null stands for +Infinity)',
);

const AllocateItemSchema = obj({ id: nodeId, reward: unit, weight: finite0, width: int0 });
const BackupStatSchema = obj({ id: nodeId, N: int0, Q: finite });
const VoteBucketSchema = obj({ key: str, answer: str, count: int0, weight: finite, best: finite });
// `rule` and `picks` were added to v1 later; both optional, an absent rule means 'official'.
const VotePicksSchema = obj({ majority: v.nullable(str), weighted: v.nullable(str), best: v.nullable(str) });
const IncompleteSchema = obj({ reason: str, coverage: opt(unit) });

const TYPES = ['expand', 'node', 'score', 'allocate', 'select', 'backup', 'prune', 'vote', 'done'] as const;

/** One stored SearchEvent, discriminated by `type`. */
export const SearchEventSchema = v.variant('type', [
  v.strictObject({ type: v.literal('expand'), parent: parentId, n: int0, compute: ComputeSchema }),
  v.strictObject({
    type: v.literal('node'), id: nodeId, parent: parentId, depth: int0, text: str, tokens: int0,
    terminal: bool, answer: opt(str), compute: ComputeSchema,
  }),
  v.strictObject({ type: v.literal('score'), id: nodeId, reward: unit, compute: ComputeSchema }),
  v.strictObject({
    type: v.literal('allocate'), depth: int0, budget: int, items: arr(AllocateItemSchema), allocated: int,
    compute: ComputeSchema,
  }),
  v.strictObject({
    type: v.literal('select'), ids, reason: oneOf(['beam-keep', 'mcts-path', 'best-of-n', 'mcts-expand']),
    uct: opt(arr(uctValue)), compute: ComputeSchema,
  }),
  v.strictObject({
    type: v.literal('backup'), path: ids, value: finite, stats: arr(BackupStatSchema), compute: ComputeSchema,
  }),
  v.strictObject({
    type: v.literal('prune'), ids, reason: oneOf(['beam-drop', 'rebase-zero-width', 'max-depth', 'budget']),
    compute: ComputeSchema,
  }),
  v.strictObject({
    type: v.literal('vote'), method: oneOf(['majority', 'best-of-n', 'weighted-majority']),
    buckets: arr(VoteBucketSchema), winner: v.nullable(str),
    rule: opt(oneOf(['official', 'first-vote'])), picks: opt(VotePicksSchema), compute: ComputeSchema,
  }),
  v.strictObject({
    type: v.literal('done'), answer: v.nullable(str), correct: bool, solutions: int0, nodes: int0,
    incomplete: opt(IncompleteSchema), compute: ComputeSchema,
  }),
], (issue) => (issue.expected === 'Object'
  ? 'must be an event object'
  : `must be one of ${TYPES.map((t) => JSON.stringify(t)).join(', ')}`));

/** A run's result: the `done` event's fields without `type`. */
export const RunResultSchema = obj({
  answer: v.nullable(str), correct: bool, solutions: int0, nodes: int0,
  incomplete: opt(IncompleteSchema), compute: ComputeSchema,
});

// ---- compile-time agreement with src/search/events.ts and types.ts --------------------------
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
type Assert<T extends true> = T;
type Out<S extends v.GenericSchema> = v.InferOutput<S>;
type StoredEvent = Out<typeof SearchEventSchema>;
type PerEventKeys = {
  [T in SearchEventType]: SameKeys<Extract<SearchEvent, { type: T }>, Extract<StoredEvent, { type: T }>>;
}[SearchEventType];

export type _EventSchemaChecks = [
  Assert<Same<StoredEvent, SearchEvent>>,
  Assert<PerEventKeys>,
  Assert<SameKeys<Out<typeof ComputeSchema>, Compute>>,
  Assert<SameKeys<Out<typeof AllocateItemSchema>, AllocateItem>>,
  Assert<SameKeys<Out<typeof BackupStatSchema>, BackupStat>>,
  Assert<SameKeys<Out<typeof VoteBucketSchema>, VoteBucket>>,
  Assert<SameKeys<Out<typeof IncompleteSchema>, Incomplete>>,
  Assert<SameKeys<Out<typeof VotePicksSchema>, VotePicks>>,
  Assert<Same<Out<typeof RunResultSchema>, Omit<DoneEvent, 'type'>>>,
  Assert<SameKeys<Out<typeof RunResultSchema>, Omit<DoneEvent, 'type'>>>,
];
