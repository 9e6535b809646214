/**
 * The Backends panel's form: a server as typed (`ServerDraft`), its field-by-field validation
 * (`checkDraft`), and the partial server "Test connection" probes before the form is complete.
 */
import { normalizeBaseUrl, PROMPT_PRESETS, StepFormat, type PoolingOutput, type PromptFormat, type PromptPreset, type ServerKind } from '../backends/index';
import type { Continuation, Dialect } from '../backends/dialect';
import { DEFAULT_HTTP, parseParamCount, registryParams, type FormatChoice, type LiveServer, type PrmChoiceType } from './live-config';

/** What the form edits: every field as typed. */
export interface ServerDraft {
  name: string;
  baseUrl: string;
  model: string;
  params: string;
  /** '' = by server kind. */
  dialect: Dialect | '';
  /** '' = by server kind. */
  continuation: Continuation | '';
  format: FormatChoice;
  template: string;
  delimiter: string;
  answerPattern: string;
  prmType: PrmChoiceType;
  prmBaseUrl: string;
  prmModel: string;
  prmParams: string;
  prmUrl: string;
  prmOwnKey: boolean;
  prmOutput: PoolingOutput;
  prmOutcome: boolean;
  concurrency: string;
  timeoutS: string;
  retries: string;
}

export type DraftField = keyof ServerDraft;
export type DraftErrors = Partial<Record<DraftField, string>>;

/** The prompt presets (src/backends/prompt.ts), for the panel to show and start a custom format from. */
export const PROMPT_FORMATS: Readonly<Record<PromptPreset, PromptFormat>> = PROMPT_PRESETS;

/** A fresh draft: serve-sim's defaults, which is what a demo without a GPU points at. */
export function blankDraft(): ServerDraft {
  const plain = PROMPT_PRESETS.plain;
  return {
    name: 'Local server', baseUrl: 'http://127.0.0.1:8000', model: '', params: '', dialect: '', continuation: '', format: 'plain',
    template: plain.template, delimiter: plain.delimiter, answerPattern: plain.answerPattern,
    prmType: 'none', prmBaseUrl: '', prmModel: '', prmParams: '', prmUrl: '', prmOwnKey: false, prmOutput: 'classes', prmOutcome: false,
    concurrency: String(DEFAULT_HTTP.concurrency), timeoutS: String(DEFAULT_HTTP.timeoutMs / 1000), retries: String(DEFAULT_HTTP.retries),
  };
}

/** The draft of a saved server (for editing it). */
export function draftOf(s: LiveServer): ServerDraft {
  return {
    name: s.name, baseUrl: s.baseUrl, model: s.model, params: s.params === null ? '' : String(s.params), format: s.format,
    dialect: s.dialect ?? '', continuation: s.continuation ?? '',
    template: s.custom.template, delimiter: s.custom.delimiter, answerPattern: s.custom.answerPattern,
    prmType: s.prm.type, prmBaseUrl: s.prm.baseUrl, prmModel: s.prm.model, prmParams: s.prm.params === null ? '' : String(s.prm.params),
    prmUrl: s.prm.url, prmOwnKey: s.prm.ownKey, prmOutput: s.prm.output, prmOutcome: s.prm.outcome,
    concurrency: String(s.http.concurrency), timeoutS: String(s.http.timeoutMs / 1000), retries: String(s.http.retries),
  };
}

/** Why a base URL cannot be used, or null. */
export function urlProblem(text: string, what = 'a server root such as http://127.0.0.1:8000'): string | null {
  const t = text.trim();
  if (t === '') return `required: ${what}`;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) return `must start with http:// or https:// — ${what}`;
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    return `not a URL: expected ${what}`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `must start with http:// or https:// (got ${u.protocol})`;
  if (u.username || u.password) return 'must not contain user:password — enter the API key in its own field';
  if (u.search || u.hash) return 'must not have a query or fragment (keys go in the API key field, never in a URL)';
  return null;
}

function wholeIn(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const x = Number(t);
  return x >= min && x <= max ? x : null;
}

/** A free id for a new server, from its name. */
export function serverIdFor(name: string, taken: readonly string[]): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 32) || 'server';
  let id = base;
  for (let k = 2; taken.includes(id); k++) id = `${base}-${k}`;
  return id;
}

export type DraftCheck = { ok: true; server: LiveServer } | { ok: false; errors: DraftErrors };

/**
 * Check a draft field by field. Every problem is reported at once, each next to its field;
 * `id` and `kind` come from the server being edited (or a new id).
 */
export function checkDraft(d: ServerDraft, id: string, kind: ServerKind | null = null): DraftCheck {
  const errors: DraftErrors = {};
  if (d.name.trim() === '') errors.name = 'required: a name to tell this server apart';
  const urlErr = urlProblem(d.baseUrl);
  if (urlErr) errors.baseUrl = urlErr;
  const model = d.model.trim();
  if (model === '') errors.model = 'required: the served model name (Test connection lists them)';
  let params: number | null = null;
  if (d.params.trim() !== '') {
    params = parseParamCount(d.params);
    if (params === null) errors.params = 'expected a parameter count such as 7e9, 7B or 410M';
  } else if (model !== '' && registryParams(model) === undefined) {
    errors.params = `"${model}" is not in the model registry: give its parameter count (FLOPs = 2 × params × tokens)`;
  }
  const custom: PromptFormat = { template: d.template, delimiter: d.delimiter, answerPattern: d.answerPattern };
  if (d.format === 'custom') {
    if (!d.template.includes('{question}')) errors.template = 'must contain {question}, where the question goes';
    if (d.delimiter === '') errors.delimiter = 'required: e.g. \\n\\n (a separator) or Step {k}: (a numbered header)';
    try {
      new RegExp(d.answerPattern, 'i');
      if (d.answerPattern.trim() === '') errors.answerPattern = 'required: a regular expression for the step that gives the answer';
    } catch (err) {
      errors.answerPattern = `not a valid regular expression (${(err as Error).message})`;
    }
    if (!errors.template && !errors.delimiter && !errors.answerPattern) {
      try {
        new StepFormat(custom);
      } catch (err) {
        errors.template = (err as Error).message;
      }
    }
  } else if (!(d.format in PROMPT_PRESETS)) {
    errors.format = `unknown preset (known: ${Object.keys(PROMPT_PRESETS).join(', ')}, custom)`;
  }
  let prmParams: number | null = null;
  if (d.prmType !== 'none') {
    const prmModel = d.prmModel.trim();
    if (d.prmType === 'json') {
      const e = urlProblem(d.prmUrl, 'the endpoint URL, e.g. http://127.0.0.1:8000/prm');
      if (e) errors.prmUrl = e;
    } else {
      if (prmModel === '') errors.prmModel = 'required: the PRM\'s served model name';
      if (d.prmBaseUrl.trim() !== '') {
        const e = urlProblem(d.prmBaseUrl);
        if (e) errors.prmBaseUrl = e;
      }
    }
    if (d.prmParams.trim() !== '') {
      prmParams = parseParamCount(d.prmParams);
      if (prmParams === null) errors.prmParams = 'expected a parameter count such as 7e9, 7B or 410M';
    } else {
      const name = prmModel || 'JSON PRM';
      if (registryParams(name) === undefined) errors.prmParams = `"${name}" is not in the model registry: give its parameter count (for the prm FLOPs switch)`;
    }
  }
  const concurrency = wholeIn(d.concurrency, 1, 256);
  if (concurrency === null) errors.concurrency = 'expected a whole number from 1 to 256';
  const timeoutS = Number(d.timeoutS.trim());
  if (!(d.timeoutS.trim() !== '' && Number.isFinite(timeoutS) && timeoutS >= 1 && timeoutS <= 3600)) errors.timeoutS = 'expected seconds from 1 to 3600';
  const retries = wholeIn(d.retries, 0, 10);
  if (retries === null) errors.retries = 'expected a whole number from 0 to 10';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    server: {
      id, name: d.name.trim(), baseUrl: normalizeBaseUrl(d.baseUrl), model, params, kind,
      dialect: d.dialect || null, continuation: d.continuation || null,
      format: d.format, custom,
      prm: {
        type: d.prmType, baseUrl: d.prmBaseUrl.trim() === '' ? '' : normalizeBaseUrl(d.prmBaseUrl), model: d.prmModel.trim(),
        params: prmParams, url: d.prmUrl.trim(), ownKey: d.prmOwnKey, output: d.prmOutput, outcome: d.prmOutcome,
      },
      http: { concurrency: concurrency!, timeoutMs: Math.round(timeoutS * 1000), retries: retries! },
    },
  };
}

/**
 * The server a draft describes as far as it goes, for "Test connection" before the draft is
 * complete (the model may still be empty: the test lists the server's models). Never throws;
 * a base URL that is not one is left as typed (the probe reports it).
 */
export function looseServer(d: ServerDraft, id: string, kind: ServerKind | null): LiveServer {
  const url = (text: string): string => {
    try {
      return normalizeBaseUrl(text);
    } catch {
      return text.trim();
    }
  };
  return {
    id, name: d.name.trim() || id, baseUrl: url(d.baseUrl), model: d.model.trim(), params: parseParamCount(d.params), kind,
    dialect: d.dialect || null, continuation: d.continuation || null, format: d.format, custom: { template: d.template, delimiter: d.delimiter, answerPattern: d.answerPattern },
    prm: { type: d.prmType, baseUrl: d.prmBaseUrl.trim() === '' ? '' : url(d.prmBaseUrl), model: d.prmModel.trim(), params: parseParamCount(d.prmParams), url: d.prmUrl.trim(), ownKey: d.prmOwnKey, output: d.prmOutput, outcome: d.prmOutcome },
    http: { ...DEFAULT_HTTP },
  };
}

