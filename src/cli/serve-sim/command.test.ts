/**
 * `npm run cli -- serve-sim` as a user runs it: the real CLI in a child process. Each spawn costs
 * about a second on a busy machine, so only what a user meets at the command line is here; the
 * protocol itself is tested in-process (server.test.ts and the others).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../args';
import { serveSimOptions } from '../commands/serve-sim';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
/** A guard against a hung child, not a timing assertion. */
const SPAWN_TIMEOUT_MS = 60_000;

describe('npm run cli -- serve-sim', { timeout: 90_000 }, () => {
  it('--port 0 prints the URL it listens on, serves the sim there, and stops cleanly on SIGTERM', async () => {
    const child = spawn(TSX, ['src/cli/main.ts', 'serve-sim', '--port', '0', '--no-multi-sample'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const url = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no URL printed; stderr: ${stderr}`)), SPAWN_TIMEOUT_MS);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /serve-sim listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          res(m[1]);
        }
      });
    });
    try {
      const models = await (await fetch(`${url}/v1/models`)).json();
      expect(models.data.map((m: { id: string }) => m.id)).toContain('sim-PRM-34B');
      const refused = await fetch(`${url}/v1/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'sim-L1-0001', n: 2 }) });
      expect(refused.status).toBe(400);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });

  it('a bad switch: one error line, exit code 2', () => {
    const r = spawnSync(TSX, ['src/cli/main.ts', 'serve-sim', '--error-rate', '2'], { cwd: ROOT, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: --error-rate must be between 0 and 1 (got 2)\n');
  });
});

describe('serve-sim switches', () => {
  it.each([
    [['--port', 'http'], '--port must be a whole number (got "http")'],
    [['--port', '70000'], '--port must be between 0 and 65535 (got 70000)'],
    [['--malformed=-0.1'], '--malformed must be between 0 and 1 (got -0.1)'],
    [['--latency', 'soon'], '--latency must be a number (got "soon")'],
    [['--step-delimiter', 'Step '], 'step delimiter must not start with "Step"'],
    [['--allowed-origins', '["http://a", 3]'], '--allowed-origins must be a list of strings'],
    [['--model', 'gpt-4'], '--model must be one of sim-410M, sim-1.4B, sim-7B, sim-34B (got "gpt-4")'],
    [['--prm', '1.5'], 'PRM quality must be in [0, 1], got 1.5'],
    [['--frobnicate'], '--frobnicate'],
  ])('%j is refused with a message that names it', (args, message) => {
    expect(() => serveSimOptions(args)).toThrow(UsageError);
    expect(() => serveSimOptions(args)).toThrow(message);
  });

  it('reads escapes in the delimiter, and origins as a JSON list or a comma-separated one', () => {
    const o = serveSimOptions(['--step-delimiter', '\\n', '--allowed-origins', '["http://localhost:5173"]', '--no-pooling', '--latency', '50']);
    expect(o).toMatchObject({ stepDelimiter: '\n', allowedOrigins: ['http://localhost:5173'], pooling: false, multiSample: true, latencyMs: 50 });
    expect(serveSimOptions(['--allowed-origins', 'http://a, http://b'])).toMatchObject({ allowedOrigins: ['http://a', 'http://b'] });
    expect(serveSimOptions(['--help'])).toBe('help');
  });
});
