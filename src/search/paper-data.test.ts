import { describe, expect, it } from 'vitest';
import { findModelParams } from './models';
import { PAPER_POINTS, PAPER_TABLE_1, PAPER_TABLE_4, paperPointLabel, paperPointsFor } from './paper-data';

const row = (table: typeof PAPER_TABLE_4, model: string, strategy: string) => {
  const hits = table.filter((p) => p.model === model && p.strategy === strategy);
  expect(hits).toHaveLength(1);
  return hits[0];
};

describe('paper reference points', () => {
  it('Table 4: Llemma-7B greedy at 3.92e12 FLOPs, 30.0 % MATH500, 68.5 % GSM8K', () => {
    const p = row(PAPER_TABLE_4, 'Llemma-7B', 'Greedy');
    expect(p.flops.math500).toBe(3.92e12);
    expect(p.flops.gsm8k).toBe(2.3e12);
    expect(p.accuracy.math500).toBe(0.3);
    expect(p.accuracy.gsm8k).toBe(0.685);
    expect(p).toMatchObject({ n: 1, kind: 'greedy', aggregate: null, source: 'Table 4', params: 6.74e9 });
  });

  it('Table 4: 4 models × 7 rows; sampling aggregations share FLOPs, REBASE costs more', () => {
    expect(PAPER_TABLE_4).toHaveLength(28);
    for (const model of ['Mistral-7B', 'Llemma-7B', 'Llama3-8B-Instruct', 'Llemma-34B']) {
      const rows = PAPER_TABLE_4.filter((p) => p.model === model);
      expect(rows.map((p) => p.strategy)).toEqual(['Greedy', 'Sampling+MV', 'Sampling+BoN', 'Sampling+WV', 'REBASE+MV', 'REBASE+BoN', 'REBASE+WV']);
      const sampling = new Set(rows.filter((p) => p.strategy.startsWith('Sampling')).map((p) => p.flops.math500));
      expect(sampling.size).toBe(1);
      const rebase = rows.find((p) => p.strategy === 'REBASE+WV')!;
      expect(rebase.flops.math500).toBeGreaterThan([...sampling][0]);
    }
    expect(row(PAPER_TABLE_4, 'Llemma-34B', 'Sampling+WV')).toMatchObject({ n: 8, kind: 'weighted-majority', aggregate: 'weighted-majority' });
    expect(row(PAPER_TABLE_4, 'Mistral-7B', 'REBASE+BoN').flops.math500).toBe(1.362e14);
  });

  it('Table 1: six weighted-voting rows on MATH500, no GSM8K figures', () => {
    expect(PAPER_TABLE_1).toHaveLength(6);
    expect(PAPER_TABLE_1.map((p) => [p.model, p.strategy, p.n, p.flops.math500, p.accuracy.math500])).toEqual([
      ['Mistral-7B', 'Sampling', 256, 8.7e14, 0.428],
      ['Mistral-7B', 'REBASE', 32, 1.36e14, 0.45],
      ['Llemma-7B', 'Sampling', 256, 1e15, 0.455],
      ['Llemma-7B', 'REBASE', 32, 1.48e14, 0.468],
      ['Llemma-34B', 'Sampling', 64, 1.21e15, 0.467],
      ['Llemma-34B', 'REBASE', 32, 7.08e14, 0.492],
    ]);
    for (const p of PAPER_TABLE_1) {
      expect(p.source).toBe('Table 1');
      expect(p.aggregate).toBe('weighted-majority');
      expect(p.flops.gsm8k).toBeNull();
    }
  });

  it('stores FLOPs in FLOPs and accuracy as fractions, with the registry’s parameter counts', () => {
    for (const p of PAPER_POINTS) {
      expect(p.flops.math500).toBeGreaterThan(1e12);
      expect(p.flops.math500).toBeLessThan(2e15);
      expect(p.accuracy.math500).toBeGreaterThan(0);
      expect(p.accuracy.math500).toBeLessThan(1);
      expect(p.params).toBe(findModelParams(p.model));
    }
  });

  it('filters by dataset and cites the table', () => {
    expect(paperPointsFor('math500')).toHaveLength(34);
    expect(paperPointsFor('gsm8k')).toHaveLength(28);
    expect(paperPointLabel(PAPER_TABLE_1[3])).toBe('Llemma-7B · REBASE · n = 32 (paper, Table 1)');
  });
});
