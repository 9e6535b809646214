/**
 * The sim behind the server: from prompt text back to a sim problem and path, and from a path
 * forward to the text a sim policy writes next. See docs/serve-sim.md, "How a prompt maps to the sim".
 *
 * A prompt is read as: anything, the problem's question (or its id), anything without a step
 * header (a template), then the solution so far — steps `Step 1: …`, `Step 2: …` separated by
 * whitespace, the step delimiter or PRM tags — and possibly the start of the next step.
 * Each step must be one the sim could have written there: the server first looks in a cache of
 * the steps it generated itself (exact identity, even where two outcomes read the same), then
 * lists every step any sim policy could write after the path so far (`outcomes.ts`). A step
 * found neither way is refused with a 400 that quotes it; the server never invents a path.
 */
import type { Rng } from '../../search/rng';
import type { Problem } from '../../search/types';
import { SIM_MODELS, SimBackend, prmQuality, prmReward, type PrmQuality, type PrmSetting, type SimModelId } from '../../sim/index';
import { compileProblem } from '../../sim/phrasing';
import { rootState } from '../../sim/policy';
import { simStructure } from '../../sim/problems';
import type { SimState } from '../../sim/state';
import { HttpError } from './errors';
import { fullStateKey, listOutcomes, outcomeProbabilities, stateKey, truncatedState, type Outcome } from './outcomes';
import { ProblemIndex } from './problem-index';
import { findHeader, forms, leadAfter, skipSeparators, startOf, stepLimit, stripSeparators, wholeAt } from './step-text';
import { tokenCount, tokenize, truncateToTokens } from './tokens';

/** A step found in a prompt: where it is and the sim state after it. */
export interface PathStep {
  start: number;
  end: number;
  text: string;
  state: SimState;
}

export interface ParsedPrompt {
  problem: Problem;
  /** Index just after the question (or id) in the prompt. */
  questionEnd: number;
  steps: PathStep[];
  /** State after the last step (the root when there is none). */
  state: SimState;
  /** What the model writes before the next step: the delimiter, or what the prompt left of it. */
  lead: string;
  /** The prompt ends inside the next step: its first characters. */
  partial: string;
}

/** One step a generation wrote. `from`/`to` index the generated text; `offset` chars of the step were already in the prompt. */
export interface GeneratedStep {
  parent: SimState;
  text: string;
  state: SimState;
  from: number;
  to: number;
  offset: number;
  /** Natural log of the step's probability at the request's temperature. */
  logprob: number;
}

export interface Generation {
  /** Everything the model would write until its end-of-sequence: steps joined by the delimiter. */
  text: string;
  steps: GeneratedStep[];
}

export interface Finished {
  text: string;
  finishReason: 'stop' | 'length';
  stopReason: string | null;
  /** Completion tokens generated (the stop string included, as vLLM counts it). */
  tokens: number;
  /** Those tokens' pieces (the tokenizer's cut of the generated text through the stop string). */
  pieces: string[];
  /** Generated characters, through the stop string. */
  end: number;
}

interface CachedStep {
  text: string;
  state: SimState;
  truncated: boolean;
}

/** Cached steps past this count are all forgotten (a test server must not grow without bound). */
const MAX_CACHED = 200_000;
/** Outcome lists kept (each ~15 steps); past this all are forgotten. */
const MAX_OUTCOME_LISTS = 50_000;
const EXCERPT = 60;

function excerpt(s: string): string {
  return JSON.stringify(s.length > EXCERPT ? s.slice(0, EXCERPT) + '…' : s);
}

export class SimWorld {
  readonly problems = new ProblemIndex();
  private readonly backends = new Map<SimModelId, SimBackend>();
  private readonly quality: PrmQuality;
  private readonly cache = new Map<string, CachedStep[]>();
  private cachedCount = 0;
  /**
   * `listOutcomes` by problem, model and parent state. Reading a prompt lists the outcomes of
   * every step on its path, and the next depth's prompts repeat that path: without this, a
   * request's CPU grows with its depth (and it is most of serve-sim's work per request).
   */
  private readonly outcomeLists = new Map<string, Outcome[]>();

  constructor(readonly delimiter: string, prm: PrmSetting) {
    this.quality = prmQuality(prm);
  }

  backend(model: SimModelId): SimBackend {
    let b = this.backends.get(model);
    if (!b) {
      b = new SimBackend({ policy: model, prm: null });
      this.backends.set(model, b);
    }
    return b;
  }

  root(problem: Problem): SimState {
    return rootState(compileProblem(simStructure(problem)));
  }

  /** The sim PRM's reward of the last step of the path ending in `state`. */
  reward(state: SimState): number {
    return prmReward(state, this.quality);
  }

  /** Every step `model` could write after `parent` (a shared list: do not change it). */
  outcomes(problem: Problem, model: SimModelId, parent: SimState): readonly Outcome[] {
    const key = `${problem.id}|${model}|${fullStateKey(parent)}`;
    let list = this.outcomeLists.get(key);
    if (!list) {
      list = listOutcomes(this.backend(model), model, problem, parent);
      if (this.outcomeLists.size >= MAX_OUTCOME_LISTS) this.outcomeLists.clear();
      this.outcomeLists.set(key, list);
    }
    return list;
  }

  /** Read a prompt; `models` says whose steps to try, the generating model first. Throws HttpError 400. */
  parse(prompt: string, models: readonly SimModelId[]): ParsedPrompt {
    const found = this.problems.find(prompt);
    if (!found) {
      throw new HttpError(400, 'serve-sim: the prompt names no sim problem — include the question of a problem of the '
        + "sim's default set word for word, or a sim problem id such as sim-L3-0017", 'BadRequestError', 'prompt');
    }
    const { problem, end: questionEnd } = found;
    const d = this.delimiter;
    const n = prompt.length;
    const steps: PathStep[] = [];
    let state = this.root(problem);
    const done = (lead: string, partial: string): ParsedPrompt => ({ problem, questionEnd, steps, state, lead, partial });
    // Text between the question and the first step is template; with no first step the model starts afresh.
    let pos = this.firstStep(problem, prompt, questionEnd, models);
    if (pos < 0) return done('', '');
    for (;;) {
      const num = state.depth + 1;
      if (this.finished(problem, state)) {
        throw new HttpError(400, `serve-sim: the prompt goes on after the final step (step ${state.depth}, which gives the answer): ${excerpt(prompt.slice(pos))}`, 'BadRequestError', 'prompt');
      }
      let end: number;
      const full = this.matchWhole(problem, state, prompt, pos, models);
      if (full) {
        steps.push({ start: pos, end: full.end, text: full.text, state: full.state });
        state = full.state;
        end = full.end;
      } else {
        const limit = stepLimit(prompt, pos, num + 1, d);
        if (limit < 0) {
          // The prompt ends inside this step: the model is to continue it.
          const piece = prompt.slice(pos);
          if (!models.some((m) => this.outcomes(problem, m, state).some((o) => startOf(piece, o.text)))) throw this.unknownStep(num, piece);
          return done('', piece);
        }
        // A step cut short (by max_tokens) and closed by a separator: it stands as a step of its own.
        const core = stripSeparators(prompt.slice(pos, limit), d);
        const cut = this.matchCut(problem, state, core, models);
        if (!cut) throw this.unknownStep(num, prompt.slice(pos, limit));
        end = pos + core.length;
        steps.push({ start: pos, end, text: core, state: cut });
        state = cut;
      }
      const next = skipSeparators(prompt, end, d);
      if (next === n) return done(this.finished(problem, state) ? '' : leadAfter(prompt.slice(end), d), '');
      pos = next;
    }
  }

  /** The states after each of `texts`, read as consecutive steps of `problem` (the plain JSON PRM). */
  parseSteps(problem: Problem, texts: readonly string[], models: readonly SimModelId[]): SimState[] {
    let state = this.root(problem);
    return texts.map((raw, i) => {
      const core = stripSeparators(raw.trimStart(), this.delimiter);
      if (this.finished(problem, state)) throw new HttpError(400, `serve-sim: steps[${i}] comes after the final step`, 'BadRequestError', 'steps');
      const full = this.matchWhole(problem, state, core, 0, models);
      const next = full && full.end === core.length ? full.state : this.matchCut(problem, state, core, models);
      if (!next) throw new HttpError(400, `serve-sim: steps[${i}] (${excerpt(core)}) is not a step the sim could write there`, 'BadRequestError', 'steps');
      state = next;
      return state;
    });
  }

  /**
   * What `model` writes after the prompt at temperature T: step after step, joined by the
   * delimiter, until its end-of-sequence — or until the text already holds a stop string or more
   * than `maxTokens` tokens, since nothing after that can be returned. `withLogprobs` also works
   * out each step's probability (a little extra work per step).
   */
  generate(parsed: ParsedPrompt, model: SimModelId, temperature: number, rng: Rng, opts: { withLogprobs: boolean; stops: readonly string[]; maxTokens: number }): Generation {
    const { withLogprobs, stops, maxTokens } = opts;
    const { problem } = parsed;
    let parent = parsed.state;
    if (this.finished(problem, parent)) return { text: '', steps: [] };
    const sampler = this.backend(model).sampler(problem, temperature);
    const steps: GeneratedStep[] = [];
    let text = parsed.lead;
    let partial = parsed.partial;
    for (;;) {
      let stepText: string;
      let state: SimState;
      let logprob = 0;
      let emitted: string;
      if (partial) {
        ({ text: stepText, emitted, state, logprob } = this.continuePartial(problem, model, parent, partial, temperature, rng));
      } else {
        const s = sampler.step(parent, rng, Number.POSITIVE_INFINITY);
        stepText = emitted = s.text;
        state = s.ref as SimState;
        if (withLogprobs) logprob = this.logprobOf(problem, model, parent, state, temperature);
      }
      const from = text.length;
      text += emitted;
      steps.push({ parent, text: stepText, state, from, to: text.length, offset: stepText.length - emitted.length, logprob });
      partial = '';
      if (this.finished(problem, state)) return { text, steps };
      text += this.delimiter;
      if (stops.some((x) => x !== '' && text.includes(x)) || tokenCount(text) > maxTokens) return { text, steps };
      parent = state;
    }
  }

  /** Cache the steps the returned text holds, so continuing them finds exactly these states. */
  remember(problem: Problem, gen: Generation, fin: Finished): void {
    for (const s of gen.steps) {
      if (s.to <= fin.end) {
        this.store(problem, s.parent, { text: s.text, state: s.state, truncated: false });
      } else {
        if (fin.finishReason === 'length' && s.from < fin.end) {
          const cut = (s.text.slice(0, s.offset) + gen.text.slice(s.from, fin.end)).trimEnd();
          if (cut) this.store(problem, s.parent, { text: cut, state: truncatedState(s.parent, s.state), truncated: true });
        }
        return;
      }
    }
  }

  /** The path ending in `s` has given its answer. */
  finished(problem: Problem, s: SimState): boolean {
    return s.op >= simStructure(problem).ops.length;
  }

  private continuePartial(problem: Problem, model: SimModelId, parent: SimState, partial: string, temperature: number, rng: Rng): { text: string; emitted: string; state: SimState; logprob: number } {
    const fits: { o: Outcome; rest: string }[] = [];
    for (const o of this.outcomes(problem, model, parent)) {
      const s = startOf(partial, o.text);
      if (s) fits.push({ o, rest: s.form.slice(s.used) });
    }
    if (fits.length === 0) throw this.unknownStep(parent.depth + 1, partial, model);
    const backend = this.backend(model);
    const outcomes = fits.map((f) => f.o);
    let p = outcomeProbabilities(backend, problem, parent, outcomes, temperature);
    let total = p.reduce((a, b) => a + b, 0);
    if (!(total > 0)) {
      // Greedy, and the greedy step does not fit what the prompt started: the likeliest step that does.
      const p1 = outcomeProbabilities(backend, problem, parent, outcomes, 1);
      const best = p1.indexOf(Math.max(...p1));
      p = p1.map((_, i) => (i === best ? 1 : 0));
      total = 1;
    }
    let i = 0;
    if (temperature > 0) {
      let u = rng.next() * total;
      while (i < fits.length - 1 && (u -= p[i]) >= 0) i++;
    } else {
      i = p.indexOf(Math.max(...p));
    }
    return { text: fits[i].o.text, emitted: fits[i].rest, state: fits[i].o.state, logprob: Math.log(p[i] / total) };
  }

  private logprobOf(problem: Problem, model: SimModelId, parent: SimState, state: SimState, temperature: number): number {
    const all = this.outcomes(problem, model, parent);
    const p = outcomeProbabilities(this.backend(model), problem, parent, all, temperature);
    const i = all.findIndex((o) => o.state.hash === state.hash);
    return i >= 0 ? Math.log(p[i]) : 0;
  }

  /** Where the first step begins after the question: its header, or failing that the text of a first step without it. */
  private firstStep(problem: Problem, prompt: string, from: number, models: readonly SimModelId[]): number {
    const h = findHeader(prompt, from, 1);
    if (h >= 0) return h;
    let best = -1;
    const root = this.root(problem);
    for (const m of models) {
      for (const o of this.outcomes(problem, m, root)) {
        const body = forms(o.text).at(-1)!;
        for (let i = prompt.indexOf(body.slice(0, 24), from); i >= 0 && (best < 0 || i < best); i = prompt.indexOf(body.slice(0, 24), i + 1)) {
          if (wholeAt(prompt, i, o.text, this.delimiter) >= 0) {
            best = i;
            break;
          }
        }
      }
      if (best >= 0) return best;
    }
    return best;
  }

  /** The step at `pos` that reaches furthest: a step this server wrote (cache), else one of the models' possible steps. */
  private matchWhole(problem: Problem, parent: SimState, s: string, pos: number, models: readonly SimModelId[]): { end: number; text: string; state: SimState } | null {
    let best: { end: number; text: string; state: SimState } | null = null;
    const consider = (text: string, state: SimState) => {
      const end = wholeAt(s, pos, text, this.delimiter);
      if (end >= 0 && (!best || end > best.end)) best = { end, text, state };
    };
    for (const c of this.cached(problem, parent)) if (!c.truncated) consider(c.text, c.state);
    for (const m of models) {
      for (const o of this.outcomes(problem, m, parent)) consider(o.text, o.state);
      if (best) return best;
    }
    return best;
  }

  /** A step cut short by max_tokens: the start of a step the sim could write. */
  private matchCut(problem: Problem, parent: SimState, core: string, models: readonly SimModelId[]): SimState | null {
    if (core.trim() === '') return null;
    for (const c of this.cached(problem, parent)) if (c.truncated && c.text === core) return c.state;
    for (const m of models) {
      const all = this.outcomes(problem, m, parent).filter((o) => startOf(core, o.text));
      if (all.length === 0) continue;
      // Several steps start alike; the likeliest one stands for the cut.
      const p = outcomeProbabilities(this.backend(m), problem, parent, all, 1);
      return truncatedState(parent, all[p.indexOf(Math.max(...p))].state);
    }
    return null;
  }

  private unknownStep(num: number, text: string, model?: SimModelId): HttpError {
    const who = model ?? 'any sim model';
    return new HttpError(400, `serve-sim: step ${num} of the prompt (${excerpt(text)}) is not a step ${who} could write after the steps before it `
      + '— serve-sim continues and scores only solutions of the sim (see docs/serve-sim.md)', 'BadRequestError', 'prompt');
  }

  private cached(problem: Problem, parent: SimState): readonly CachedStep[] {
    return this.cache.get(`${problem.id}|${stateKey(parent)}`) ?? [];
  }

  private store(problem: Problem, parent: SimState, step: CachedStep): void {
    const key = `${problem.id}|${stateKey(parent)}`;
    const list = this.cache.get(key);
    if (list?.some((c) => c.text === step.text && c.truncated === step.truncated)) return;
    if (this.cachedCount >= MAX_CACHED) {
      this.cache.clear();
      this.cachedCount = 0;
    }
    if (list && this.cache.has(key)) list.push(step);
    else this.cache.set(key, [step]);
    this.cachedCount++;
  }
}

/** Apply stop strings and max_tokens to what the model would write, as vLLM does. */
export function finish(gen: string, stops: readonly string[], maxTokens: number, includeStop: boolean): Finished {
  let best: { i: number; e: number; s: string } | null = null;
  for (const s of stops) {
    if (!s) continue;
    const i = gen.indexOf(s);
    if (i < 0) continue;
    const e = i + s.length;
    // vLLM checks after every token, so the stop string that is complete first wins.
    if (!best || e < best.e || (e === best.e && i < best.i)) best = { i, e, s };
  }
  const done = best ? tokenize(gen.slice(0, best.e)) : tokenize(gen);
  if (done.pieces.length <= maxTokens) {
    const tokens = done.pieces.length;
    if (best) return { text: includeStop ? gen.slice(0, best.e) : gen.slice(0, best.i), finishReason: 'stop', stopReason: best.s, tokens, pieces: done.pieces, end: best.e };
    return { text: gen, finishReason: 'stop', stopReason: null, tokens, pieces: done.pieces, end: gen.length };
  }
  const text = truncateToTokens(gen, maxTokens);
  const pieces = tokenize(text).pieces;
  return { text, finishReason: 'length', stopReason: null, tokens: pieces.length, pieces, end: text.length };
}

/** Every sim policy model, `first` first: whose steps a prompt may hold. */
export function modelOrder(first: SimModelId): SimModelId[] {
  return [first, ...SIM_MODELS.map((m) => m.id).filter((id) => id !== first)];
}
