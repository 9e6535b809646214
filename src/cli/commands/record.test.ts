/**
 * `record` against a real serve-sim on a free local port (in this process, so the command can be
 * called directly and, for the crash, spawned as a child that the server still answers):
 * `sweep --bundle` replays the recording to the same cells; a killed recording resumes to the
 * bundle an unbroken one writes; shards merge into it; the API key is nowhere in what is written.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeServer, json } from '../../backends/testing/fake-server';
import { startSimServer, PRM_MODEL, type SimServer } from '../serve-sim/index';
import type { SweepCell } from '../../search/sweep';
import { parseBundleText, type Bundle } from '../../trace/bundle';
import { UsageError } from '../args';
import { record, type RecordIo } from './record';
import { sweep } from './sweep';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const GSM8K = resolve(ROOT, '..', 'shared', 'data', 'gsm8k_test.jsonl');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SECRET = 'sk-live-7f3a9c1e-DO-NOT-LEAK';
const GRID = ['--strategies', 'greedy,weighted-majority,beam,rebase', '--budgets', '2,4'];

let tmp: string;
let open: SimServer;
let locked: SimServer;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'frontier-record-'));
  open = await startSimServer({ port: 0 });
  locked = await startSimServer({ port: 0, apiKey: SECRET });
});
afterAll(async () => {
  await open?.close();
  await locked?.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface Outcome { stdout: string; stderr: string; error?: Error }

async function run(args: string[], io: Partial<RecordIo> = {}): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  try {
    await record(args, (s) => out.push(s), { err: (s) => err.push(s), isTTY: false, env: {}, ...io });
    return { stdout: out.join('\n'), stderr: err.join('') };
  } catch (e) {
    return { stdout: out.join('\n'), stderr: err.join(''), error: e as Error };
  }
}

const server = (s: SimServer, ...more: string[]) => ['--url', s.url, '--model', 'sim-7B', '--prm', 'pooling', '--prm-model', PRM_MODEL, ...more];
const path = (name: string) => join(tmp, name);

function readBundleFile(file: string): Bundle {
  const bytes = readFileSync(file);
  return parseBundleText((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
}

/** Cells by (problem, strategy, budget), the fields a replay must reproduce. */
function byRun(cells: SweepCell[]): Map<string, unknown> {
  return new Map(cells.map((c) => [`${c.problemId}|${c.strategy}|${c.budget}`, [c.answer, c.correct, c.flops, c.policyTokens, c.promptTokens, c.prmTokens, c.solutions, c.incomplete ?? null]]));
}

const poolsById = (b: Bundle) => new Map(b.pools.map((p) => [p.problemId, p]));

describe('npm run cli -- record', { timeout: 120_000 }, () => {
  it('records a grid that sweep --trace replays to the same answers, cell for cell', async () => {
    const out = path('grid.trace.json.gz');
    const r = await run([...server(open, ...GRID, '--problems', '4', '--out', out, '--json', path('grid.json'))]);
    expect(r.error).toBeUndefined();
    expect(r.stdout).toMatch(/24 of 24 runs recorded \(24 this time, \d+ requests\); wrote .*grid\.trace\.json\.gz \(4 pools, \d+ nodes\)/);
    expect(r.stderr).toContain('record: [24/24] ');
    expect(existsSync(path('grid.trace.jsonl'))).toBe(false);
    const bundle = readBundleFile(out);
    expect(bundle.meta.source).toBe('live');
    expect(bundle.models).toMatchObject({ 'sim-7B': { role: 'policy' }, [PRM_MODEL]: { role: 'prm' } });
    expect(bundle.pools.every((p) => p.nodes.length > 4 && p.prm === PRM_MODEL)).toBe(true);

    const replay: string[] = [];
    await sweep(['--trace', out, ...GRID, '--seeds', '0', '--json', path('replay.json'), '--quiet'], (s) => replay.push(s));
    const recorded = JSON.parse(readFileSync(path('grid.json'), 'utf8')).cells as SweepCell[];
    const replayed = JSON.parse(readFileSync(path('replay.json'), 'utf8')).cells as SweepCell[];
    expect(replayed).toHaveLength(4 * (1 + 2 * 3));
    expect(byRun(replayed)).toEqual(byRun(recorded));
    expect(recorded.some((c) => c.correct)).toBe(true);
    expect(recorded.every((c) => c.answer !== null && c.incomplete === undefined)).toBe(true);
  });

  it('never writes, logs or reports the API key — with the right key and with a wrong one', async () => {
    const out = path('keyed.trace.json');
    const ok = await run([...server(locked, '--strategies', 'rebase', '--budgets', '2', '--problems', '2', '--out', out, '--keep-journal')], { env: { IF_API_KEY: SECRET } });
    expect(ok.error).toBeUndefined();
    const written = [readFileSync(out, 'utf8'), readFileSync(path('keyed.trace.jsonl'), 'utf8'), ok.stdout, ok.stderr];
    for (const text of written) expect(text).not.toContain(SECRET);
    expect(readBundleFile(out).pools).toHaveLength(2);

    // Without the key the server answers 401; the failure is reported, the key still nowhere.
    const wrongKey = `${SECRET}-WRONG`;
    const bad = await run([...server(locked, '--strategies', 'rebase', '--budgets', '2', '--problems', '2', '--out', path('wrong.trace.json'))], { env: { IF_API_KEY: wrongKey } });
    expect(bad.error?.message).toMatch(/^no run was recorded \(2 failed; first: sim-L[12]-0000 rebase@2: .*HTTP 401/);
    for (const text of [bad.error!.message, bad.stdout, bad.stderr, readFileSync(path('wrong.trace.jsonl'), 'utf8')]) {
      expect(text).not.toContain(SECRET);
    }
    expect(bad.stderr).toContain('failed: ');

    // A key on the command line is refused, without repeating it.
    const flag = await run([...server(locked, '--api-key', wrongKey, '--out', path('flag.trace.json'))]);
    expect(flag.error).toBeInstanceOf(UsageError);
    expect(flag.error!.message).toContain('IF_API_KEY');
    expect(flag.error!.message).not.toContain(wrongKey);
  });

  it('survives a crash: the killed recording resumes to the bundle an unbroken one writes', async () => {
    const slow = await startSimServer({ port: 0, latencyMs: 10 });
    try {
      const grid = (budgets: string) => [...server(slow, '--strategies', 'beam,rebase', '--budgets', budgets, '--problems', '2', '--concurrency', '1')];
      const args = grid('4,8');
      const whole = await run([...args, '--out', path('whole.trace.json')]);
      expect(whole.error).toBeUndefined();

      // A real crash: the CLI as a child process, killed once the journal has a few runs.
      const out = path('crashed.trace.json');
      const journal = path('crashed.trace.jsonl');
      const child = spawn(TSX, ['src/cli/main.ts', 'record', ...args, '--out', out], { cwd: ROOT, stdio: 'ignore' });
      const lines = () => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').length - 1 : 0);
      const deadline = Date.now() + 60_000;
      while (lines() < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const kept = lines() - 1;
      expect(kept).toBeGreaterThanOrEqual(3);
      expect(kept).toBeLessThan(8);
      expect(existsSync(out)).toBe(false);
      // …and its last write cut off halfway.
      appendFileSync(journal, '{"type":"item","key":"sim-L1-0000|rebase|8","problemId":"sim-L1');

      const again = await run([...args, '--out', out]);
      expect(again.error).toBeInstanceOf(UsageError);
      expect(again.error!.message).toContain('add --resume');
      const other = await run([...grid('4'), '--out', out, '--resume']);
      expect(other.error?.message).toMatch(/other settings \(config\.grid\.budgets/);

      const resumed = await run([...args, '--out', out, '--resume']);
      expect(resumed.error).toBeUndefined();
      expect(resumed.stderr).toContain('dropped the last line');
      expect(resumed.stderr).toContain(`record: ${8 - kept} runs to do (${kept} already in the journal)`);
      expect(resumed.stdout).toContain(`8 of 8 runs recorded (${8 - kept} this time`);
      const a = readBundleFile(out);
      const b = readBundleFile(path('whole.trace.json'));
      expect(a.pools).toEqual(b.pools);
      expect(a.problems).toEqual(b.problems);
    } finally {
      await slow.close();
    }
  });

  it('keeps the samples a failed run was answered in the journal; --resume is served them and replays cell for cell', async () => {
    const out = path('partial.trace.json');
    const base = ['--url', 'http://127.0.0.1:8000', '--model', 'fake-7b', '--params', '7e9', '--prm', 'pooling', '--prm-model', 'Qwen/Qwen2.5-Math-PRM-7B',
      '--problems', '1', '--strategies', 'rebase', '--budgets', '4', '--concurrency', '1'];
    // The 3rd completion request gets an answer of the wrong shape (not retried): the REBASE run fails after some answers.
    let completions = 0;
    const flaky = fakeServer({ pooling: true, tokenize: 'vllm', fault: (req) => (req.path === '/v1/completions' && ++completions === 3 ? json({ choices: 'prompt too long' }) : undefined) });
    const failed = await run([...base, '--out', out], { fetch: flaky.fetch });
    expect(failed.error?.message).toContain('no run was recorded');
    expect(failed.stderr).toMatch(/failed: .*malformed response: choices: .* \(its \d+ answered samples are kept in the journal for --resume\)/);
    const lines = readFileSync(path('partial.trace.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; delta?: { nodes: unknown[] }; reason?: string });
    expect(lines.map((l) => l.type)).toEqual(['header', 'partial']);
    const kept = lines[1].delta!.nodes.length;
    expect(kept).toBeGreaterThan(0);
    expect(lines[1].reason).toContain('malformed response');

    const healthy = fakeServer({ pooling: true, tokenize: 'vllm' });
    const resumed = await run([...base, '--out', out, '--resume', '--json', path('partial.json')], { fetch: healthy.fetch });
    expect(resumed.error).toBeUndefined();
    // Served the kept samples first: the retry asked the healthy server for fewer steps than a fresh run does.
    const fresh = fakeServer({ pooling: true, tokenize: 'vllm' });
    expect((await run([...base, '--out', path('fresh.trace.json')], { fetch: fresh.fetch })).error).toBeUndefined();
    const asked = (f: typeof healthy) => f.requests.filter((r) => r.path === '/v1/completions').length;
    expect(asked(healthy)).toBeLessThan(asked(fresh));
    expect(readBundleFile(out).pools[0].nodes.length).toBeGreaterThanOrEqual(kept);
    await sweep(['--bundle', out, '--strategies', 'rebase', '--budgets', '4', '--json', path('partial-replay.json'), '--quiet'], () => undefined);
    expect(byRun(JSON.parse(readFileSync(path('partial-replay.json'), 'utf8')).cells)).toEqual(byRun(JSON.parse(readFileSync(path('partial.json'), 'utf8')).cells));
  });

  it('records shards that merge into the unsharded recording', async () => {
    const args = server(open, '--strategies', 'weighted-majority,rebase', '--budgets', '2,4', '--problems', '5');
    const whole = await run([...args, '--out', path('all.trace.json'), '--json', path('all.json')]);
    expect(whole.error).toBeUndefined();
    const s1 = await run([...args, '--shard', '1/2', '--out', path('s1.trace.json')]);
    const s2 = await run([...args, '--shard', '2/2', '--out', path('s2.trace.json.gz')]);
    expect([s1.error, s2.error]).toEqual([undefined, undefined]);
    expect(readBundleFile(path('s1.trace.json')).pools.map((p) => p.problemId)).toEqual(['sim-L1-0000', 'sim-L3-0000', 'sim-L5-0000']);
    expect(readBundleFile(path('s2.trace.json.gz')).pools.map((p) => p.problemId)).toEqual(['sim-L2-0000', 'sim-L4-0000']);

    const merged = await run(['--merge', path('s1.trace.json'), path('s2.trace.json.gz'), '--out', path('merged.trace.json')]);
    expect(merged.stdout).toBe(`merged 2 bundles into ${path('merged.trace.json')} (5 problems, 5 pools, ${readBundleFile(path('all.trace.json')).pools.reduce((n, p) => n + p.nodes.length, 0)} nodes)`);
    expect(poolsById(readBundleFile(path('merged.trace.json')))).toEqual(poolsById(readBundleFile(path('all.trace.json'))));

    const overlap = await run(['--merge', path('s1.trace.json'), path('all.trace.json'), '--out', path('bad.trace.json')]);
    expect(overlap.error?.message).toMatch(/problem sim-L1-0000 \(sim-7B\) is also recorded in .*s1\.trace\.json; shards must not overlap/);

    await sweep(['--bundle', path('merged.trace.json'), '--strategies', 'weighted-majority,rebase', '--budgets', '2,4', '--json', path('merged.json'), '--quiet'], () => undefined);
    const replayed = JSON.parse(readFileSync(path('merged.json'), 'utf8')).cells as SweepCell[];
    expect(byRun(replayed)).toEqual(byRun(JSON.parse(readFileSync(path('all.json'), 'utf8')).cells));
  });

  it('records with an outcome reward: one PRM row per path, the separator only after the whole solution', async () => {
    const server = fakeServer({ pooling: true, tokenize: 'vllm' });
    const args = ['--url', 'http://127.0.0.1:8000', '--model', 'fake-7b', '--params', '7e9', '--prm', 'pooling', '--prm-model', 'Qwen/Qwen2.5-Math-PRM-7B', '--prm-outcome',
      '--problems', '2', '--strategies', 'rebase', '--budgets', '2'];
    const r = await run([...args, '--out', path('outcome.trace.json')], { fetch: server.fetch });
    expect(r.error).toBeUndefined();
    const pooled = server.requests.filter((q) => q.path === '/pooling').flatMap((q) => q.body!.input as string[]);
    expect(pooled.length).toBeGreaterThan(0);
    for (const text of pooled) expect(text.split('<extra_0>')).toHaveLength(2);
  });

  it('records problems of a dataset file (GSM8K) with their gold answers kept', async () => {
    const out = path('gsm8k.trace.json');
    const server = fakeServer({ pooling: true, tokenize: 'vllm' });
    const args = ['--url', 'http://127.0.0.1:8000', '--model', 'fake-7b', '--params', '7e9', '--prm', 'pooling', '--prm-model', 'Qwen/Qwen2.5-Math-PRM-7B',
      '--dataset', GSM8K, '--problems', '3', '--strategies', 'beam,rebase', '--budgets', '2,4'];
    const r = await run([...args, '--out', out, '--json', path('gsm8k.json')], { fetch: server.fetch });
    expect(r.error).toBeUndefined();
    const bundle = readBundleFile(out);
    const gold = readFileSync(GSM8K, 'utf8').split('\n').slice(0, 3).map((l) => (JSON.parse(l) as { answer: string }).answer.split('####').at(-1)!.trim().replace(/,/g, ''));
    expect(bundle.problems.map((p) => [p.id, p.dataset, p.answer])).toEqual(gold.map((g, i) => [`gsm8k-${i}`, 'gsm8k', g]));
    expect(bundle.models['fake-7b']).toEqual({ role: 'policy', name: 'fake-7b', params: 7e9 });
    await sweep(['--bundle', out, '--strategies', 'beam,rebase', '--budgets', '2,4', '--json', path('gsm8k-replay.json'), '--quiet'], () => undefined);
    expect(byRun(JSON.parse(readFileSync(path('gsm8k-replay.json'), 'utf8')).cells)).toEqual(byRun(JSON.parse(readFileSync(path('gsm8k.json'), 'utf8')).cells));
  });

  it('draws a progress bar on a terminal, and refuses bad settings before any request', async () => {
    const tty = await run([...server(open, '--strategies', 'rebase', '--budgets', '2', '--problems', '1', '--out', path('tty.trace.json'))], { isTTY: true });
    expect(tty.error).toBeUndefined();
    // Redrawn in place: carriage return, erase the line (ESC [K), the bar.
    const ESC = String.fromCharCode(27);
    expect(tty.stderr.endsWith('\n')).toBe(true);
    const frames = tty.stderr.slice(0, -1).split(`\r${ESC}[K`).filter(Boolean);
    expect(frames.at(-1)).toMatch(/^\[#+\] 1\/1 runs {2}\d+ s {2}\d+ requests in flight$/);
    expect(frames[0]).toMatch(/^\[\.+\] 0\/1 runs/);

    const noPrm = await run(['--url', open.url, '--model', 'sim-7B', '--strategies', 'rebase', '--out', path('x.trace.json')]);
    expect(noPrm.error?.message).toBe('--strategies rebase: REBASE splits its width by PRM rewards, and no PRM is set (--prm pooling|shepherd-logprobs|shepherd-per-step|judge|json)');
    const output = await run([...server(open, '--prm-output', 'logit', '--out', path('x.trace.json'))].map((a) => (a === 'pooling' ? 'shepherd-per-step' : a)));
    expect(output.error?.message).toBe('--prm-output applies to --prm pooling only (got --prm shepherd-per-step)');
    const shape = await run([...server(open, '--prm-output', 'sigmoid', '--out', path('x.trace.json'))]);
    expect(shape.error?.message).toBe('--prm-output must be one of classes, probability, logit (got "sigmoid")');
    const unknown = await run(['--url', open.url, '--model', 'my-model', '--out', path('x.trace.json')]);
    expect(unknown.error?.message).toContain('give its parameter count with --params');
    const shard = await run([...server(open, '--shard', '3/2', '--out', path('x.trace.json'))]);
    expect(shard.error?.message).toContain('--shard must be i/n');
    expect(existsSync(path('x.trace.jsonl'))).toBe(false);
  });
});
