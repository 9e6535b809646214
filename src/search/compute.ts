/**
 * Compute accounting (design.md §5; docs/compute.md). The paper's convention — the default —
 * counts 2 × policy parameters × generated tokens, summed over every generated step (pruned and
 * unfinished ones too); prompt tokens and PRM compute are not counted, which is why the paper's
 * Table 4 gives majority voting, best-of-N and weighted voting identical FLOPs. Two switches add
 * them back. `Compute.flops` always holds the paper's figure; other conventions are derived from
 * the token counts with `flopsFor`, so one run can be drawn under any convention.
 */
import type { Compute, SearchNode } from './types';

/** Which costs besides generated policy tokens count as FLOPs. */
export interface FlopsConvention {
  /** Add 2 × policy params × prompt tokens the server had to prefill (prefix cache assumed). */
  prefill: boolean;
  /** Add 2 × PRM params × tokens the PRM read. */
  prm: boolean;
}

/** The paper's convention: generated policy tokens only. */
export const PAPER_CONVENTION: Readonly<FlopsConvention> = Object.freeze({ prefill: false, prm: false });

/** The token counts a FLOPs figure is made from. */
export type TokenCounts = Pick<Compute, 'policyTokens' | 'promptTokens' | 'prmTokens'>;

/** Forward-pass FLOPs of `tokens` tokens through a model of `params` parameters: 2·N·tokens. */
export function forwardFlops(params: number, tokens: number): number {
  return 2 * params * tokens;
}

/**
 * FLOPs of a run (or a mean per question) under a convention:
 * 2·P·policyTokens (+ 2·P·promptTokens with `prefill`) (+ 2·P_prm·prmTokens with `prm`).
 * With `prm` on and no PRM (`prmParams` null) the PRM term is 0: nothing was scored.
 */
export function flopsFor(
  compute: TokenCounts,
  policyParams: number,
  prmParams: number | null,
  conv: FlopsConvention = PAPER_CONVENTION,
): number {
  let flops = forwardFlops(policyParams, compute.policyTokens);
  if (conv.prefill) flops += forwardFlops(policyParams, compute.promptTokens);
  if (conv.prm && prmParams !== null) flops += forwardFlops(prmParams, compute.prmTokens);
  return flops;
}

/**
 * The axis label of a convention, shown wherever its numbers are:
 * "FLOPs = 2·N·generated tokens (paper)", "… + prefill", "… + PRM", "… + prefill + PRM".
 */
export function conventionLabel(conv: FlopsConvention): string {
  if (!conv.prefill && !conv.prm) return 'FLOPs = 2·N·generated tokens (paper)';
  let label = 'FLOPs = 2·N·generated tokens';
  if (conv.prefill) label += ' + prefill';
  if (conv.prm) label += ' + PRM';
  return label;
}

/** A short stable name of a convention, for URLs and file names. */
export function conventionId(conv: FlopsConvention): 'paper' | 'prefill' | 'prm' | 'prefill+prm' {
  if (conv.prefill) return conv.prm ? 'prefill+prm' : 'prefill';
  return conv.prm ? 'prm' : 'paper';
}

/** The convention a `conventionId` names; the paper's for anything else. */
export function conventionFromId(id: string): FlopsConvention {
  return { prefill: id === 'prefill' || id === 'prefill+prm', prm: id === 'prm' || id === 'prefill+prm' };
}

/** Costs to add to a running `Compute`. */
export interface CostDelta {
  policyTokens?: number;
  promptTokens?: number;
  prmTokens?: number;
  calls?: number;
  wallMs?: number;
}

/**
 * Add a call's costs to `target` in place (the hot path of a run: no allocation) and keep
 * `flops` at the paper's convention. Returns `target`.
 */
export function addCost(target: Compute, delta: CostDelta, policyParams: number): Compute {
  const generated = delta.policyTokens ?? 0;
  target.policyTokens += generated;
  target.promptTokens += delta.promptTokens ?? 0;
  target.prmTokens += delta.prmTokens ?? 0;
  target.calls += delta.calls ?? 0;
  target.wallMs += delta.wallMs ?? 0;
  target.flops += forwardFlops(policyParams, generated);
  return target;
}

/** The sum of two computes, as a new object (totals over runs). */
export function sumCompute(a: Compute, b: Compute): Compute {
  return {
    policyTokens: a.policyTokens + b.policyTokens,
    promptTokens: a.promptTokens + b.promptTokens,
    prmTokens: a.prmTokens + b.prmTokens,
    flops: a.flops + b.flops,
    calls: a.calls + b.calls,
    wallMs: a.wallMs + b.wallMs,
  };
}

/** What {@link PrmReads} needs of a tree node: its id, own tokens and parent. */
export type PrmPathNode = Pick<SearchNode, 'id' | 'tokens'> & { readonly parentNode: PrmPathNode | null };

/**
 * The tokens a run's PRM reads (docs/compute.md, "PRM tokens"), with a per-run prefix cache as a
 * PRM server with prefix caching keeps: the question's tokens once per run, and each node's own
 * tokens once, the first time any path through that node is scored. Scoring a node whose
 * ancestors were never scored reads them too (as context), so they are charged then. A sampling
 * run that scores only the last step of each chain is therefore charged its whole chains, and a
 * tree search that scores every node as it grows is charged every node: equal tokens read, equal
 * charge. One instance per run; the search runner and the sweep's sub-sampled cells use it.
 */
export class PrmReads {
  private readonly seen: boolean[] = [];
  private questionRead = false;

  /**
   * Charge one PRM call that scores the paths ending at `nodes`, and return the tokens it read
   * that no earlier call of the run read. `questionTokens`: the question's tokens as the PRM
   * reads them (undefined when the backend does not know; nothing is charged for it then, and a
   * later call that knows still charges it once).
   */
  charge(nodes: readonly PrmPathNode[], questionTokens: number | undefined): number {
    let tokens = 0;
    if (!this.questionRead && questionTokens !== undefined && nodes.length > 0) {
      this.questionRead = true;
      tokens += questionTokens;
    }
    const seen = this.seen;
    for (const leaf of nodes) {
      for (let n: PrmPathNode | null = leaf; n !== null && seen[n.id] !== true; n = n.parentNode) {
        seen[n.id] = true;
        tokens += n.tokens;
      }
    }
    return tokens;
  }
}

const EXP_PLUS = /e\+/;

/** FLOPs in the paper's notation with three significant figures: 1.36e14, 3.92e12, 0. */
export function formatFlops(flops: number, digits = 3): string {
  if (flops === 0) return '0';
  if (!Number.isFinite(flops)) return String(flops);
  return flops.toExponential(Math.max(0, digits - 1)).replace(EXP_PLUS, 'e');
}
