/**
 * The event stream every strategy emits (design.md §3). The same stream drives the animation,
 * the recorded trace and the sweep statistics. Every event carries the compute spent so far.
 * Node ids are the run tree's integer ids; `parent: null` means the question (the root).
 */
import type { Compute } from './types';

interface Base {
  /** Compute so far, including this event's work. */
  compute: Compute;
}

export interface ExpandEvent extends Base { type: 'expand'; parent: number | null; n: number }
export interface NodeEvent extends Base {
  type: 'node';
  id: number;
  parent: number | null;
  depth: number;
  text: string;
  tokens: number;
  terminal: boolean;
  answer?: string;
}
export interface ScoreEvent extends Base { type: 'score'; id: number; reward: number }
export interface AllocateItem { id: number; reward: number; weight: number; width: number }
export interface AllocateEvent extends Base {
  type: 'allocate';
  depth: number;
  /** The remaining width B being split. */
  budget: number;
  items: AllocateItem[];
  /** Σ width; differs from `budget` only in the paper's independent-rounding mode. */
  allocated: number;
}
export type SelectReason = 'beam-keep' | 'mcts-path' | 'best-of-n' | 'mcts-expand';
export interface SelectEvent extends Base {
  type: 'select';
  ids: number[];
  reason: SelectReason;
  /** MCTS: the UCT value of each selected child, aligned with `ids` (root excluded). */
  uct?: number[];
}
export interface BackupStat { id: number; N: number; Q: number }
export interface BackupEvent extends Base { type: 'backup'; path: number[]; value: number; stats: BackupStat[] }
export type PruneReason = 'beam-drop' | 'rebase-zero-width' | 'max-depth' | 'budget';
export interface PruneEvent extends Base { type: 'prune'; ids: number[]; reason: PruneReason }
export interface VoteBucket {
  /** The normalised answer key (design.md §6). */
  key: string;
  /** The first raw answer seen for this key. */
  answer: string;
  count: number;
  /** Σ aggregated reward of the bucket's solutions. */
  weight: number;
  /** Best aggregated reward in the bucket. */
  best: number;
}
export interface VoteEvent extends Base {
  type: 'vote';
  method: 'majority' | 'best-of-n' | 'weighted-majority';
  buckets: VoteBucket[];
  /** The winning key, null when there was no finished solution (or, official rule, no class above 0). */
  winner: string | null;
  /**
   * The tie and `[invalid]` rule the vote used (aggregate.ts `VoteRule`). Added after v1's first
   * release, optional: absent means `official`, the default.
   */
  rule?: 'official' | 'first-vote';
  /**
   * The key each method would have picked from the same candidates under `rule`, so the tally can
   * show them without re-deriving the rule from the buckets. Optional like `rule`; absent: the
   * viewer recomputes from the buckets.
   */
  picks?: VotePicks;
}
/** Winning keys per method (null: no winner). */
export interface VotePicks {
  majority: string | null;
  weighted: string | null;
  best: string | null;
}
export interface Incomplete {
  reason: string;
  /** Replay coverage: samples served / samples asked. */
  coverage?: number;
}
export interface DoneEvent extends Base {
  type: 'done';
  /** The chosen raw answer, null when no solution finished. */
  answer: string | null;
  correct: boolean;
  /** Number of finished (terminal) solutions the run produced. */
  solutions: number;
  /** Nodes generated in all. */
  nodes: number;
  incomplete?: Incomplete;
}

export type SearchEvent =
  | ExpandEvent
  | NodeEvent
  | ScoreEvent
  | AllocateEvent
  | SelectEvent
  | BackupEvent
  | PruneEvent
  | VoteEvent
  | DoneEvent;

export type SearchEventType = SearchEvent['type'];
