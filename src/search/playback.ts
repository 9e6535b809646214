/**
 * Playback: a run's tree as it stood after the first `t` events of its log. The event log is the
 * one source of truth; the Explorer's timeline, the Compare view and the inspector all read a
 * Playback. Stepping back re-applies the log from the start, so the state at a playhead is always
 * exactly the state the run had then (no undo logic to get wrong).
 *
 * Pure and mutable: the UI keeps one outside its store and bumps a revision when it changes.
 */
import type { AllocateEvent, BackupEvent, DoneEvent, PruneReason, SearchEvent, SelectEvent, VoteEvent } from './events';
import { zeroCompute, type Compute } from './types';

export interface PlaybackNode {
  id: number;
  /** null = a first step after the question. */
  parent: number | null;
  depth: number;
  text: string;
  tokens: number;
  terminal: boolean;
  answer?: string;
  /** Graded against the gold answer (terminal nodes with an answer). */
  correct?: boolean;
  reward: number | null;
  /** Index of the event that created the node. */
  born: number;
  children: number[];
  /** Set by a `prune` event. */
  pruned: PruneReason | null;
  /** REBASE: softmax weight and width from the latest `allocate` that included the node. */
  weight?: number;
  width?: number;
  /** MCTS: visit count, running mean value, and the UCT value when it was last selected. */
  N: number;
  Q: number;
  uct?: number;
  /** Beam: kept by the latest `beam-keep` selection of its depth. */
  kept?: boolean;
}

export type Granularity = 'event' | 'step';

export interface PlaybackOptions {
  /** Grades a terminal answer (the Explorer passes the problem's grader). */
  isCorrect?: (answer: string) => boolean;
}

export class Playback {
  /** Every event received so far (the worker appends batches while the run goes on). */
  readonly events: SearchEvent[] = [];
  /** Nodes by id, as of the playhead. Ids are dense (0, 1, 2 …) in creation order. */
  nodes: PlaybackNode[] = [];
  /** First steps (children of the question). */
  roots: number[] = [];
  /** Events applied: 0 = nothing yet, events.length = the whole log. */
  playhead = 0;
  compute: Compute = zeroCompute();
  lastAllocate: AllocateEvent | null = null;
  lastSelect: SelectEvent | null = null;
  lastBackup: BackupEvent | null = null;
  vote: VoteEvent | null = null;
  done: DoneEvent | null = null;
  /** Bumped on every change of what a viewer would draw. */
  revision = 0;

  constructor(private readonly opts: PlaybackOptions = {}) {}

  /** Append newly received events (does not move the playhead). */
  append(events: readonly SearchEvent[]): void {
    for (const e of events) this.events.push(e);
    if (events.length) this.revision++;
  }

  /** Whether the log is complete (its last event is `done`). */
  get finished(): boolean {
    return this.events.length > 0 && this.events[this.events.length - 1].type === 'done';
  }

  /** Move the playhead to `t` events (clamped to the log). */
  seek(t: number): void {
    const target = Math.max(0, Math.min(Math.floor(t), this.events.length));
    if (target === this.playhead) return;
    if (target < this.playhead) this.reset();
    while (this.playhead < target) this.apply(this.events[this.playhead], this.playhead++);
    this.revision++;
  }

  /** Live leaves: not terminal, not pruned, no children yet — where the search may go next. */
  frontier(): PlaybackNode[] {
    return this.nodes.filter((n) => !n.terminal && n.pruned === null && n.children.length === 0);
  }

  /** The path from a first step down to the node, root first. */
  path(id: number): PlaybackNode[] {
    const out: PlaybackNode[] = [];
    for (let n: PlaybackNode | undefined = this.nodes[id]; n; n = n.parent === null ? undefined : this.nodes[n.parent]) out.push(n);
    return out.reverse();
  }

  /**
   * Playheads at which a "step" of the strategy ends: after each REBASE allocation round (depth),
   * each MCTS iteration (back-up), each beam selection, each finished sampled solution — plus the
   * end of the log. With granularity 'event', every event is a step.
   */
  stepBoundaries(granularity: Granularity): number[] {
    const n = this.events.length;
    // Several panels ask every frame; the answer changes only when events arrive.
    const cached = this.boundaryCache[granularity];
    if (cached && cached.length === n) return cached.cuts;
    const cuts = this.computeBoundaries(granularity, n);
    this.boundaryCache[granularity] = { length: n, cuts };
    return cuts;
  }

  private boundaryCache: Partial<Record<Granularity, { length: number; cuts: number[] }>> = {};

  private computeBoundaries(granularity: Granularity, n: number): number[] {
    if (granularity === 'event') return Array.from({ length: n }, (_, i) => i + 1);
    const cuts: number[] = [];
    const hasRounds = this.events.some((e) => e.type === 'allocate' || e.type === 'backup' || (e.type === 'select' && e.reason === 'beam-keep'));
    for (let i = 0; i < n; i++) {
      const e = this.events[i];
      const next = this.events[i + 1];
      const endsRound = hasRounds
        ? (e.type === 'backup') || (next !== undefined && (next.type === 'allocate' || (next.type === 'select' && next.reason === 'beam-keep')))
        : e.type === 'node' && e.terminal;
      if (endsRound) cuts.push(i + 1);
    }
    if (cuts[cuts.length - 1] !== n && n > 0) cuts.push(n);
    return cuts;
  }

  private reset(): void {
    this.nodes = [];
    this.roots = [];
    this.playhead = 0;
    this.compute = zeroCompute();
    this.lastAllocate = null;
    this.lastSelect = null;
    this.lastBackup = null;
    this.vote = null;
    this.done = null;
  }

  private apply(e: SearchEvent, index: number): void {
    this.compute = e.compute;
    switch (e.type) {
      case 'node': {
        const node: PlaybackNode = {
          id: e.id, parent: e.parent, depth: e.depth, text: e.text, tokens: e.tokens, terminal: e.terminal,
          answer: e.answer, reward: null, born: index, children: [], pruned: null, N: 0, Q: 0,
        };
        if (e.terminal && e.answer !== undefined && this.opts.isCorrect) node.correct = this.opts.isCorrect(e.answer);
        this.nodes[e.id] = node;
        if (e.parent === null) this.roots.push(e.id);
        else this.nodes[e.parent]?.children.push(e.id);
        break;
      }
      case 'score': {
        const node = this.nodes[e.id];
        if (node) node.reward = e.reward;
        break;
      }
      case 'allocate':
        this.lastAllocate = e;
        for (const item of e.items) {
          const node = this.nodes[item.id];
          if (node) {
            node.weight = item.weight;
            node.width = item.width;
          }
        }
        break;
      case 'select':
        this.lastSelect = e;
        if (e.reason === 'mcts-path' && e.uct) e.ids.forEach((id, i) => this.nodes[id] && (this.nodes[id].uct = e.uct![i]));
        if (e.reason === 'beam-keep') {
          const depth = this.nodes[e.ids[0]]?.depth;
          const keep = new Set(e.ids);
          for (const n of this.nodes) if (n && n.depth === depth && !n.terminal) n.kept = keep.has(n.id);
        }
        break;
      case 'backup':
        this.lastBackup = e;
        for (const s of e.stats) {
          const node = this.nodes[s.id];
          if (node) {
            node.N = s.N;
            node.Q = s.Q;
          }
        }
        break;
      case 'prune':
        for (const id of e.ids) if (this.nodes[id]) this.nodes[id].pruned = e.reason;
        break;
      case 'vote':
        this.vote = e;
        break;
      case 'done':
        this.done = e;
        break;
      case 'expand':
        break;
    }
  }
}
