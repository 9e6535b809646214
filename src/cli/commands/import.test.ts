/**
 * `npm run cli -- import` as a user runs it (a child process) on a real file, plus the URL path
 * in-process against a local HTTP server (a child blocked in spawnSync could not be served).
 */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBundleText } from '../../trace/bundle';
import { importCommand } from './import';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const DATA = resolve(ROOT, '..', 'shared', 'data');

function cli(...args: string[]) {
  const r = spawnSync(TSX, ['src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'frontier-import-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('npm run cli -- import', { timeout: 120_000 }, () => {
  it('imports the real compute-optimal-TTS file (gzip JSON Lines) into a gzip bundle', () => {
    const out = join(tmp, 'cotts.trace.json.gz');
    const r = cli('import', join(DATA, 'cotts_math500_best_of_n_qwen15b_mathshepherd.jsonl.gz'), '--prm', 'peiyi9979/math-shepherd-mistral-7b-prm', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(openr-records: 500 problems, 500 pools, 10452 nodes\\)\n`));
    expect(r.stdout).toContain('  note: The sampling temperature is not recorded in the file');
    const bundle = parseBundleText(new TextDecoder().decode(gunzipSync(readFileSync(out))));
    expect(bundle.meta).toMatchObject({ title: 'cotts_math500_best_of_n_qwen15b_mathshepherd.jsonl.gz', source: 'import:openr-records' });
    expect(bundle.problems[1].answer).toBe('p - q');
    expect(Object.keys(bundle.models).sort()).toEqual(['math-shepherd-mistral-7b-prm', 'qwen2.5-1.5b-instruct']);
  });

  it('refuses a file in no known format, and a broken line, with one error line and exit code 2', () => {
    const r = cli('import', join(DATA, 'math500_test.jsonl'), '--out', join(tmp, 'x.trace.json'));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: [^\n]*math500_test\.jsonl: not a format the importers know \(rebase-answers, openr-records, [^\n]*\n$/);
    const broken = join(tmp, 'broken.jsonl');
    const lines = readFileSync(join(DATA, 'prm800k_label_examples.jsonl'), 'utf8').split('\n');
    writeFileSync(broken, [lines[0], lines[1].slice(0, 200), lines[2]].join('\n'));
    const b = cli('import', broken, '--out', join(tmp, 'y.trace.json'));
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^error: [^\n]*broken\.jsonl: prm800k: line 2: not valid JSON \([^\n]*\)\n$/);
  });
});

describe('import from a URL (streamed, gunzipped by its bytes)', () => {
  let server: Server;
  let base: string;
  const record = JSON.parse(readFileSync(join(DATA, 'openai_scored_test_sample_example.json'), 'utf8'));
  beforeAll(async () => {
    const lines = Array.from({ length: 5 }, (_, k) => JSON.stringify({ ...record, answer: k % 2 ? '7i - 2' : '-2 + 7i' })).join('\n') + '\n';
    server = createServer((req, res) => {
      if (req.url === '/scored.jsonl.gz') res.end(gzipSync(lines));
      else if (req.url === '/scored.jsonl') res.end(lines);
      else {
        res.statusCode = 404;
        res.end('no');
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it.each(['/scored.jsonl.gz', '/scored.jsonl'])('imports %s with --max-per-problem', async (path) => {
    const out = join(tmp, `url-${path.length}.trace.json`);
    const printed: string[] = [];
    await importCommand([`${base}${path}`, '--max-per-problem', '3', '--policy-params', '1e12', '--out', out], (s) => printed.push(s));
    expect(printed[0]).toBe(`wrote ${out} (openai-scored: 1 problems, 1 pools, 12 nodes)`);
    expect(printed).toContain('  note: Only the first 3 samples of each problem were imported (2 skipped).');
    const bundle = parseBundleText(readFileSync(out, 'utf8'));
    expect(bundle.models['GPT-4 (PRM800K generator)'].params).toBe(1e12);
    expect(bundle.meta.title).toBe(path.slice(1));
  });

  it('says when the address cannot be fetched', async () => {
    await expect(importCommand([`${base}/missing.jsonl`, '--out', join(tmp, 'z.trace.json')], () => undefined))
      .rejects.toThrow(`cannot fetch ${base}/missing.jsonl: HTTP 404`);
  });
});
