import { describe, expect, it } from 'vitest';
import type { Backend, SampleOptions } from '../search/backend';
import type { DoneEvent, SearchEvent } from '../search/events';
import { createRng } from '../search/rng';
import type { Problem, SearchNode, StepSample } from '../search/types';
import { zeroCompute } from '../search/types';
import { parseBundle, parseBundleText, serializeBundle } from './bundle';
import { RecordingBackend } from './recording-backend';
import { ReplayBackend } from './replay-backend';
import { ScriptedBackend, exampleBundleJson, nodeFrom, rewardOf } from './testing';

const problem: Problem = { id: 'q1', question: 'Pick a path.', answer: '1', dataset: 'gsm8k' };
const opts: SampleOptions = { temperature: 0.8, maxStepTokens: 64, rng: createRng(3) };
const meta = { title: 'Scripted', createdAt: '2026-11-26', source: 'sim' as const };
const visible = ({ text, tokens, terminal, answer, finishReason }: StepSample) => ({ text, tokens, terminal, answer, finishReason });

/**
 * A tiny beam-like search: 4 first steps, score the frontier, keep the best 2 unfinished nodes,
 * give each 2 children, until nothing is left; then 2 whole solutions. Returns what it saw.
 */
async function miniBeam(backend: Backend, p: Problem = problem) {
  const seen: unknown[] = [];
  let next = 0;
  const grow = async (parent: SearchNode | null, n: number) => {
    const res = await backend.expand(p, parent, n, opts);
    seen.push(...res.samples.map(visible));
    return res.samples.map((s) => nodeFrom(next++, s, parent));
  };
  let frontier = await grow(null, 4);
  while (frontier.length > 0) {
    const { rewards } = await backend.score(p, frontier);
    frontier.forEach((node, i) => { node.reward = rewards[i]; });
    seen.push(rewards);
    const keep = frontier.filter((n) => !n.terminal).sort((x, y) => (y.reward ?? 0) - (x.reward ?? 0) || x.id - y.id).slice(0, 2);
    frontier = [];
    for (const node of keep) frontier.push(...(await grow(node, 2)));
  }
  const whole = await backend.complete?.(p, 2, { ...opts, maxDepth: 5 });
  seen.push(whole?.solutions.map((chain) => chain.map(visible)));
  return seen;
}

describe('RecordingBackend', () => {
  it('records a run into a bundle that replays to identical samples and rewards', async () => {
    const recorder = new RecordingBackend(new ScriptedBackend(), { meta });
    const live = await miniBeam(recorder);
    expect(live).toEqual(await miniBeam(new ScriptedBackend())); // recording changes nothing
    const bundle = parseBundleText(serializeBundle(recorder.toBundle()));
    const replay = new ReplayBackend(bundle, 'q1');
    expect(await miniBeam(replay)).toEqual(live);
    const { asked, served } = replay.coverage();
    expect(served).toBe(asked);
    expect(asked).toBeGreaterThan(10);
  });

  it('works the same over an asynchronous backend, and stays synchronous over a synchronous one', async () => {
    const recorder = new RecordingBackend(new ScriptedBackend({ async: true }), { meta });
    const live = await miniBeam(recorder);
    expect(await miniBeam(new ReplayBackend(recorder.toBundle(), 'q1'))).toEqual(live);
    const sync = new RecordingBackend(new ScriptedBackend(), { meta });
    expect(sync.expand(problem, null, 1, opts)).not.toBeInstanceOf(Promise);
  });

  it('gives new ids n1, n2, … in order, parents from the prefix, rewards on score, and wraps refs', () => {
    const recorder = new RecordingBackend(new ScriptedBackend(), { meta, grade: (a, p) => a === p.answer });
    const roots = recorder.expand(problem, null, 3, opts) as { samples: StepSample[] };
    expect(roots.samples[0].ref).toEqual({ poolId: 'n1', inner: { scripted: 's.0' } });
    const r2 = nodeFrom(2, roots.samples[2], null);
    const kids = (recorder.expand(problem, r2, 2, opts) as { samples: StepSample[] }).samples.map((s, i) => nodeFrom(3 + i, s, r2));
    const leaves = (recorder.expand(problem, kids[1], 2, opts) as { samples: StepSample[] }).samples.map((s, i) => nodeFrom(5 + i, s, kids[1]));
    recorder.score(problem, [r2, leaves[1]]);
    const pool = recorder.toBundle().pools[0];
    expect(pool).toMatchObject({ problemId: 'q1', policy: 'scripted-1B', prm: 'scripted-prm', sampling: { temperature: 0.8, maxStepTokens: 64 } });
    expect(pool.nodes).toEqual([
      { id: 'n1', parent: null, text: 's.0', tokens: 3, reward: null, terminal: false },
      { id: 'n2', parent: null, text: 's.1', tokens: 4, reward: null, terminal: false },
      { id: 'n3', parent: null, text: 's.2', tokens: 5, reward: rewardOf('s.2'), terminal: false, finishReason: 'length' },
      { id: 'n4', parent: 'n3', text: 's.2.0', tokens: 3, reward: null, terminal: false },
      { id: 'n5', parent: 'n3', text: 's.2.1', tokens: 4, reward: null, terminal: false },
      { id: 'n6', parent: 'n5', text: 's.2.1.0', tokens: 3, reward: null, terminal: true, answer: '0', correct: false },
      { id: 'n7', parent: 'n5', text: 's.2.1.1', tokens: 4, reward: rewardOf('s.2.1.1'), terminal: true, answer: '1', correct: true },
    ]);
  });

  it('hands the wrapped backend its own refs on the prefix and every ancestor', () => {
    const scripted = new ScriptedBackend({ depth: 5 });
    const recorder = new RecordingBackend(scripted, { meta });
    let node: SearchNode | null = null;
    for (let id = 0; id < 4; id++) {
      const res = recorder.expand(problem, node, 1, opts) as { samples: StepSample[] };
      node = nodeFrom(id, res.samples[0], node);
    }
    expect(scripted.calls).toEqual(['expand root 1', 'expand s.0 1', 'expand s.0.0 1', 'expand s.0.0.0 1']);
    recorder.score(problem, [node as SearchNode]);
    expect(scripted.calls.at(-1)).toBe('score s.0.0.0.0');
    // The control: the scripted backend does notice a wrapped ref.
    expect(() => scripted.expand(problem, node, 1, opts)).toThrow('carries a ref it did not make');
  });

  it('refuses a prefix it did not return, and offers complete only when the wrapped backend does', () => {
    const recorder = new RecordingBackend(new ScriptedBackend(), { meta });
    const stranger = nodeFrom(5, { text: 'x', tokens: 1, terminal: false, finishReason: 'stop', ref: { scripted: 'x' } }, null);
    expect(() => recorder.expand(problem, stranger, 1, opts)).toThrow('RecordingBackend: run node 5 was not returned by this recorder for this problem');
    const scripted = new ScriptedBackend({ prm: false });
    const bare: Backend = { describe: () => scripted.describe(), expand: (...a) => scripted.expand(...a), score: (...a) => scripted.score(...a) };
    const noComplete = new RecordingBackend(bare, { meta });
    expect(noComplete.complete).toBeUndefined();
    noComplete.expand(problem, null, 1, opts);
    const bundle = noComplete.toBundle();
    expect(bundle.pools[0].prm).toBeNull();
    expect(Object.keys(bundle.models)).toEqual(['scripted-1B']);
  });

  it('attaches runs, taking the result from the final done event', () => {
    const recorder = new RecordingBackend(new ScriptedBackend(), { meta });
    recorder.expand(problem, null, 1, opts);
    const done: DoneEvent = { type: 'done', answer: '1', correct: true, solutions: 1, nodes: 1, compute: zeroCompute() };
    const events: SearchEvent[] = [{ type: 'expand', parent: null, n: 1, compute: zeroCompute() }, done];
    const id = recorder.addRun({ problemId: 'q1', strategy: { name: 'greedy', params: {} }, seed: 1, events });
    const { type: _type, ...result } = done;
    expect(recorder.toBundle().runs).toEqual([{ id, problemId: 'q1', strategy: { name: 'greedy', params: {} }, seed: 1, events, result }]);
    expect(() => recorder.addRun({ problemId: 'q1', strategy: { name: 'greedy', params: {} }, seed: 1, events: events.slice(0, 1) })).toThrow('the last event is not `done`');
  });

  it('notes a change of sampling settings in the bundle', () => {
    const recorder = new RecordingBackend(new ScriptedBackend(), { meta: { ...meta, notes: 'first' } });
    recorder.expand(problem, null, 1, opts);
    recorder.expand(problem, null, 1, { ...opts, temperature: 0 });
    expect(recorder.warnings).toHaveLength(1);
    expect(recorder.toBundle().meta.notes).toBe(`first\n${recorder.warnings[0]}`);
  });

  it('passes a replay\'s shortfall through when recording a replay', () => {
    const source = parseBundle(exampleBundleJson());
    const recorder = new RecordingBackend(new ReplayBackend(source, 'p1'), { meta });
    const res = recorder.expand(source.problems[0], null, 5, opts) as { samples: StepSample[]; shortfall?: number };
    expect(res.samples.map((s) => s.text)).toEqual(source.pools[0].nodes.filter((n) => n.parent === null).map((n) => n.text));
    expect(res.shortfall).toBe(2);
  });
});
