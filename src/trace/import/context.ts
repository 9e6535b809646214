/**
 * What every importer shares: its options, the models and problems of the bundle it builds, the
 * notes that say what the file did not record, and estimated token counts. Pure: the caller
 * reads (and gunzips) the file and passes text or parsed records.
 */
import { findModel } from '../../search/models';
import type { Problem } from '../../search/types';
import { countTokens } from '../../sim/tokenizer';
import type { Bundle } from '../bundle';
import { BundleBuilder, type NodeInput } from '../builder';
import { ImportError } from './fields';

/** The formats the importers read (docs/importers.md). */
export const IMPORT_FORMATS = [
  'rebase-answers', 'openr-records', 'openr-mcts', 'prm800k', 'openai-scored', 'search-and-learn', 'llm-reasoners-treelog',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What a user can tell an importer that the file does not say. All optional. */
export interface ImportOptions {
  /** Bundle title (default: the file name, or the format's name). */
  title?: string;
  /** ISO timestamp for `meta.createdAt` (default: now). */
  createdAt?: string;
  /** Policy model name; a name the model registry knows also gives its parameter count. */
  policy?: string;
  /** Policy parameter count for FLOPs (default: the registry's, else 0 = unknown). */
  policyParams?: number;
  /** PRM (or scorer) name. */
  prm?: string;
  prmParams?: number;
  /** Sampling temperature, when the file does not record it. */
  temperature?: number;
  /** Keep at most this many samples (whole solutions, labellings or trees) per problem. */
  maxPerProblem?: number;
  /** Keep only the first this many problems. */
  maxProblems?: number;
  /** The question, for formats that do not record it (llm-reasoners TreeLog). */
  question?: string;
  /** The gold answer, for formats that do not record it (llm-reasoners TreeLog). */
  answer?: string;
}

/** What a format knows about itself when the options say nothing. */
export interface FormatDefaults {
  title: string;
  policy: string;
  /** The scorer's name; null when the format has no rewards. */
  prm: string | null;
  /** Temperature stated by the format; undefined = not recorded (1 is assumed, with a note). */
  temperature?: number;
}

/** A problem's pool in the bundle being built. */
export interface PoolEntry {
  problemId: string;
  pool: number;
  /** Samples (solutions, labellings, trees) added so far. */
  samples: number;
}

/** Tokens of a text under the sim's deterministic tokenizer (about 4 % above Qwen2.5's on MATH text). */
export function estimateTokens(text: string): number {
  return countTokens(text);
}

/**
 * Split a recorded token total over steps in proportion to each step's estimated tokens
 * (largest remainder), so the parts are integers that add up to the total exactly.
 */
export function apportion(total: number, texts: readonly string[]): number[] {
  if (texts.length === 0) return [];
  const weights = texts.map((t) => Math.max(1, estimateTokens(t)));
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k][1]]++;
  return parts;
}

/** The text of the last brace-balanced `\boxed{…}` (or `\fbox{…}`), verbatim; undefined when none. */
export function lastBoxed(text: string): string | undefined {
  for (const macro of ['\\boxed', '\\fbox']) {
    const at = text.lastIndexOf(macro);
    if (at < 0) continue;
    const open = text.indexOf('{', at + macro.length);
    if (open < 0 || text.slice(at + macro.length, open).trim() !== '') continue;
    let depth = 0;
    for (let i = open; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
    }
  }
  return undefined;
}

interface ModelRef {
  id: string;
  name: string;
  params: number;
  known: boolean;
}

function resolveModel(name: string, params: number | undefined): ModelRef {
  const entry = findModel(name);
  return {
    id: entry?.id ?? name,
    name: entry?.name ?? name,
    params: params ?? entry?.params ?? 0,
    known: params !== undefined || entry !== undefined,
  };
}

/** Builds one imported bundle; see the module comment. */
export class ImportContext {
  readonly builder: BundleBuilder;
  private readonly notes: string[] = [];
  private readonly entries = new Map<string, PoolEntry>();
  private readonly usedIds = new Set<string>();
  private readonly problemOfKey = new Map<string, string>();
  private readonly models = new Map<string, ModelRef>();
  private prm: ModelRef | null;
  private readonly temperature: number;
  private skippedProblems = 0;
  private skippedSamples = 0;

  constructor(readonly format: string, readonly options: ImportOptions, private readonly defaults: FormatDefaults) {
    this.builder = new BundleBuilder({
      title: options.title ?? defaults.title,
      createdAt: options.createdAt ?? new Date().toISOString(),
      source: `import:${format}`,
    });
    const prmName = options.prm ?? defaults.prm;
    this.prm = prmName === null ? null : resolveModel(prmName, options.prmParams);
    this.temperature = options.temperature ?? defaults.temperature ?? 1;
    if (options.temperature === undefined && defaults.temperature === undefined) {
      this.note('The sampling temperature is not recorded in the file; 1 is assumed (it does not change a replay).');
    }
  }

  /** Add a note to `meta.notes` (once per distinct text). */
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Declare that the file has no rewards after all (call before the first problem). */
  dropPrm(): void {
    this.prm = null;
  }

  /**
   * The pool of a problem, created on first use. `key` identifies the problem within the file
   * (its id or question); `preferredId` becomes its id unless another problem took it. Returns
   * null when `maxProblems` leaves the problem out.
   */
  pool(key: string, problem: () => Omit<Problem, 'id'> & { preferredId: string }, policyName?: string): PoolEntry | null {
    const policy = this.policy(policyName);
    const entryKey = `${key}\u0000${policy.id}`;
    const old = this.entries.get(entryKey);
    if (old) return old;
    let problemId = this.problemOfKey.get(key);
    if (problemId === undefined) {
      if (this.options.maxProblems !== undefined && this.problemOfKey.size >= this.options.maxProblems) {
        this.skippedProblems++;
        return null;
      }
      const { preferredId, ...fields } = problem();
      problemId = preferredId;
      for (let k = 2; this.usedIds.has(problemId); k++) problemId = `${preferredId}-${k}`;
      this.usedIds.add(problemId);
      this.problemOfKey.set(key, problemId);
      this.builder.addProblem({ id: problemId, ...fields });
    }
    const pool = this.builder.addPool({
      problemId,
      policy: policy.id,
      prm: this.prm ? this.modelId(this.prm, 'prm') : null,
      sampling: { temperature: this.temperature },
    });
    const entry = { problemId, pool, samples: 0 };
    this.entries.set(entryKey, entry);
    return entry;
  }

  /** Count one more sample for a pool; false (and counted as skipped) past `maxPerProblem`. */
  takeSample(entry: PoolEntry): boolean {
    if (this.options.maxPerProblem !== undefined && entry.samples >= this.options.maxPerProblem) {
      this.skippedSamples++;
      return false;
    }
    entry.samples++;
    return true;
  }

  addNode(entry: PoolEntry, node: NodeInput): string {
    return this.builder.addNode(entry.pool, node);
  }

  /** The validated bundle, with the notes. Throws ImportError when nothing was imported. */
  finish(): Bundle {
    if (this.entries.size === 0) {
      throw new ImportError(this.format, '', '', this.skippedProblems > 0 ? 'every problem was left out by maxProblems' : 'the file holds no records');
    }
    if (this.skippedProblems > 0) this.note(`Only the first ${this.options.maxProblems} problems were imported (${this.skippedProblems} record${this.skippedProblems === 1 ? '' : 's'} of other problems skipped).`);
    if (this.skippedSamples > 0) this.note(`Only the first ${this.options.maxPerProblem} samples of each problem were imported (${this.skippedSamples} skipped).`);
    for (const m of this.models.values()) {
      if (!m.known) {
        this.note(`The parameter count of the policy "${m.name}" is unknown, so FLOPs are 0; give it (CLI: --policy-params) to chart compute.`);
      }
    }
    this.builder.setMeta({ notes: this.notes.length > 0 ? this.notes.join('\n') : undefined });
    try {
      return this.builder.build();
    } catch (err) {
      throw new ImportError(this.format, '', '', `the imported bundle did not validate: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private policy(fromFile: string | undefined): ModelRef {
    const name = this.options.policy ?? fromFile ?? this.defaults.policy;
    let ref = this.models.get(name);
    if (!ref) {
      ref = resolveModel(name, this.options.policyParams);
      this.models.set(name, ref);
      this.modelId(ref, 'policy');
    }
    return ref;
  }

  /** Register a model in the bundle; a PRM whose id a policy already uses gets ` (prm)` appended. */
  private modelId(ref: ModelRef, role: 'policy' | 'prm'): string {
    if (role === 'prm' && [...this.models.values()].some((m) => m.id === ref.id)) ref.id = `${ref.id} (prm)`;
    this.builder.addModel(ref.id, { role, name: ref.name, params: ref.params });
    return ref.id;
  }
}
