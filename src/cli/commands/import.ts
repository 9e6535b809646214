/**
 * `import`: another tool's file (or URL) → a trace bundle (docs/importers.md). JSON Lines files
 * are streamed record by record, so a file larger than a JavaScript string (OpenAI's full scored
 * samples) imports with `--max-per-problem`; JSON documents are read whole.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip, gzipSync } from 'node:zlib';
import { isGzip, parseBundleText, serializeBundle, type Bundle } from '../../trace/bundle';
import {
  IMPORT_FORMATS, ImportError, LINE_FORMATS, LineSplitter, OPENAI_SCORED_URL, classifyRecord, createImporter, detectFormat, importText, parseLine,
  type ImportFormat, type ImportOptions, type RecordImporter,
} from '../../trace/import/index';
import { choice, intOption, numberOption, parse, UsageError } from '../args';
import { writeText } from '../io';

export const importHelp = `Usage: npm run cli -- import FILE|URL --out PATH [options]

Turns another tool's search output into a trace bundle (docs/importers.md). The format is
detected from the content; gzip is recognised by its bytes; an http(s) URL is streamed.

  --out PATH            .trace.json, or .trace.json.gz for gzip (required)
  --format F            skip detection: ${IMPORT_FORMATS.join(', ')}
  --title TEXT          bundle title (default: the file name)
  --policy NAME         policy model; a name the registry knows gives its parameter count
  --policy-params N     policy parameter count, for FLOPs (default: the registry's, else 0)
  --prm NAME            PRM name            --prm-params N   its parameter count
  --temperature T       sampling temperature, for files that do not record it (default 1)
  --max-per-problem N   keep the first N samples of each problem
  --max-problems N      keep the first N problems
  --question TEXT       the question, for a TreeLog (it records none)
  --answer TEXT         the gold answer, for a TreeLog (it records none)

Example (OpenAI's PRM-scored MATH500 samples, ~1,860 per problem, from their public address):
  npm run cli -- import ${OPENAI_SCORED_URL} \\
    --max-per-problem 64 --out openai-prm800k-64.trace.json.gz`;

const options = {
  out: { type: 'string' }, format: { type: 'string' }, title: { type: 'string' }, policy: { type: 'string' },
  'policy-params': { type: 'string' }, prm: { type: 'string' }, 'prm-params': { type: 'string' }, temperature: { type: 'string' },
  'max-per-problem': { type: 'string' }, 'max-problems': { type: 'string' }, question: { type: 'string' }, answer: { type: 'string' },
} as const;

type Values = Record<string, string | boolean | undefined>;
const s = (v: unknown) => (typeof v === 'string' ? v : undefined);

function nonNegative(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = numberOption(name, value, 0);
  if (n < 0) throw new UsageError(`--${name} must be ≥ 0 (got ${n})`);
  return n;
}

function importOptions(values: Values, source: string): ImportOptions {
  const o: ImportOptions = {
    title: s(values.title) ?? source.replace(/[?#].*$/, '').replace(/^.*[\\/]/, ''),
    createdAt: new Date().toISOString(),
    policy: s(values.policy), policyParams: nonNegative('policy-params', s(values['policy-params'])),
    prm: s(values.prm), prmParams: nonNegative('prm-params', s(values['prm-params'])),
    temperature: nonNegative('temperature', s(values.temperature)),
    maxPerProblem: values['max-per-problem'] === undefined ? undefined : intOption('max-per-problem', s(values['max-per-problem']), 1),
    maxProblems: values['max-problems'] === undefined ? undefined : intOption('max-problems', s(values['max-problems']), 1),
    question: s(values.question), answer: s(values.answer),
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as ImportOptions;
}

/** The source's bytes: a local file or an http(s) URL (fetched, streamed). */
async function open(source: string): Promise<Readable> {
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source);
    } catch (e) {
      const cause = (e as Error).cause;
      throw new UsageError(`cannot fetch ${source}: ${cause instanceof Error ? cause.message : (e as Error).message}`);
    }
    if (!res.ok || !res.body) throw new UsageError(`cannot fetch ${source}: HTTP ${res.status}`);
    return Readable.fromWeb(res.body as WebReadableStream);
  }
  const stream = createReadStream(source);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (e: NodeJS.ErrnoException) => reject(new UsageError(`cannot read ${source}: ${e.code ?? e.message}`)));
  });
  return stream;
}

/** Text chunks of the source, gunzipped when its first bytes say gzip. */
async function* textChunks(source: string): AsyncGenerator<string> {
  const raw = await open(source);
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await it.next();
  if (first.done) return;
  const all = Readable.from((async function* () {
    yield first.value;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  })());
  let bytes: Readable = all;
  if (isGzip(first.value)) {
    const gunzip = createGunzip();
    bytes = pipeline(all, gunzip, () => undefined);
  }
  const decoder = new TextDecoder();
  try {
    for await (const chunk of bytes) yield decoder.decode(chunk as Buffer, { stream: true });
  } catch (e) {
    throw new UsageError(`${source}: ${isGzip(first.value) ? 'not a readable gzip file' : 'read failed'} (${(e as Error).message})`);
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

/** The first non-blank line, once the text holds a complete one (or the whole text has arrived). */
function firstLine(text: string, complete: boolean): string | undefined {
  for (let start = 0; ;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return complete && text.slice(start).trim() !== '' ? text.slice(start) : undefined;
    const line = text.slice(start, nl);
    if (line.trim() !== '') return line;
    start = nl + 1;
  }
}

const tryParse = (line: string): unknown => {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
};

/**
 * Read the source and import it: JSON Lines of a streamable format record by record, anything
 * else as one text. Throws ImportError / UsageError.
 */
interface Streaming {
  format: ImportFormat;
  importer: RecordImporter;
  splitter: LineSplitter;
}

/**
 * Read the source and import it: JSON Lines of a streamable format record by record, anything
 * else as one text. Throws ImportError / UsageError.
 */
async function importSource(source: string, given: ImportFormat | undefined, opts: ImportOptions): Promise<{ format: ImportFormat; bundle: Bundle }> {
  let head = '';
  let streaming = null as Streaming | null;
  let decided = false;
  /** Once the first record is in: stream when it is one JSON Lines record of a streamable format. */
  const decide = (complete: boolean): void => {
    const line = firstLine(head.replace(/^\uFEFF/, ''), complete);
    if (line === undefined && !complete) return;
    decided = true;
    const record = line === undefined ? undefined : tryParse(line);
    const format = given ?? classifyRecord(record) ?? undefined;
    if (format === undefined || !LINE_FORMATS.includes(format) || typeof record !== 'object' || record === null || Array.isArray(record)) return;
    const importer = createImporter(format, opts);
    const splitter = new LineSplitter((l, n) => {
      const text = n === 1 ? l.replace(/^\uFEFF/, '') : l;
      if (text.trim() !== '') importer.add(parseLine(format, text, n), `line ${n}`);
    });
    streaming = { format, importer, splitter };
    splitter.push(head);
    head = '';
  };
  for await (const chunk of textChunks(source)) {
    if (streaming) streaming.splitter.push(chunk);
    else {
      head += chunk;
      if (!decided) decide(false);
    }
  }
  if (!decided) decide(true);
  if (streaming) {
    streaming.splitter.end();
    return { format: streaming.format, bundle: streaming.importer.finish() };
  }
  const detected = given ?? detectFormat(head);
  if (detected === 'bundle') {
    // Named like a bundle (or shaped like one): say what is wrong with it if it does not parse.
    try {
      parseBundleText(head);
    } catch (e) {
      throw new UsageError(`${source}: not a valid trace bundle: ${e instanceof Error ? e.message : String(e)}`);
    }
    throw new UsageError(`${source} is already a trace bundle; nothing to import`);
  }
  if (detected === null) {
    throw new UsageError(`${source}: not a format the importers know (${IMPORT_FORMATS.join(', ')}); see docs/importers.md, or name one with --format`);
  }
  return { format: detected, bundle: importText(detected, head, opts) };
}

export async function importCommand(argv: string[], out: (s: string) => void): Promise<void> {
  const { values, positionals } = parse('import', argv, options, true);
  if (values.help) return out(importHelp);
  if (positionals.length !== 1) throw new UsageError(`import: expected one FILE or URL (got ${positionals.length})`);
  const outPath = s(values.out);
  if (!outPath) throw new UsageError('import: --out is required (a .trace.json or .trace.json.gz file)');
  const given = values.format === undefined ? undefined : choice('format', s(values.format), IMPORT_FORMATS, IMPORT_FORMATS[0]);
  const source = positionals[0];
  const opts = importOptions(values, source);
  let result: { format: ImportFormat; bundle: Bundle };
  try {
    result = await importSource(source, given, opts);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (e instanceof ImportError) throw new UsageError(`${source}: ${e.message}`);
    throw e;
  }
  const { format, bundle } = result;
  const text = serializeBundle(bundle);
  if (outPath.endsWith('.gz')) {
    writeText(outPath, '');
    try {
      writeFileSync(outPath, gzipSync(text));
    } catch (e) {
      throw new UsageError(`cannot write ${outPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else writeText(outPath, text);
  const nodes = bundle.pools.reduce((n, p) => n + p.nodes.length, 0);
  out(`wrote ${outPath} (${format}: ${bundle.problems.length} problems, ${bundle.pools.length} pools, ${nodes} nodes)`);
  for (const note of (bundle.meta.notes ?? '').split('\n').filter(Boolean)) out(`  note: ${note}`);
}
