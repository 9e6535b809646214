/**
 * `plan` as a user runs it: the real `tsx src/cli/main.ts` in a child process (as cli.test.ts),
 * on small sweeps of the sim and of a shipped bundle.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const tmp = mkdtempSync(join(tmpdir(), 'frontier-plan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(TSX, ['src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SMALL = ['--models', 'sim-1.4B,sim-7B', '--strategies', 'greedy,majority,weighted-majority,rebase', '--budgets', '1,2,4,8', '--problems', '30', '--iterations', '20', '--quiet'];

describe('npm run cli -- plan', { timeout: 60_000 }, () => {
  it('prints the best, the runner-up and the saving at each budget, then the fitted laws with the Theorem-1 fits', () => {
    const json = join(tmp, 'plan.json');
    const r = cli('plan', '--budget', '1e13,1e14', ...SMALL, '--json', json);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out.split('\n')[0]).toMatch(/^Simulated world — 30 problems × 1 seed\(s\)/);
    expect(out).toContain('≤ 1.00e13 FLOPs per question');
    expect(out).toContain('≤ 1.00e14 FLOPs per question');
    expect(out.match(/^ {2}best {7}\S/gm)).toHaveLength(2);
    expect(out.match(/^ {2}runner-up {2}/gm)).toHaveLength(2);
    expect(out).toContain('Fitted laws acc(C) = a − b·(C/C0)^−c');
    expect(out).toMatch(/Majority-voting limits \(Theorem 1\): sim-1\.4B \(hypothetical\) \d+\.\d% \(exact, sim\); sim-7B/);
    expect(out.match(/Thm-1 limit/g)).toHaveLength(2);
    expect(out).toMatch(/^ {2}sim-7B: n = 1 \d+\.\d%, n = 2 \d+\.\d%, n = 4 \d+\.\d%, n = 8 \d+\.\d%$/m);

    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.plans.map((p: { budget: number }) => p.budget)).toEqual([1e13, 1e14]);
    // A bigger budget never plans a worse accuracy.
    expect(report.plans[1].best.accuracy).toBeGreaterThanOrEqual(report.plans[0].best.accuracy);
    expect(report.plans[1].best.cost).toBeLessThanOrEqual(1e14);
    // Greedy (one budget) is not fitted: 2 models × 3 fitted strategies.
    expect(report.fits).toHaveLength(6);
    const mv = report.fits.find((f: { model: string; strategy: string }) => f.model === 'sim-7B' && f.strategy === 'majority');
    expect(mv.limit.params.a).toBe(report.limits.find((l: { model: string }) => l.model === 'sim-7B').majority);
    expect(mv.heldOut.cost).toHaveLength(1);
    // pass@n for each model and n.
    expect(report.oracle).toHaveLength(2 * 4);
  });

  it('plans on a recorded bundle (--trace), on tokens', () => {
    const r = cli('plan', '--trace', 'fixtures/sim-sampling-pool.trace.json', '--budget', '3000', '--axis', 'tokens', '--strategies', 'majority,best-of-n', '--budgets', '1,2,4,8,16', '--iterations', '0', '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Bundle fixtures\/sim-sampling-pool\.trace\.json — 5 problems/);
    expect(r.stdout).toContain('Cost: generated tokens per question');
    expect(r.stdout).toContain('≤ 3000 tokens per question');
    expect(r.stdout).toMatch(/estimated from ≥ \d+ samples per problem/);
  });

  it('plans in dollars from per-model prices of generated tokens', () => {
    const r = cli('plan', '--budget', '0.002', '--axis', 'dollars', '--prices', 'sim-1.4B=0.05,sim-7B=0.2', ...SMALL, '--no-fits', '--no-limits');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Cost: USD per question = generated tokens × price (sim-1.4B $0.05/M, sim-7B $0.2/M)');
    expect(r.stdout).toContain('≤ $0.002 per question');
    const at = /best .*: \d+\.\d% \[.*\] at \$([\d.e-]+)/.exec(r.stdout);
    expect(Number(at![1])).toBeLessThanOrEqual(0.002);
    const missing = cli('plan', '--budget', '0.002', '--axis', 'dollars', '--prices', 'sim-7B=0.2', ...SMALL);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: --prices has no price for sim-1.4B\n');
    expect(cli('plan', '--budget', '1', '--axis', 'dollars').stderr).toContain('--axis dollars needs --prices');
  });

  it('refuses a missing or bad budget or axis with one line', () => {
    const cases: [string[], string][] = [
      [[], 'plan needs --budget, e.g. --budget 1e14 (FLOPs per question)'],
      [['--budget', 'lots'], '--budget must be positive numbers such as 1e14 (got "lots")'],
      [['--budget', '1e14', '--axis', 'euros'], '--axis must be one of flops, tokens, dollars (got "euros")'],
      [['--budget', '1e14', '--prices', 'sim-7B=1'], '--prices applies to --axis dollars'],
    ];
    for (const [args, msg] of cases) {
      const r = cli('plan', ...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`error: ${msg}\n`);
    }
  });

  it('--help names every option it accepts', () => {
    const r = cli('plan', '--help');
    expect(r.code).toBe(0);
    for (const flag of ['--budget', '--axis', '--prices', '--iterations', '--no-limits', '--no-fits', '--json', '--models', '--strategies', '--budgets', '--seeds', '--convention', '--trace', '--bundle']) expect(r.stdout).toContain(flag);
  });
});
