/**
 * A strategy spec in the URL: `s=<name>` plus each parameter that differs from the strategy's
 * defaults as its own key (`s=rebase&width=64&preset=paper`). `parseSpec` is the only validator;
 * this module adds the Explorer's size limits and turns each rejected key into a notice.
 */
import {
  defaultSpec, parseSpec, SpecError, type StrategyName, type StrategySpec,
} from '../search/strategies/index';
import { shown } from './url-values';

/**
 * Upper bounds on the sizes the Explorer animates. `parseSpec` has no upper bounds (sweeps and the
 * CLI may go further); a link asking for a million-node tree would freeze the tab instead of
 * showing anything, so the Explorer refuses it and says why.
 */
export const EXPLORER_LIMITS: Readonly<Record<string, number>> = {
  width: 2048, n: 2048, m: 2048, budget: 16384, kRoot: 256, maxIterations: 131072, maxDepth: 200,
};

type Loose = Record<string, unknown>;
/** A spec's params as a plain record (they are plain objects of numbers, strings and booleans). */
const loose = (params: object): Loose => params as Loose;

/** `parseSpec` plus {@link EXPLORER_LIMITS}; throws a `SpecError` naming the field. */
export function checkSpec(input: unknown): StrategySpec {
  const spec = parseSpec(input);
  for (const [key, max] of Object.entries(EXPLORER_LIMITS)) {
    const v = loose(spec.params)[key];
    if (typeof v === 'number' && v > max) {
      throw new SpecError(`params.${key}`, `the Explorer shows runs up to ${max}, got ${v} (larger runs belong in a sweep)`);
    }
  }
  return spec;
}

/** A SpecError's message without the trailing ", got …" (the notice quotes the value itself). */
export function specReason(err: SpecError): string {
  return err.message.replace(/, got [\s\S]*$/, '');
}

const text = (v: unknown): string => String(v);

/**
 * The URL entries of a spec's parameters, in the canonical order `parseSpec` builds them: only
 * values that differ from the defaults. REBASE writes its preset (unless it is the default
 * `official`), or, with no preset, T_b always — so a custom spec never reads back as a preset.
 */
export function specToQuery(spec: StrategySpec): [string, string][] {
  const canonical = loose(parseSpec(spec).params);
  const defaults = loose(defaultSpec(spec.name).params);
  const out: [string, string][] = [];
  const preset = spec.name === 'rebase' ? canonical.preset : undefined;
  for (const [key, value] of Object.entries(canonical)) {
    if (value === undefined) continue;
    if (spec.name === 'rebase') {
      if (key === 'preset') {
        if (value !== defaults.preset) out.push([key, text(value)]);
        continue;
      }
      if (key === 'tb' || key === 'allocation') {
        if (!preset && (key === 'tb' || value !== defaults[key])) out.push([key, text(value)]);
        continue;
      }
    }
    if (value !== defaults[key]) out.push([key, text(value)]);
  }
  return out;
}

/**
 * Read a strategy's parameters from URL entries (keys the codec itself does not own). Every key
 * `parseSpec` rejects is dropped with a notice and the rest is parsed again, so one bad value
 * never costs the others; the notice names the value used instead.
 */
export function specFromQuery(name: StrategyName, entries: ReadonlyMap<string, string>): { spec: StrategySpec; notices: string[] } {
  const raw: Record<string, string> = Object.fromEntries(entries);
  const rejected: { key: string; reason: string | null }[] = [];
  let spec: StrategySpec | null = null;
  // Each failed attempt removes one key, so this ends after at most entries.size + 1 attempts.
  while (spec === null) {
    try {
      spec = checkSpec({ name, params: raw });
    } catch (err) {
      const field = err instanceof SpecError && err.field.startsWith('params.') ? err.field.slice('params.'.length) : null;
      if (field === null || !Object.hasOwn(raw, field)) {
        // Not attributable to one key (should not happen): keep the strategy's defaults.
        for (const key of Object.keys(raw)) rejected.push({ key, reason: err instanceof Error ? err.message : String(err) });
        for (const key of Object.keys(raw)) delete raw[key];
        continue;
      }
      const unknown = err instanceof SpecError && /unknown parameter/.test(err.message);
      rejected.push({ key: field, reason: unknown ? null : specReason(err as SpecError) });
      delete raw[field];
    }
  }
  const params = loose(spec.params);
  const notices = rejected.map(({ key, reason }) => {
    const pair = `"${shown(key)}=${shown(entries.get(key) ?? '')}"`;
    if (reason === null) return `${pair} is not a setting of the Explorer or a parameter of ${name} — ignored`;
    const used = params[key] === undefined ? 'the default' : text(params[key]);
    return `${pair} is not valid (${reason}) — using ${used}`;
  });
  return { spec, notices };
}
