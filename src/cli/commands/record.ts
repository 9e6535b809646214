/**
 * `record`: run a strategy grid against a live OpenAI-compatible server (plus an optional PRM)
 * and write a trace bundle that `sweep --bundle` replays to the same answers. Written as it goes:
 * a JSON Lines journal beside the bundle gets one line per finished run, so a crash loses at most
 * the runs in progress and `--resume` goes on from there. docs/record.md has the whole story.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHttpBackend, PROMPT_PRESETS, redact, SERVER_KINDS, type FetchLike } from '../../backends/index';
import { conventionLabel, formatFlops, PAPER_CONVENTION } from '../../search/compute';
import { gradingStyleOf, isCorrect } from '../../search/grading';
import { SWEEP_STRATEGIES } from '../../search/strategies/index';
import { runUnit, type SweepCell } from '../../search/sweep';
import { summarize, type SweepPoint } from '../../search/sweep-summary';
import type { Problem } from '../../search/types';
import type { Bundle } from '../../trace/bundle';
import { BundleBuilder } from '../../trace/builder';
import { intOption, parse, UsageError, type Parsed } from '../args';
import { readBundle, writeText } from '../io';
import { journalPath, JournalWriter, JOURNAL_FORMAT, readJournal, configDifference, type JournalHeader } from '../record/journal';
import { mergeBundles } from '../record/merge';
import { RecordPool } from '../record/pool';
import { Progress } from '../record/progress';
import { inShard, workList, type WorkItem } from '../record/work';
import { DEFAULT_RECORD_PROBLEMS, PRM_TYPES, settings, type Settings } from '../record/settings';
import { DEFAULT_BUDGETS } from './sweep';


export const recordHelp = `Usage: npm run cli -- record --url URL --model NAME --out FILE [options]
       npm run cli -- record --merge A.trace.json B.trace.json … --out FILE

Runs strategies × budgets over a problem set against a live OpenAI-compatible server (vLLM,
SGLang, llama.cpp, Ollama, TGI, serve-sim) and records every sampled step and PRM reward into a
trace bundle. \`sweep --bundle FILE\` with the same --strategies, --budgets and --seeds then
replays every run to the same answer. See docs/record.md.

Server (the API key is read from the environment only, never from a flag):
  --url URL            policy server base URL, e.g. http://127.0.0.1:8000
  --model NAME         served policy model name
  --params N           policy parameter count for FLOPs (default: the model registry's)
  --format F           prompt format: ${Object.keys(PROMPT_PRESETS).join(', ')} (default plain)
  --kind K             server kind: ${SERVER_KINDS.join(', ')} (default: detected)
  --max-step-tokens N  max tokens per step (default 256)
  --prm TYPE           ${PRM_TYPES.join(', ')} (default none)
  --prm-url URL        PRM server base URL (default --url); for --prm json the endpoint URL
  --prm-model NAME     served PRM model name (for json: a label, default "JSON PRM")
  --prm-params N       PRM parameter count (default: the model registry's)
  --prm-output O       --prm pooling: how a row is read: classes ([p_bad, p_good], default),
                       probability (one value per step in [0, 1], Skywork-style) or logit
  --prm-outcome        outcome reward: score only the last step of each path
  --api-key-env NAME   environment variable holding the policy server's key (default IF_API_KEY)
  --prm-api-key-env N  the PRM server's key (default IF_PRM_API_KEY; else IF_API_KEY when the PRM
                       is on the policy's server)

Grid:
  --strategies LIST    any of ${SWEEP_STRATEGIES.join(', ')} (default rebase)
  --budgets LIST       budgets n (default ${DEFAULT_BUDGETS.join(',')}); MCTS gets 8·n nodes
  --seed N             seed (default 0); give sweep the same --seeds
  --no-subsample       a fresh run per budget for the voting strategies (as sweep --no-subsample)

Problems (default: ${DEFAULT_RECORD_PROBLEMS} sim problems, for serve-sim):
  --dataset FILE       GSM8K or MATH500 JSON Lines (.jsonl or .jsonl.gz)
  --problem IDS        comma-separated problem ids (sim ids, or ids of the dataset)
  --level L            sim problems of one level (1–5)
  --problems N         the first N problems

Output and running:
  --out FILE           bundle to write: .trace.json or .trace.json.gz; the journal is FILE's
                       name with .jsonl (x.trace.json → x.trace.jsonl)
  --resume             go on with the journal of an interrupted recording (same settings)
  --shard I/N          record only problems I, I+N, I+2N, … (1-based); merge the shards' bundles
  --merge              merge the bundles given as arguments (the shards of one recording)
  --keep-journal       keep the journal when the recording is complete (default: removed)
  --concurrency N      problems recorded at once (default 2)
  --requests N         requests in flight per server (default 16)
  --max-failures N     stop after N runs failed (default 5); failed runs are retried by --resume
  --title T            bundle title
  --json FILE          write the cells (one per run × budget) as JSON
  --quiet              no progress on stderr`;

/** What the command reads from its surroundings (tests give their own). */
export interface RecordIo {
  err: (text: string) => void;
  isTTY: boolean;
  env: Record<string, string | undefined>;
  fetch?: FetchLike;
  /** Stops the recording (SIGINT by default). */
  signal?: AbortSignal;
}

function processIo(): RecordIo {
  return { err: (t) => process.stderr.write(t), isTTY: process.stderr.isTTY === true, env: process.env };
}

export async function record(argv: string[], out: (s: string) => void, io: RecordIo = processIo()): Promise<void> {
  const { values, positionals } = parse('record', argv, {
    url: { type: 'string' }, model: { type: 'string' }, params: { type: 'string' }, format: { type: 'string' }, kind: { type: 'string' },
    'max-step-tokens': { type: 'string' }, prm: { type: 'string' }, 'prm-url': { type: 'string' }, 'prm-model': { type: 'string' },
    'prm-params': { type: 'string' }, 'prm-output': { type: 'string' }, 'prm-outcome': { type: 'boolean' }, 'api-key-env': { type: 'string' }, 'prm-api-key-env': { type: 'string' }, 'api-key': { type: 'string' },
    strategies: { type: 'string' }, budgets: { type: 'string' }, seed: { type: 'string' }, 'no-subsample': { type: 'boolean' },
    dataset: { type: 'string' }, problem: { type: 'string' }, level: { type: 'string' }, problems: { type: 'string' },
    out: { type: 'string' }, resume: { type: 'boolean' }, shard: { type: 'string' }, merge: { type: 'boolean' },
    'keep-journal': { type: 'boolean' }, concurrency: { type: 'string' }, requests: { type: 'string' }, 'max-failures': { type: 'string' },
    title: { type: 'string' }, json: { type: 'string' }, quiet: { type: 'boolean' },
  }, true);
  if (values.help) return out(recordHelp);
  // Say why rather than "unknown option": a key typed on the command line stays in shell history.
  if (values['api-key'] !== undefined) throw new UsageError('record takes no --api-key: a key on the command line ends up in shell history and process lists; put it in the IF_API_KEY environment variable (or name another with --api-key-env)');
  const outPath = values.out as string | undefined;
  if (!outPath) throw new UsageError('record needs --out FILE (.trace.json or .trace.json.gz)');
  // Before any request: a run that cannot write its journal would lose every answer it got.
  const outDir = dirname(outPath);
  if (!existsSync(outDir) || !statSync(outDir).isDirectory()) throw new UsageError(`--out ${outPath}: the folder ${outDir} does not exist; create it first (mkdir -p ${outDir})`);
  if (values.merge) return merge(positionals, outPath, out);
  if (positionals.length) throw new UsageError(`record: unexpected argument "${positionals[0]}" (bundles to merge go with --merge)`);
  const s = settings(values, io.env);
  await recordGrid(s, values, outPath, out, io);
}

interface Failure {
  item: WorkItem;
  reason: string;
}

async function recordGrid(s: Settings, values: Parsed['values'], outPath: string, out: (s: string) => void, io: RecordIo): Promise<void> {
  const jpath = journalPath(outPath);
  const scrub = (text: string) => redact(text, s.secrets);
  const journal = readJournal(jpath);
  if (journal && !values.resume) throw new UsageError(`${jpath} exists: a recording to ${outPath} was started; add --resume to go on with it (or delete the journal to start over)`);
  if (journal) {
    const diff = configDifference(journal.header.config, s.config);
    if (diff) throw new UsageError(`${jpath} was recorded with other settings (${diff}); resume with the same ones, or record to another --out`);
  }
  const concurrency = intOption('concurrency', values.concurrency as string | undefined, 2, 1, 256);
  const maxFailures = intOption('max-failures', values['max-failures'] as string | undefined, 5, 1);

  const items = workList(s.problems, s.strategies, s.budgets, s.config.grid.subsample).filter((i) => inShard(i, s.config.shard));
  const pools = new Map<string, RecordPool>();
  const poolOf = (problem: Problem) => {
    let p = pools.get(problem.id);
    if (!p) pools.set(problem.id, (p = new RecordPool(problem)));
    return p;
  };
  const byId = new Map(s.problems.map((p) => [p.id, p]));
  const cells = new Map<string, SweepCell[]>();
  for (const item of journal?.items ?? []) {
    const problem = byId.get(item.problemId);
    if (!problem) throw new UsageError(`${jpath}: a run of problem ${item.problemId}, which is not in this problem set`);
    try {
      poolOf(problem).apply(item.delta);
    } catch (e) {
      throw new UsageError(`${jpath}: ${(e as Error).message}`);
    }
    if (item.type === 'item') cells.set(item.key, item.cells);
  }
  const todo = items.filter((i) => !cells.has(i.key));
  const header: JournalHeader = { type: 'header', format: JOURNAL_FORMAT, version: 1, createdAt: new Date().toISOString(), config: s.config };
  const writer = journal ? JournalWriter.reopen(jpath, journal) : JournalWriter.create(jpath, header);
  const createdAt = journal?.header.createdAt ?? header.createdAt;

  const controller = new AbortController();
  const stopOn = io.signal ?? null;
  const onSigint = () => controller.abort();
  if (stopOn) stopOn.addEventListener('abort', onSigint);
  else process.once('SIGINT', onSigint);
  const traffic = { inFlight: 0, requests: 0 };
  const baseFetch: FetchLike = io.fetch ?? ((input, init) => fetch(input, init));
  const counted: FetchLike = async (input, init) => {
    traffic.inFlight++;
    traffic.requests++;
    try {
      return await baseFetch(input, init);
    } finally {
      traffic.inFlight--;
    }
  };
  const failures: Failure[] = [];
  let recordedNow = 0;
  const progress = new Progress({ write: io.err, isTTY: io.isTTY }, todo.length, cells.size, values.quiet === true, () => traffic.inFlight);
  if (journal?.tornBytes) progress.note(`record: dropped the last line of ${jpath} (${journal.tornBytes} bytes cut off by a crash); that run is recorded again`);
  try {
    const live = createHttpBackend(s.live, { fetch: counted, signal: controller.signal });
    const grade = (answer: string, problem: Problem) => isCorrect(answer, problem.answer, gradingStyleOf(problem));
    let stop = false;
    const runItem = async (item: WorkItem) => {
      const pool = poolOf(item.problem);
      const before = pool.size;
      const rec = pool.begin(live, { maxStepTokens: s.config.policy.maxStepTokens, grade });
      const started = performance.now();
      let got: SweepCell[] = [];
      try {
        got = await runUnit({ model: s.config.policy.model, strategies: item.strategies, budgets: item.budgets, problems: [item.problem], seed: s.config.grid.seed, subsample: item.subsample }, () => rec.view(), { signal: controller.signal });
      } catch (e) {
        rec.error ??= e;
      }
      const seconds = (performance.now() - started) / 1000;
      if (rec.failed || controller.signal.aborted || got.length === 0) {
        const reason = controller.signal.aborted ? 'interrupted' : scrub(reasonOf(rec.error));
        // Every sample the server answered is kept (journal `partial`): the retry is served them first.
        const kept = rec.keepAnswered();
        if (kept.nodes.length > 0 || Object.keys(kept.rewards).length > 0) writer.append({ type: 'partial', key: item.key, problemId: item.problem.id, delta: kept, reason });
        if (!controller.signal.aborted) {
          failures.push({ item, reason });
          if (failures.length >= maxFailures) stop = true;
        }
        progress.item({ label: item.label, problemId: item.problem.id, ok: false, seconds, added: pool.size - before, reason });
        return;
      }
      const delta = rec.commit();
      writer.append({ type: 'item', key: item.key, problemId: item.problem.id, delta, cells: got, wallMs: Math.round(seconds * 1000), liveCalls: rec.liveCalls });
      cells.set(item.key, got);
      recordedNow++;
      progress.item({ label: item.label, problemId: item.problem.id, ok: true, seconds, added: pool.size - before });
    };
    // A problem's runs grow one pool, so they go one after another; problems go side by side.
    const groups: WorkItem[][] = [];
    for (const item of todo) {
      const last = groups.at(-1);
      if (last && last[0].problem.id === item.problem.id) last.push(item);
      else groups.push([item]);
    }
    let next = 0;
    const worker = async () => {
      while (!stop && !controller.signal.aborted && next < groups.length) {
        for (const item of groups[next++]) {
          if (stop || controller.signal.aborted) break;
          await runItem(item);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, groups.length) }, worker));
  } finally {
    progress.finish();
    writer.close();
    if (stopOn) stopOn.removeEventListener('abort', onSigint);
    else process.off('SIGINT', onSigint);
  }

  const recorded = items.filter((i) => cells.has(i.key));
  if (controller.signal.aborted) {
    throw new Error(`interrupted: ${recorded.length} of ${items.length} runs are in ${jpath}; run the same command with --resume to go on`);
  }
  const bundle = buildBundle(s, items, pools, createdAt, values.title as string | undefined);
  if (recorded.length === 0 || bundle.pools.length === 0) {
    throw new Error(`no run was recorded${failures.length ? ` (${failures.length} failed; first: ${failures[0].item.problem.id} ${failures[0].item.label}: ${failures[0].reason})` : ''}; nothing written to ${outPath}`);
  }
  writeBundle(outPath, bundle);
  const allCells = recorded.flatMap((i) => cells.get(i.key)!);
  if (values.json) writeText(values.json as string, JSON.stringify({ config: s.config, cells: allCells }, null, 1) + '\n');
  const nodes = bundle.pools.reduce((n, p) => n + p.nodes.length, 0);
  const shard = s.config.shard ? ` (shard ${s.config.shard.index}/${s.config.shard.count})` : '';
  out(`Recorded ${s.config.policy.model} at ${s.config.policy.baseUrl}${s.prmName ? ` with PRM ${s.prmName}` : ''} — ${new Set(items.map((i) => i.problem.id)).size} problems${shard}, seed ${s.config.grid.seed}`);
  out(`${conventionLabel(PAPER_CONVENTION)}; accuracy with 95% interval`);
  out('');
  out(table(summarize(allCells, { convention: PAPER_CONVENTION })));
  out('');
  out(`${recorded.length} of ${items.length} runs recorded (${recordedNow} this time, ${traffic.requests} requests); wrote ${outPath} (${bundle.pools.length} pools, ${nodes} nodes)`);
  if (failures.length) {
    throw new Error(`${failures.length} run${failures.length === 1 ? '' : 's'} failed (first: ${failures[0].item.problem.id} ${failures[0].item.label}: ${failures[0].reason}); ${outPath} has the runs that finished; run the same command with --resume to retry the others`);
  }
  if (recorded.length === items.length && !values['keep-journal']) rmSync(jpath, { force: true });
}

function reasonOf(err: unknown): string {
  if (err === undefined) return 'the run ended without a result';
  return err instanceof Error ? err.message || err.name : String(err);
}

function buildBundle(s: Settings, items: readonly WorkItem[], pools: ReadonlyMap<string, RecordPool>, createdAt: string, title: string | undefined): Bundle {
  const { policy, grid, shard } = s.config;
  const policyId = policy.model;
  const prmId = s.prmName === null ? null : s.prmName === policyId ? `${s.prmName} (prm)` : s.prmName;
  const notes = [
    `Recorded live with \`npm run cli -- record\`: policy ${policy.model} at ${policy.baseUrl} (format ${policy.format}, max ${policy.maxStepTokens} tokens per step)${s.config.prm ? `, PRM ${s.prmName} (${s.config.prm.type})` : ''}; strategies ${grid.strategies.join(', ')}; budgets ${grid.budgets.join(', ')}; seed ${grid.seed}${grid.subsample ? '' : '; no sub-sampling'}${shard ? `; shard ${shard.index}/${shard.count}` : ''}.`,
    `Replay every recorded run with: npm run cli -- sweep --bundle FILE --strategies ${grid.strategies.join(',')} --budgets ${grid.budgets.join(',')} --seeds ${grid.seed}${grid.subsample ? '' : ' --no-subsample'}`,
    ...(grid.strategies.includes('greedy') ? ['Greedy solutions (temperature 0) are the first solution of each pool; the pool states temperature 1, the setting of every other run.'] : []),
  ];
  const builder = new BundleBuilder({ title: title ?? `${policy.model} — ${grid.strategies.join(', ')} (recorded)`, createdAt, source: 'live', notes: notes.join('\n') });
  builder.addModel(policyId, { role: 'policy', name: policy.model, params: policy.params });
  if (prmId !== null && s.config.prm) builder.addModel(prmId, { role: 'prm', name: s.prmName!, params: Number(s.config.prm.params) });
  const seen = new Set<string>();
  for (const item of items) {
    const pool = pools.get(item.problem.id);
    if (seen.has(item.problem.id) || !pool || pool.size === 0) continue;
    seen.add(item.problem.id);
    builder.addProblem(item.problem);
    const index = builder.addPool({
      problemId: item.problem.id, policy: policyId, prm: prmId, sampling: { temperature: 1, maxStepTokens: policy.maxStepTokens },
      ...(pool.promptTokens !== undefined ? { promptTokens: pool.promptTokens } : {}),
    });
    for (const node of pool.nodes()) builder.addNode(index, node);
  }
  return builder.build();
}

/** Write a bundle (gzip for .gz) through a temporary file, so a crash never leaves half a bundle. */
function writeBundle(path: string, bundle: Bundle): void {
  const json = JSON.stringify(bundle);
  const tmp = `${path}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, path.endsWith('.gz') ? gzipSync(json) : json);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function merge(inputs: string[], outPath: string, out: (s: string) => void): void {
  const bundle = mergeBundles(inputs.map((path) => ({ path, bundle: readBundle(path) })));
  writeBundle(outPath, bundle);
  out(`merged ${inputs.length} bundles into ${outPath} (${bundle.problems.length} problems, ${bundle.pools.length} pools, ${bundle.pools.reduce((n, p) => n + p.nodes.length, 0)} nodes)`);
}

function table(points: SweepPoint[]): string {
  const rows = points.map((p) => [
    p.strategy, String(p.budget), `${(p.accuracy * 100).toFixed(1)}%`, `[${(p.lo * 100).toFixed(1)}, ${(p.hi * 100).toFixed(1)}]`,
    formatFlops(p.flops), p.tokens.toFixed(0), String(p.problems),
  ]);
  const head = ['strategy', 'n', 'accuracy', '95% CI', 'FLOPs/q', 'tokens/q', 'problems'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
