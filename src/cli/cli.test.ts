/**
 * The command line as a user runs it: the real `tsx src/cli/main.ts` in a child process, read
 * back from its exit code, stdout and stderr. Each spawn costs about half a second, so every case
 * here is one a user would hit, and each spawn checks as much of its output as it can.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradingStyleOf, isCorrect } from '../search/grading';
import { SWEEP_STRATEGIES } from '../search/strategies/index';
import { modelLabel, SIM_MODELS, simProblem } from '../sim/index';
import { parseBundleText } from '../trace/bundle';
import { exampleBundleJson } from '../trace/testing';
import { sourceOptions, strategyOptions } from './sources';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
/** Generous: a guard against a hung child, not a timing assertion. */
const SPAWN_TIMEOUT_MS = 60_000;

interface Result { code: number | null; stdout: string; stderr: string }

function cli(...args: string[]): Result {
  const r = spawnSync(TSX, ['src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit code 2, nothing on stdout, one `error: …` line on stderr naming the problem, no stack trace. */
function expectUsageError(r: Result, ...mentions: string[]): void {
  expect(r.stderr).toMatch(/^error: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  for (const m of mentions) expect(r.stderr).toContain(m);
}

const flags = (o: object) => Object.keys(o).map((k) => `--${k}`);

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'frontier-cli-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('npm run cli -- grade', { timeout: 30_000 }, () => {
  it.each([
    ['math', '\\frac{1}{2}', '0.5', 'true'],
    ['math', '(1,2)', '12', 'false'],
    ['gsm8k', '$1,000', '1000', 'true'],
  ])('--style %s %s %s prints %s', (style, given, gold, expected) => {
    const r = cli('grade', '--style', style, given, gold);
    expect(r).toEqual({ code: 0, stdout: `${expected}\n`, stderr: '' });
  });

  it('takes negative numbers as answers, not as unknown options', () => {
    expect(cli('grade', '-2', '-2.0')).toEqual({ code: 0, stdout: 'true\n', stderr: '' });
    expect(cli('grade', '--style', 'gsm8k', '-3', '3')).toEqual({ code: 0, stdout: 'false\n', stderr: '' });
    expectUsageError(cli('grade', '-x', '2'), "Unknown option '-x'");
  });
});

describe('messages that say what and where (issue 13)', { timeout: 60_000 }, () => {
  it('sweep --trace names the file it replays', () => {
    const r = cli('sweep', '--trace', 'fixtures/sim-mcts.trace.json');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Bundle fixtures\/sim-mcts\.trace\.json — 1 problems/);
  });

  it("shows a file's control bytes as escapes instead of sending them to the terminal", () => {
    const path = join(tmp, 'ansi.json');
    writeFileSync(path, '\x1b[31mred\x07 not json');
    const r = cli('sweep', '--bundle', path);
    expectUsageError(r, 'not valid JSON', '\\x1b[31mred\\x07');
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('import of a broken bundle says what is wrong with it, not "already a trace bundle"', () => {
    const path = join(tmp, 'broken.trace.json');
    writeFileSync(path, JSON.stringify({ format: 'inference-frontier-trace', version: '1' }));
    expectUsageError(cli('import', path, '--out', join(tmp, 'out.trace.json')), `${path}: not a valid trace bundle: version: must be the number 1, not the string "1"`);
    expectUsageError(cli('import', 'fixtures/sim-mcts.trace.json', '--out', join(tmp, 'out.trace.json')), 'is already a trace bundle; nothing to import');
  });

  it('record --out into a missing folder is refused before any request, naming the folder', () => {
    const out = join(tmp, 'no-such-dir', 'run.trace.json');
    expectUsageError(cli('record', '--url', 'http://127.0.0.1:9', '--model', 'm', '--out', out), `the folder ${join(tmp, 'no-such-dir')} does not exist`);
  });
});

describe('bad arguments give exit code 2 and one clear error line', { timeout: 30_000 }, () => {
  it('an unknown command', () => {
    expectUsageError(cli('frobnicate'), 'unknown command "frobnicate"', 'run, sweep, grade, export-sim');
  });

  it('an unknown flag', () => {
    expectUsageError(cli('run', '--frobnicate'), '--frobnicate');
  });

  it('a width that is not a number', () => {
    expectUsageError(cli('run', '--strategy', 'rebase', '--width', 'abc'), 'width', '"abc"');
  });

  it('zero problems', () => {
    expectUsageError(cli('run', '--problems', '0'), '--problems must be at least 1 (got 0)');
  });

  it('a bundle that does not exist', () => {
    expectUsageError(cli('run', '--bundle', '/nonexistent/x.trace.json'), '/nonexistent/x.trace.json', 'ENOENT');
  });

  it('a malformed bundle: the error names the file and the JSON path', () => {
    const bundle = exampleBundleJson() as { pools: { nodes: { reward: number }[] }[] };
    bundle.pools[0].nodes[2].reward = 1.5;
    const path = join(tmp, 'bad.trace.json');
    writeFileSync(path, JSON.stringify(bundle));
    expectUsageError(cli('run', '--bundle', path), path, 'pools[0].nodes[2].reward', '1.5');
  });

  it('an unknown strategy', () => {
    expectUsageError(cli('run', '--strategy', 'nope'), '--strategy', '"nope"', 'rebase');
  });
});

describe('--help', { timeout: 30_000 }, () => {
  const OPTIONS: Record<string, string[]> = {
    run: [...flags(strategyOptions), ...flags(sourceOptions), '--model', '--seed', '--events', '--out'],
    sweep: [...flags(sourceOptions), '--models', '--strategies', '--budgets', '--seeds', '--no-subsample', '--vote-rule', '--convention', '--json', '--csv', '--quiet'],
    grade: ['--style'],
    // export-sim records the sim and refuses --bundle / --trace, so its help must not offer them.
    'export-sim': [...flags(strategyOptions), ...flags(sourceOptions).filter((f) => f !== '--bundle' && f !== '--trace'), '--preset', '--out', '--model', '--seed', '--no-runs'],
  };

  it.each(Object.keys(OPTIONS))('%s --help exits 0 and describes exactly the options it accepts', (command) => {
    const r = cli(command, '--help');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith(`Usage: npm run cli -- ${command}`)).toBe(true);
    const mentioned = new Set(r.stdout.match(/--[a-z][a-z-]*/g));
    expect([...mentioned].sort()).toEqual([...new Set(OPTIONS[command])].sort());
  });
});

describe('npm run cli -- run', { timeout: 30_000 }, () => {
  it('prints per-problem answer, gold, correctness, tokens and FLOPs, a summary, and with --events each event log ending in done', () => {
    const r = cli('run', '--strategy', 'rebase', '--width', '8', '--problems', '2', '--events');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ strategy: 'REBASE N=8, T_b 0.2 (official preset)', model: 'sim-7B', source: 'sim (simulated)', seed: 0 });
    expect(report.spec).toMatchObject({ name: 'rebase', params: { width: 8, tb: 0.2, allocation: 'reference' } });
    const params = SIM_MODELS.find((m) => m.id === 'sim-7B')!.params;
    const problems = report.problems as {
      problemId: string; answer: string | null; gold: string; correct: boolean; tokens: number; flops: number; nodes: number; solutions: number;
      incomplete?: unknown; events: { type: string; nodes?: number; answer?: string | null; compute: { flops: number } }[];
    }[];
    expect(problems.map((p) => p.problemId)).toEqual(['sim-L1-0000', 'sim-L2-0000']);
    for (const p of problems) {
      const problem = simProblem(p.problemId);
      expect(p.gold).toBe(problem.answer);
      expect(typeof p.answer).toBe('string');
      expect(p.correct).toBe(isCorrect(p.answer!, p.gold, gradingStyleOf(problem)));
      expect(p.tokens).toBeGreaterThan(0);
      expect(p.flops).toBe(2 * params * p.tokens);
      expect(p.solutions).toBe(8);
      expect(p.incomplete).toBeUndefined();
      const types = p.events.map((e) => e.type);
      expect(types.at(-1)).toBe('done');
      expect(types).toContain('allocate');
      expect(types.filter((t) => t === 'node')).toHaveLength(p.nodes);
      expect(p.events.at(-1)).toMatchObject({ nodes: p.nodes, answer: p.answer, compute: { flops: p.flops } });
    }
    const mean = (f: (p: (typeof problems)[number]) => number) => problems.reduce((s, p) => s + f(p), 0) / problems.length;
    expect(report.summary.problems).toBe(2);
    expect(report.summary.accuracy).toBe(mean((p) => (p.correct ? 1 : 0)));
    expect(report.summary.flopsPerQuestion).toBeCloseTo(mean((p) => p.flops), 0);
    expect(report.summary.tokensPerQuestion).toBe(mean((p) => p.tokens));
  });

  it('replays the shipped REBASE fixture completely, to its recorded result', () => {
    const fixture = 'fixtures/sim-rebase.trace.json';
    const recorded = parseBundleText(readFileSync(join(ROOT, fixture), 'utf8')).runs![0].result;
    const r = cli('run', '--bundle', fixture, '--strategy', 'rebase', '--width', '16');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ source: `bundle ${fixture}`, model: 'sim-7B', prm: 'recorded rewards' });
    expect(report.problems).toHaveLength(1);
    const [p] = report.problems;
    expect(p.incomplete).toBeUndefined();
    expect(r.stdout).not.toContain('incomplete');
    expect(p).toMatchObject({ answer: recorded.answer, correct: recorded.correct, nodes: recorded.nodes, solutions: recorded.solutions, flops: recorded.compute.flops });
  });
});

describe('npm run cli -- sweep', { timeout: 30_000 }, () => {
  it('prints a table of all seven strategies for both models and writes JSON and CSV that agree with it', () => {
    const json = join(tmp, 'out', 'sweep.json');
    const csv = join(tmp, 'out', 'sweep.csv');
    const r = cli('sweep', '--models', 'sim-1.4B,sim-7B', '--problems', '10', '--budgets', '1,4', '--json', json, '--csv', csv);
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a terminal
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Simulated world — 10 problems × 1 seed(s)');
    expect(r.stdout).toContain('FLOPs = 2·N·generated tokens (paper)');
    // The hypothetical model is tagged in the table and explained under it; the measured one is not.
    expect(r.stdout).toContain('sim-1.4B: hypothetical: extrapolated');
    expect(r.stdout).not.toContain('sim-7B (hypothetical)');

    const lines = r.stdout.split('\n');
    const head = lines.findIndex((l) => l.startsWith('model'));
    expect(lines[head].split(/\s{2,}/)).toEqual(['model', 'strategy', 'n', 'accuracy', '95% CI', 'FLOPs/q', 'tokens/q', 'incomplete']);
    const rows = lines.slice(head + 2).filter((l) => /^sim-\S+( \(hypothetical\))? {2}/.test(l)).map((l) => l.trim().split(/\s{2,}/));
    // 2 models × (6 strategies × 2 budgets + greedy once).
    expect(rows).toHaveLength(26);
    for (const model of ['sim-1.4B', 'sim-7B']) {
      for (const s of SWEEP_STRATEGIES) {
        const budgets = rows.filter((row) => row[0] === modelLabel(model) && row[1] === s).map((row) => row[2]);
        expect(budgets, `${model} ${s}`).toEqual(s === 'greedy' ? ['1'] : ['1', '4']);
      }
    }
    for (const row of rows) {
      expect(row[3]).toMatch(/^\d+\.\d%$/);
      expect(row[4]).toMatch(/^\[\d+\.\d, \d+\.\d\]$/);
      expect(row[5]).toMatch(/^\d\.\d\de\d+$/);
    }

    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written.points).toHaveLength(26);
    expect(written.cells).toHaveLength(10 * 26);
    expect(written.spec.problems).toHaveLength(10);
    for (const row of rows) {
      const point = written.points.find((p: { model: string; strategy: string; budget: number }) => modelLabel(p.model) === row[0] && p.strategy === row[1] && p.budget === Number(row[2]));
      expect(`${(point.accuracy * 100).toFixed(1)}%`).toBe(row[3]);
    }

    const [header, ...data] = readFileSync(csv, 'utf8').trimEnd().split('\n');
    const cols = header.split(',');
    expect(cols).toEqual(expect.arrayContaining(['model', 'strategy', 'budget', 'accuracy', 'lo', 'hi', 'flops', 'tokens']));
    expect(data).toHaveLength(26);
    data.forEach((line, i) => {
      const rec = Object.fromEntries(line.split(',').map((v, k) => [cols[k], v]));
      const point = written.points[i];
      expect(rec.model).toBe(point.model);
      expect(rec.strategy).toBe(point.strategy);
      expect(Number(rec.accuracy)).toBe(point.accuracy);
      expect(Number(rec.flops)).toBe(point.flops);
    });
  });
});
