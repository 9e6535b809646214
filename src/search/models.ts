/**
 * Model registry (design.md §5): parameter counts for FLOPs, in one place. The paper prints no
 * parameter counts; its models carry common counts (paper-notes.md) that are consistent with its
 * Table 4 (FLOPs = 2·N·generated tokens back-solves to plausible token counts, docs/compute.md).
 * The other models carry their published totals (embeddings and LM head included). The UI may
 * edit a count; this list is the default. Wherever a count is shown, PARAMS_NOTE goes with it.
 */

export type ModelRole = 'policy' | 'prm';

export interface ModelEntry {
  /** Stable id used in URLs, traces and sweeps (lower-case). */
  id: string;
  /** Display name. */
  name: string;
  /** Parameter count N, as used in FLOPs = 2·N·tokens. */
  params: number;
  role: ModelRole;
  /**
   * 'paper': a model the paper ran, with a common count consistent with Table 4 (the paper prints
   * no counts); 'common': a widely used model's published count.
   */
  source?: 'paper' | 'common';
  /** Other names that mean this model (Hugging Face repo ids, server aliases). */
  aliases?: string[];
}

/** The registry. Ordered: the paper's policies by size, the paper's PRM, then common models. */
export const MODELS: readonly ModelEntry[] = [
  { id: 'pythia-410m', name: 'Pythia-410M', params: 4.05e8, role: 'policy', source: 'paper', aliases: ['EleutherAI/pythia-410m'] },
  { id: 'pythia-1.4b', name: 'Pythia-1.4B', params: 1.41e9, role: 'policy', source: 'paper', aliases: ['EleutherAI/pythia-1.4b'] },
  { id: 'pythia-2.8b', name: 'Pythia-2.8B', params: 2.78e9, role: 'policy', source: 'paper', aliases: ['EleutherAI/pythia-2.8b'] },
  { id: 'pythia-6.9b', name: 'Pythia-6.9B', params: 6.86e9, role: 'policy', source: 'paper', aliases: ['EleutherAI/pythia-6.9b'] },
  { id: 'pythia-12b', name: 'Pythia-12B', params: 1.18e10, role: 'policy', source: 'paper', aliases: ['EleutherAI/pythia-12b'] },
  { id: 'mistral-7b', name: 'Mistral-7B', params: 7.24e9, role: 'policy', source: 'paper', aliases: ['mistralai/Mistral-7B-v0.1', 'Mistral-7B-v0.1', 'meta-math/MetaMath-Mistral-7B'] },
  { id: 'llemma-7b', name: 'Llemma-7B', params: 6.74e9, role: 'policy', source: 'paper', aliases: ['EleutherAI/llemma_7b', 'llemma_7b'] },
  { id: 'llama3-8b', name: 'Llama3-8B', params: 8.03e9, role: 'policy', source: 'paper', aliases: ['meta-llama/Meta-Llama-3-8B', 'Meta-Llama-3-8B', 'llama-3-8b'] },
  { id: 'llama3-8b-instruct', name: 'Llama3-8B-Instruct', params: 8.03e9, role: 'policy', source: 'paper', aliases: ['meta-llama/Meta-Llama-3-8B-Instruct', 'Meta-Llama-3-8B-Instruct', 'llama-3-8b-instruct'] },
  { id: 'llemma-34b', name: 'Llemma-34B', params: 3.37e10, role: 'policy', source: 'paper', aliases: ['EleutherAI/llemma_34b', 'llemma_34b'] },
  // The paper's reward model: Llemma-34B fine-tuned on Math-Shepherd with a reward head.
  { id: 'llemma-34b-prm', name: 'Llemma-34B PRM (Math-Shepherd)', params: 3.37e10, role: 'prm', source: 'paper' },
  // Common policies (Qwen counts computed from their config.json: 1.54e9 tied, 7.62e9 untied).
  { id: 'qwen2.5-math-1.5b', name: 'Qwen2.5-Math-1.5B', params: 1.54e9, role: 'policy', source: 'common', aliases: ['Qwen/Qwen2.5-Math-1.5B'] },
  { id: 'qwen2.5-math-1.5b-instruct', name: 'Qwen2.5-Math-1.5B-Instruct', params: 1.54e9, role: 'policy', source: 'common', aliases: ['Qwen/Qwen2.5-Math-1.5B-Instruct'] },
  { id: 'qwen2.5-math-7b', name: 'Qwen2.5-Math-7B', params: 7.62e9, role: 'policy', source: 'common', aliases: ['Qwen/Qwen2.5-Math-7B'] },
  { id: 'qwen2.5-math-7b-instruct', name: 'Qwen2.5-Math-7B-Instruct', params: 7.62e9, role: 'policy', source: 'common', aliases: ['Qwen/Qwen2.5-Math-7B-Instruct'] },
  { id: 'qwen2.5-1.5b-instruct', name: 'Qwen2.5-1.5B-Instruct', params: 1.54e9, role: 'policy', source: 'common', aliases: ['Qwen/Qwen2.5-1.5B-Instruct', 'qwen2.5:1.5b-instruct', 'qwen2.5:1.5b'] },
  { id: 'llama-3.2-1b-instruct', name: 'Llama-3.2-1B-Instruct', params: 1.24e9, role: 'policy', source: 'common', aliases: ['meta-llama/Llama-3.2-1B-Instruct', 'llama3.2:1b'] },
  { id: 'llama-3.2-3b-instruct', name: 'Llama-3.2-3B-Instruct', params: 3.21e9, role: 'policy', source: 'common', aliases: ['meta-llama/Llama-3.2-3B-Instruct', 'llama3.2:3b', 'llama3.2'] },
  { id: 'llama-3.1-8b-instruct', name: 'Llama-3.1-8B-Instruct', params: 8.03e9, role: 'policy', source: 'common', aliases: ['meta-llama/Llama-3.1-8B-Instruct', 'meta-llama/Meta-Llama-3.1-8B-Instruct', 'llama3.1:8b', 'llama3.1'] },
  // Common PRMs.
  { id: 'math-shepherd-mistral-7b-prm', name: 'Math-Shepherd Mistral-7B PRM', params: 7.24e9, role: 'prm', source: 'common', aliases: ['peiyi9979/math-shepherd-mistral-7b-prm'] },
  // Qwen2.5-7B without its LM head (−0.54e9) plus a two-layer score head: 7.08e9.
  { id: 'qwen2.5-math-prm-7b', name: 'Qwen2.5-Math-PRM-7B', params: 7.08e9, role: 'prm', source: 'common', aliases: ['Qwen/Qwen2.5-Math-PRM-7B'] },
  { id: 'llama3.1-8b-prm-deepseek-data', name: 'Llama3.1-8B-PRM-Deepseek-Data', params: 8.03e9, role: 'prm', source: 'common', aliases: ['RLHFlow/Llama3.1-8B-PRM-Deepseek-Data'] },
];

const SEPARATORS = /[\s_:-]+/g;
/** Serving suffixes that do not change the parameter count: quantisation and file formats. */
const QUANT_SUFFIX = /[-_.:](?:gguf|awq|gptq|exl2|mlx|fp8|fp16|bf16|int4|int8|\d+bit|q\d[\w]*|latest)$/i;

/** Lower-case, drop a leading `org/`, drop separators: `EleutherAI/llemma_7b` → `llemma7b`. */
function loose(name: string): string {
  const base = name.trim().toLowerCase();
  return base.slice(base.lastIndexOf('/') + 1).replace(SEPARATORS, '');
}

let index: Map<string, ModelEntry> | null = null;
function lookup(): Map<string, ModelEntry> {
  if (index) return index;
  index = new Map();
  for (const m of MODELS) {
    for (const n of [m.id, m.name, ...(m.aliases ?? [])]) {
      const k = loose(n);
      if (!index.has(k)) index.set(k, m);
    }
  }
  return index;
}

/**
 * The registry entry a model name refers to: case-insensitive on id, name and aliases; tolerant of
 * a Hugging Face `org/` prefix, of `-`/`_`/space/`:` differences, and of quantisation suffixes
 * (`-GGUF`, `-AWQ`, `:q4_K_M` …). Undefined when unknown.
 */
export function findModel(name: string): ModelEntry | undefined {
  const map = lookup();
  let n = name.trim();
  for (let i = 0; i < 3 && n !== ''; i++) {
    const hit = map.get(loose(n));
    if (hit) return hit;
    const stripped = n.replace(QUANT_SUFFIX, '');
    if (stripped === n) break;
    n = stripped;
  }
  return undefined;
}

/** The parameter count of a named model (see `findModel` for the matching), or undefined. */
export function findModelParams(name: string): number | undefined {
  return findModel(name)?.params;
}

/** What the registry's parameter counts are, said next to every count shown to a user. */
export const PARAMS_NOTE = 'common counts, consistent with Table 4';

const UNITS: readonly [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];

/**
 * A short label for a parameter count, two significant figures: 7.24e9 → "7.2B", 4.05e8 → "410M",
 * 1.18e10 → "12B", 8.03e9 → "8B".
 */
export function paramsLabel(params: number): string {
  if (!Number.isFinite(params) || params <= 0) return '?';
  for (let i = 0; i < UNITS.length; i++) {
    const [scale, unit] = UNITS[i];
    if (params >= scale * 0.9995 || i === UNITS.length - 1) {
      const v = Number((params / scale).toPrecision(2));
      // 999.6M rounds to 1000M: say 1B instead.
      if (v >= 1000 && i > 0) return `${Number((params / UNITS[i - 1][0]).toPrecision(2))}${UNITS[i - 1][1]}`;
      return `${v}${unit}`;
    }
  }
  return String(params);
}
