/**
 * A user's trace file → a validated Bundle and its summary. Runs in the worker so a large file's
 * decompression, JSON parse and validation never stall the page.
 */
import { isGzip, type Bundle } from '../trace/index';
import { importAny } from '../trace/import/index';
import type { BundleSummary } from './protocol';

/** The raw contents of a file as the page has it. */
export type BundleData = ArrayBuffer | Uint8Array | string;

/** Gunzip with the platform's DecompressionStream (browsers, workers and Node ≥ 18 have it). */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  // Copy into a fresh ArrayBuffer-backed view: stream chunks must not be shared or resizable memory.
  const chunk = new Uint8Array(bytes);
  const input = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(chunk);
      controller.close();
    },
  });
  const output = input.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(output).arrayBuffer());
}

/** The file's text: gzip is detected by its magic bytes, not by the file name. */
async function textOf(fileName: string, data: BundleData): Promise<string> {
  if (typeof data === 'string') return data;
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (!isGzip(bytes)) return new TextDecoder().decode(bytes);
  try {
    return new TextDecoder().decode(await gunzip(bytes));
  } catch (err) {
    // Chromium reports any bad gzip stream as "Failed to fetch", which reads like a network error:
    // say what happened, and keep the platform's detail only when it says more.
    const detail = err instanceof Error ? err.message : String(err);
    const more = /failed to fetch/i.test(detail) ? '' : ` (${detail})`;
    throw new Error(`${fileName}: not a readable gzip file: the compressed data is damaged or cut off${more}; nothing was loaded`, { cause: err });
  }
}

/**
 * Decode and validate a bundle file. Every failure is one Error whose message starts with the
 * file name; a validation failure goes on with the BundleError's message, which names the JSON
 * path (`my.trace.json: pools[0].nodes[3].reward: must be a number in [0, 1] …`).
 */
export async function readBundleFile(fileName: string, data: BundleData): Promise<Bundle> {
  const text = await textOf(fileName, data);
  try {
    // A trace bundle (or a file in no known format) goes to parseBundleText exactly as before;
    // another tool's output (REBASE, OpenR, PRM800K, … docs/importers.md) is imported into one.
    return importAny(text, { fileName }).bundle;
  } catch (err) {
    throw new Error(`${fileName}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** What the page needs to offer a loaded bundle: everything but the pools and run events. */
export function summarizeBundle(key: string, fileName: string, bundle: Bundle): BundleSummary {
  const pooled = new Set(bundle.pools.map((p) => p.problemId));
  let nodeCount = 0;
  for (const pool of bundle.pools) nodeCount += pool.nodes.length;
  const models: BundleSummary['models'] = {};
  for (const [id, m] of Object.entries(bundle.models)) models[id] = { role: m.role, name: m.name, params: m.params };
  return {
    key,
    fileName,
    title: bundle.meta.title,
    source: bundle.meta.source,
    ...(bundle.meta.notes !== undefined ? { notes: bundle.meta.notes } : {}),
    models,
    problems: bundle.problems.filter((p) => pooled.has(p.id)).map((p) => ({ ...p })),
    runs: (bundle.runs ?? []).map((r) => ({
      id: r.id, problemId: r.problemId, strategy: { name: r.strategy.name, params: { ...r.strategy.params } }, seed: r.seed,
    })),
    nodeCount,
  };
}
