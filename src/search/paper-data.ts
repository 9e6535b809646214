/**
 * The paper's reference points (Wu et al. 2024, arXiv 2408.00724; paper-notes.md), as data for the
 * Scaling chart's overlay (design.md §9): Table 4 (Appendix D.3: greedy, sampling and REBASE with
 * three aggregations, MATH500 and GSM8K) and Table 1 (Section 4.3: weighted voting, MATH500).
 * Units are the app's: FLOPs per question in FLOPs (Table 4 prints ×10¹²), accuracy as a fraction.
 * These are real models under the paper's compute convention (2·N·generated tokens); the app's
 * simulated points are not comparable number for number, only in shape.
 */
import type { SweepStrategy } from './strategies/index';

/** Which table of the paper a point comes from. */
export type PaperSource = 'Table 4' | 'Table 1';

export type PaperAggregate = 'majority' | 'best-of-n' | 'weighted-majority';

/** One row of a paper table. */
export interface PaperPoint {
  /** The paper's model name, e.g. "Llemma-7B". */
  model: string;
  /** Parameter count the paper computes FLOPs with. */
  params: number;
  /** The paper's label: "Greedy", "Sampling+MV", "REBASE+WV", "Sampling" (Table 1) … */
  strategy: string;
  /** The app strategy it corresponds to (colours the marker like the app's curve). */
  kind: SweepStrategy;
  /** Final answer selection; null for greedy. */
  aggregate: PaperAggregate | null;
  /** Samples (sampling) or width (REBASE); 1 for greedy. */
  n: number;
  /** FLOPs per question on each dataset; null where the table has no figure. */
  flops: { math500: number; gsm8k: number | null };
  /** Accuracy as a fraction (0.3 = 30.0 %); null where the table has no figure. */
  accuracy: { math500: number; gsm8k: number | null };
  source: PaperSource;
}

export type PaperDataset = keyof PaperPoint['accuracy'];

const PARAMS: Record<string, number> = {
  'Mistral-7B': 7.24e9,
  'Llemma-7B': 6.74e9,
  'Llama3-8B-Instruct': 8.03e9,
  'Llemma-34B': 3.37e10,
};

const LABELS: Record<string, { kind: SweepStrategy; aggregate: PaperAggregate | null }> = {
  Greedy: { kind: 'greedy', aggregate: null },
  'Sampling+MV': { kind: 'majority', aggregate: 'majority' },
  'Sampling+BoN': { kind: 'best-of-n', aggregate: 'best-of-n' },
  'Sampling+WV': { kind: 'weighted-majority', aggregate: 'weighted-majority' },
  'REBASE+MV': { kind: 'rebase', aggregate: 'majority' },
  'REBASE+BoN': { kind: 'rebase', aggregate: 'best-of-n' },
  'REBASE+WV': { kind: 'rebase', aggregate: 'weighted-majority' },
  // Table 1 compares weighted voting only.
  Sampling: { kind: 'weighted-majority', aggregate: 'weighted-majority' },
  REBASE: { kind: 'rebase', aggregate: 'weighted-majority' },
};

/** Decimal shift through the literal, so 3.92 × 10¹² is exactly the double of "3.92e12". */
const shift = (v: number, exp: number): number => Number(`${v}e${exp}`);

// Table 4 as printed: model, label, n, MATH FLOPs ×10¹², GSM8K FLOPs ×10¹², MATH500 %, GSM8K %.
const TABLE_4: readonly (readonly [string, string, number, number, number, number, number])[] = [
  ['Mistral-7B', 'Greedy', 1, 3.4, 2.3, 28.6, 77.9],
  ['Mistral-7B', 'Sampling+MV', 32, 109.2, 72.6, 36.1, 85.7],
  ['Mistral-7B', 'Sampling+BoN', 32, 109.2, 72.6, 40.3, 89.4],
  ['Mistral-7B', 'Sampling+WV', 32, 109.2, 72.6, 39.7, 89.1],
  ['Mistral-7B', 'REBASE+MV', 32, 136.2, 78.9, 44.1, 88.8],
  ['Mistral-7B', 'REBASE+BoN', 32, 136.2, 78.9, 45.4, 89.4],
  ['Mistral-7B', 'REBASE+WV', 32, 136.2, 78.9, 45.0, 89.8],
  ['Llemma-7B', 'Greedy', 1, 3.92, 2.3, 30.0, 68.5],
  ['Llemma-7B', 'Sampling+MV', 32, 125.4, 73.9, 41.0, 80.0],
  ['Llemma-7B', 'Sampling+BoN', 32, 125.4, 73.9, 41.7, 85.6],
  ['Llemma-7B', 'Sampling+WV', 32, 125.4, 73.9, 43.5, 85.4],
  ['Llemma-7B', 'REBASE+MV', 32, 148.0, 82.6, 46.1, 86.1],
  ['Llemma-7B', 'REBASE+BoN', 32, 148.0, 82.6, 44.1, 86.9],
  ['Llemma-7B', 'REBASE+WV', 32, 148.0, 82.6, 46.8, 87.3],
  ['Llama3-8B-Instruct', 'Greedy', 1, 3.84, 2.28, 29.6, 79.0],
  ['Llama3-8B-Instruct', 'Sampling+MV', 32, 122.9, 73.2, 35.4, 84.6],
  ['Llama3-8B-Instruct', 'Sampling+BoN', 32, 122.9, 73.2, 39.7, 88.5],
  ['Llama3-8B-Instruct', 'Sampling+WV', 32, 122.9, 73.2, 39.5, 88.6],
  ['Llama3-8B-Instruct', 'REBASE+MV', 32, 172.8, 79.3, 45.2, 88.3],
  ['Llama3-8B-Instruct', 'REBASE+BoN', 32, 172.8, 79.3, 45.5, 88.7],
  ['Llama3-8B-Instruct', 'REBASE+WV', 32, 172.8, 79.3, 43.7, 89.1],
  ['Llemma-34B', 'Greedy', 1, 19.0, 11.2, 33.0, 78.4],
  ['Llemma-34B', 'Sampling+MV', 8, 152.3, 89.7, 39.9, 84.3],
  ['Llemma-34B', 'Sampling+BoN', 8, 152.3, 89.7, 40.4, 86.7],
  ['Llemma-34B', 'Sampling+WV', 8, 152.3, 89.7, 41.0, 86.0],
  ['Llemma-34B', 'REBASE+MV', 8, 176.8, 98.7, 43.9, 86.1],
  ['Llemma-34B', 'REBASE+BoN', 8, 176.8, 98.7, 43.6, 86.9],
  ['Llemma-34B', 'REBASE+WV', 8, 176.8, 98.7, 42.9, 86.9],
];

// Table 1 as printed: model, method, n, FLOPs, MATH500 %.
const TABLE_1: readonly (readonly [string, string, number, number, number])[] = [
  ['Mistral-7B', 'Sampling', 256, 8.7e14, 42.8],
  ['Mistral-7B', 'REBASE', 32, 1.36e14, 45.0],
  ['Llemma-7B', 'Sampling', 256, 10.0e14, 45.5],
  ['Llemma-7B', 'REBASE', 32, 1.48e14, 46.8],
  ['Llemma-34B', 'Sampling', 64, 12.1e14, 46.7],
  ['Llemma-34B', 'REBASE', 32, 7.08e14, 49.2],
];

/** Table 4 (Appendix D.3): 28 rows, four models × greedy, sampling and REBASE × MV / BoN / WV. */
export const PAPER_TABLE_4: readonly PaperPoint[] = TABLE_4.map(([model, label, n, fm, fg, am, ag]) => ({
  model, params: PARAMS[model], strategy: label, ...LABELS[label], n,
  flops: { math500: shift(fm, 12), gsm8k: shift(fg, 12) },
  accuracy: { math500: shift(am, -2), gsm8k: shift(ag, -2) },
  source: 'Table 4',
}));

/** Table 1 (Section 4.3): sampling vs REBASE with weighted voting on MATH500, 6 rows. */
export const PAPER_TABLE_1: readonly PaperPoint[] = TABLE_1.map(([model, label, n, f, a]) => ({
  model, params: PARAMS[model], strategy: label, ...LABELS[label], n,
  flops: { math500: f, gsm8k: null },
  accuracy: { math500: shift(a, -2), gsm8k: null },
  source: 'Table 1',
}));

/** Both tables, Table 4 first. */
export const PAPER_POINTS: readonly PaperPoint[] = [...PAPER_TABLE_4, ...PAPER_TABLE_1];

/** The points with a figure on `dataset` (Table 1 has MATH500 only). */
export function paperPointsFor(dataset: PaperDataset, points: readonly PaperPoint[] = PAPER_POINTS): PaperPoint[] {
  return points.filter((p) => p.accuracy[dataset] !== null && p.flops[dataset] !== null);
}

/** "Llemma-7B · REBASE+WV · n = 32 (paper, Table 1)" — the citation a tooltip shows. */
export function paperPointLabel(p: PaperPoint): string {
  return `${p.model} · ${p.strategy} · n = ${p.n} (paper, ${p.source})`;
}
