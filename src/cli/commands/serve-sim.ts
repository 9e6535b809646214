import { HYPOTHETICAL_MODELS, modelLabel, SIM_MODELS } from '../../sim/index';
import { choice, intOption, numberOption, parse, UsageError } from '../args';
import { PRM_MODEL } from '../serve-sim/context';
import { DEFAULT_PORT, resolveOptions, type ServeSimOptions } from '../serve-sim/options';
import { startSimServer } from '../serve-sim/server';

export const serveSimHelp = `Usage: npm run cli -- serve-sim [options]

Serves the sim (simulated models and PRM) over the subset of vLLM's OpenAI-compatible HTTP API
the app uses: GET /v1/models, POST /v1/completions (n, stop, max_tokens, temperature, seed,
prompt_logprobs, …), POST /pooling (Qwen PRM rows), POST /prm, POST /tokenize, /detokenize,
GET /openapi.json, /health. For demos without a GPU and for tests. See docs/serve-sim.md.

  --port N               port (default ${DEFAULT_PORT}); 0 = any free port (the URL is printed)
  --host H               interface to listen on (default 127.0.0.1)
  --model ID             policy for requests that name none: ${SIM_MODELS.map((m) => m.id).join(', ')} (default sim-7B;
                         ${HYPOTHETICAL_MODELS.join(' and ')} are hypothetical, extrapolated: no measured target)
  --prm Q                quality of the PRM ${PRM_MODEL}: weak, default, strong or a number in [0, 1]
  --step-delimiter S     what the sim writes between steps (default "\\n\\n"; \\n and \\t are read as escapes)
  --seed N               seed of unseeded requests, faults and jitter (default 0)
  --allowed-origins L    CORS origins: a JSON list as vLLM takes it ('["http://localhost:5173"]') or
                         a comma-separated list (default *)
  --api-key KEY          require "Authorization: Bearer KEY" on /v1/* (as vLLM's --api-key)
Behaving like other servers:
  --no-multi-sample      refuse n > 1 ("${'Only one completion choice is allowed'}", as llama.cpp); serve /props
  --no-prompt-logprobs   ignore prompt_logprobs, as llama.cpp and Ollama do
  --no-pooling           no /pooling endpoint (404)
Faults (seeded; on the work endpoints /v1/completions, /pooling, /prm, /tokenize, /detokenize):
  --latency MS           wait MS before every answer (default 0)
  --jitter MS            plus a uniform extra wait in [0, MS] (default 0)
  --error-rate R         answer this share of requests 500 or 429 (default 0)
  --malformed R          answer this share 200 with broken JSON or a broken shape (default 0)
  --drop-rate R          close this share of connections without an answer (default 0)`;

/** "\n", "\t" and "\\" typed on a command line, read as the characters they name. */
function unescape(s: string): string {
  return s.replace(/\\(n|t|r|\\)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\' })[c]!);
}

function origins(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim().startsWith('[')) {
    let list: unknown;
    try {
      list = JSON.parse(value);
    } catch {
      throw new UsageError(`--allowed-origins: not a JSON list (got ${value})`);
    }
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) throw new UsageError('--allowed-origins must be a list of strings');
    return list;
  }
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function rateOption(name: string, value: string | undefined): number {
  const r = numberOption(name, value, 0);
  if (r < 0 || r > 1) throw new UsageError(`--${name} must be between 0 and 1 (got ${r})`);
  return r;
}

/** The options a command line asks for (every bad value a UsageError). */
export function serveSimOptions(argv: string[]): ServeSimOptions | 'help' {
  const { values } = parse('serve-sim', argv, {
    port: { type: 'string' }, host: { type: 'string' }, model: { type: 'string' }, prm: { type: 'string' },
    'step-delimiter': { type: 'string' }, seed: { type: 'string' }, 'allowed-origins': { type: 'string' }, 'api-key': { type: 'string' },
    'no-multi-sample': { type: 'boolean' }, 'no-prompt-logprobs': { type: 'boolean' }, 'no-pooling': { type: 'boolean' },
    latency: { type: 'string' }, jitter: { type: 'string' }, 'error-rate': { type: 'string' }, malformed: { type: 'string' }, 'drop-rate': { type: 'string' },
  });
  if (values.help) return 'help';
  const str = (k: string) => values[k] as string | undefined;
  const prm = str('prm');
  const opts: ServeSimOptions = {
    port: intOption('port', str('port'), DEFAULT_PORT, 0, 65535),
    host: str('host'),
    model: choice('model', str('model'), SIM_MODELS.map((m) => m.id), 'sim-7B'),
    prm: prm === undefined || ['weak', 'default', 'strong'].includes(prm) ? (prm as 'weak' | 'default' | 'strong' | undefined) : numberOption('prm', prm, 0),
    stepDelimiter: str('step-delimiter') === undefined ? undefined : unescape(str('step-delimiter')!),
    seed: intOption('seed', str('seed'), 0, 0, 2 ** 32 - 1),
    allowedOrigins: origins(str('allowed-origins')),
    apiKey: str('api-key') ?? null,
    multiSample: !values['no-multi-sample'],
    promptLogprobs: !values['no-prompt-logprobs'],
    pooling: !values['no-pooling'],
    latencyMs: numberOption('latency', str('latency'), 0),
    jitterMs: numberOption('jitter', str('jitter'), 0),
    errorRate: rateOption('error-rate', str('error-rate')),
    malformedRate: rateOption('malformed', str('malformed')),
    dropRate: rateOption('drop-rate', str('drop-rate')),
  };
  let problem: string | null = null;
  try {
    resolveOptions(opts);
  } catch (e) {
    problem = (e as Error).message;
  }
  if (problem !== null) throw new UsageError(`serve-sim: ${problem}`);
  return opts;
}

export async function serveSim(argv: string[], out: (s: string) => void): Promise<void> {
  const opts = serveSimOptions(argv);
  if (opts === 'help') return out(serveSimHelp);
  let server;
  try {
    server = await startSimServer(opts);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`serve-sim: port ${opts.port} is in use (--port 0 picks a free one)`, { cause: e });
    throw e;
  }
  out(`serve-sim listening on ${server.url}`);
  out(`  simulated models: ${SIM_MODELS.map((m) => modelLabel(m.id)).join(', ')} (policies), ${PRM_MODEL} (PRM); default ${opts.model}`);
  out('  Ctrl+C stops it.');
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
