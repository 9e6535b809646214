import { describe, expect, it, vi } from 'vitest';
import { applyOp, defaultProblemSet, parseSimId, problemsByLevel, simProblem, simProblemId, simStructure } from './problems';

/** Every number written in a text, in order. */
function numbersIn(text: string): number[] {
  return (text.match(/\d+/g) ?? []).map(Number);
}

describe('sim problems', () => {
  it('the default set has 100 problems per level, with ids that encode level and index', () => {
    const set = defaultProblemSet();
    expect(set).toHaveLength(500);
    for (let level = 1; level <= 5; level++) expect(set.filter((p) => p.level === level)).toHaveLength(100);
    expect(problemsByLevel(3)[17].id).toBe('sim-L3-0017');
    expect(simProblemId(5, 3)).toBe('sim-L5-0003');
    expect(parseSimId('sim-L2-0042')).toEqual({ level: 2, index: 42 });
    expect(new Set(set.map((p) => p.question)).size).toBe(500);
  });

  it('an id rebuilds the same problem in a fresh module (as a URL or trace would)', async () => {
    const before = simProblem('sim-L4-0123');
    vi.resetModules();
    const fresh = await import('./problems');
    const again = fresh.simProblem('sim-L4-0123');
    expect(again).not.toBe(before);
    expect(again).toEqual(before);
  });

  it('every gold answer is the evaluation of the operations, through positive integers only', () => {
    for (const p of defaultProblemSet()) {
      const s = simStructure(p);
      let v = s.values[0];
      for (const [k, op] of s.ops.entries()) {
        v = applyOp(op.kind, v, op.x);
        expect(Number.isInteger(v) && v > 0, `${p.id} step ${k + 1}`).toBe(true);
        expect(v).toBe(s.values[k + 1]);
      }
      expect(p.answer).toBe(String(v));
      expect(p.dataset).toBe('sim');
      expect(p.grading).toBe('gsm8k');
    }
  });

  it('the question states exactly the start value and every operand, in order', () => {
    for (const p of defaultProblemSet()) {
      const s = simStructure(p);
      expect(numbersIn(p.question), p.id).toEqual([s.values[0], ...s.ops.map((o) => o.x)]);
      expect(p.question.trim().endsWith('?')).toBe(true);
    }
  });

  it('higher levels have more operations and bigger numbers', () => {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    let prevOps = 0;
    let prevSize = 0;
    for (let level = 1; level <= 5; level++) {
      const structures = problemsByLevel(level).map((p) => simStructure(p));
      const ops = mean(structures.map((s) => s.ops.length));
      const size = mean(structures.map((s) => Math.log10(Math.max(...s.values))));
      expect(ops).toBeGreaterThan(prevOps);
      expect(size).toBeGreaterThan(prevSize);
      prevOps = ops;
      prevSize = size;
    }
  });

  it('rejects ids that are not sim problems', () => {
    expect(() => simProblem('gsm8k-12')).toThrow(/not a sim problem id/);
    expect(() => simProblem('sim-L9-0001')).toThrow(/sim-L3-0017/);
  });
});
