/**
 * Ready-made scripted trees for the fake backend: a pseudo-random but deterministic tree keyed on
 * node paths, a table tree for hand-written cases, and a helper to fill in a step.
 */
import { hashSeed } from '../rng';
import type { FakeStep, FakeTree } from './fake-backend';

/** A step with defaults for what a test does not care about. */
export function fakeStep(partial: Partial<FakeStep> = {}): FakeStep {
  const terminal = partial.terminal ?? false;
  return {
    text: partial.text ?? (terminal ? `The answer is ${partial.answer ?? '?'}` : 'a step'),
    tokens: partial.tokens ?? 10,
    terminal,
    ...(partial.answer !== undefined ? { answer: partial.answer } : {}),
    reward: partial.reward ?? 0.5,
    ...(partial.finishReason ? { finishReason: partial.finishReason } : {}),
  };
}

export interface HashTreeOptions {
  /** Tree seed (default 1): a different seed is a different tree. */
  seed?: number;
  /** No step before this depth is terminal (default 2). */
  minDepth?: number;
  /** Every step at this depth is terminal (default 6); set it above a strategy's maxDepth to test cut-offs. */
  terminalDepth?: number;
  /** Chance that a step from minDepth on is terminal (default 0.3). */
  pTerminal?: number;
  /** Answers of terminal steps (default '2', '3', '4'). */
  answers?: readonly string[];
  /** Draw rewards and answers from the run's rng (so the run depends on its seed) instead of the path. */
  useRng?: boolean;
  /** Children each node has; null = unlimited (default). A replay-like shortfall past it. */
  maxChildren?: number | null;
}

/**
 * A deterministic pseudo-random tree: each node's terminal flag, reward, answer and token count
 * come from a hash of its path (or, with `useRng`, rewards and answers from the run's rng).
 */
export function hashTree(options: HashTreeOptions = {}): FakeTree {
  const seed = options.seed ?? 1;
  const minDepth = options.minDepth ?? 2;
  const terminalDepth = options.terminalDepth ?? 6;
  const pTerminal = options.pTerminal ?? 0.3;
  const answers = options.answers ?? ['2', '3', '4'];
  const maxChildren = options.maxChildren ?? null;
  return (path, ctx) => {
    if (maxChildren !== null && path[path.length - 1] >= maxChildren) return null;
    const key = path.join('.');
    const u = (label: string) => hashSeed(seed, `${key}/${label}`) / 4294967296;
    const depth = path.length;
    const terminal = depth >= terminalDepth || (depth >= minDepth && u('t') < pTerminal);
    const reward = options.useRng ? ctx.rng.next() : u('r');
    const answer = terminal ? answers[Math.floor((options.useRng ? ctx.rng.next() : u('a')) * answers.length)] : undefined;
    return fakeStep({ text: terminal ? `The answer is ${answer}` : `step ${key}`, tokens: 5 + Math.floor(u('k') * 20), terminal, answer, reward });
  };
}

/**
 * A hand-written tree: `table['0.1']` is the second child of the first first-step. Paths not in
 * the table come from `fallback`, or do not exist (the parent has no more children).
 */
export function tableTree(table: Readonly<Record<string, Partial<FakeStep>>>, fallback?: FakeTree): FakeTree {
  return (path, ctx) => {
    const entry = table[path.join('.')];
    if (entry) return fakeStep(entry);
    return fallback ? fallback(path, ctx) : null;
  };
}

/** Every node has children; a node is terminal exactly at `depth`, with the given answer and reward. */
export function uniformTree(depth: number, answer = '2', reward = 0.5): FakeTree {
  return (path) => fakeStep({ terminal: path.length >= depth, ...(path.length >= depth ? { answer } : {}), reward });
}
