/**
 * The strategy's own numbers for one node: REBASE softmax weight and width, MCTS N, Q and UCT,
 * whether beam search kept it, and why it was pruned.
 */
import type { ReactNode } from 'react';
import type { AllocateEvent } from '../../../search/events';
import type { Playback, PlaybackNode } from '../../../search/playback';
import { rebasePresetOf, type StrategySpec } from '../../../search/strategies/index';
import { formatValue, PRUNE_LABEL } from './format';

/** The latest allocation (as of the playhead) that split width over this node. */
function allocationOf(playback: Playback, id: number): AllocateEvent | null {
  for (let i = playback.playhead - 1; i >= 0; i--) {
    const e = playback.events[i];
    if (e.type === 'allocate' && e.items.some((it) => it.id === id)) return e;
  }
  return null;
}

/** UCT now: Q + c·√(ln N(parent) / N); ∞ while unvisited. The question's N = back-ups so far. */
function uctNow(playback: Playback, node: PlaybackNode, c: number): number {
  if (node.N === 0) return Infinity;
  let parentN = 0;
  if (node.parent !== null) parentN = playback.nodes[node.parent]?.N ?? 0;
  else for (let i = 0; i < playback.playhead; i++) if (playback.events[i].type === 'backup') parentN++;
  return node.Q + c * Math.sqrt(Math.log(Math.max(1, parentN)) / node.N);
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="if-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export interface NodeFactsProps {
  playback: Playback;
  node: PlaybackNode;
  spec: StrategySpec;
}

/** A definition list of the strategy-specific figures of `node` at the playhead. */
export function NodeFacts({ playback, node, spec }: NodeFactsProps) {
  const rows: ReactNode[] = [];
  if (spec.name === 'rebase') {
    const p = spec.params;
    const preset = p.preset ?? rebasePresetOf(p);
    rows.push(
      <Row key="preset" term="REBASE preset">
        {preset ? `${preset} (T_b ${p.tb}, ${p.allocation} allocation)` : `custom (T_b ${p.tb}, ${p.allocation} allocation)`}
      </Row>,
    );
    const alloc = node.weight !== undefined ? allocationOf(playback, node.id) : null;
    if (alloc && node.weight !== undefined && node.width !== undefined) {
      rows.push(
        <Row key="w" term="softmax weight">
          {formatValue(node.weight)} <span className="if-muted">= exp(R/T_b) share among {alloc.items.length} candidates at depth {alloc.depth}</span>
        </Row>,
        <Row key="n" term="allocated width">
          {node.width} of B = {alloc.budget} children
        </Row>,
      );
    } else {
      rows.push(<Row key="n" term="allocated width">{node.terminal ? 'none: a finished solution (uses one of the N)' : 'not allocated yet'}</Row>);
    }
  }
  if (spec.name === 'mcts') {
    const uct = uctNow(playback, node, spec.params.c);
    rows.push(
      <Row key="N" term="visits N">{node.N}</Row>,
      <Row key="Q" term="value Q">{node.N === 0 ? '— (unvisited)' : formatValue(node.Q)}</Row>,
      <Row key="U" term={`UCT now (c = ${spec.params.c})`}>
        {formatValue(uct)} {uct === Infinity && <span className="if-muted">unvisited: selected first</span>}
      </Row>,
    );
  }
  if (spec.name === 'beam' && !node.terminal) {
    rows.push(
      <Row key="kept" term="beam">
        {node.kept === true ? 'kept (in the top n/m by reward)' : node.kept === false ? 'dropped (not in the top n/m)' : 'not ranked yet'}
      </Row>,
    );
  }
  if (node.pruned) rows.push(<Row key="pruned" term="pruned">{PRUNE_LABEL[node.pruned]}</Row>);
  if (rows.length === 0) return null;
  return <dl className="if-facts">{rows}</dl>;
}
