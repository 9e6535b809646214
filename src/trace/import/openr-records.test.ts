import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../search/rng';
import { parseSpec, runStrategy } from '../../search/strategies/index';
import { parseBundle, serializeBundle } from '../bundle';
import { ReplayBackend } from '../replay-backend';
import { importText } from './import-any';
import { splitTagged } from './openr-records';

// The real data lives beside the repository (../shared/data), never inside it.
const data = (name: string) => new URL(`../../../../shared/data/${name}`, import.meta.url);
const text = new TextDecoder().decode(gunzipSync(readFileSync(data('cotts_math500_best_of_n_qwen15b_mathshepherd.jsonl.gz'))));
const rows = text.trim().split('\n').map((l) => JSON.parse(l));
const math500 = readFileSync(data('math500_test.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { answer: string });
const bundle = importText('openr-records', text, { createdAt: '2026-11-27T00:00:00Z', prm: 'peiyi9979/math-shepherd-mistral-7b-prm' });

describe('openr-records on the compute-optimal-TTS best-of-N file (MATH500, Qwen2.5-1.5B, Math-Shepherd PRM)', () => {
  it('makes one pool per problem with two recorded solutions each, every ки step a node', () => {
    expect(bundle.problems).toHaveLength(500);
    expect(bundle.pools).toHaveLength(500);
    const nodes = bundle.pools.flatMap((p) => p.nodes);
    expect(nodes).toHaveLength(10452);
    expect(bundle.pools.every((p) => p.nodes.filter((n) => n.parent === null).length === 2)).toBe(true);
    expect(nodes.filter((n) => n.terminal)).toHaveLength(1000);
    expect(bundle.meta.source).toBe('import:openr-records');
  });

  it('keeps the gold answer exactly as MATH500 gives it (the last \\boxed{} of the reference solution)', () => {
    expect(bundle.problems[0]).toEqual({ id: 'q0', question: rows[0].question, answer: '\\left( 3, \\frac{\\pi}{2} \\right)' });
    bundle.problems.forEach((p, i) => expect(p.answer).toBe(math500[i].answer));
  });

  it('records the real per-step PRM scores, the extracted answers and the grader verdicts', () => {
    const first = bundle.pools[0].nodes.slice(0, 7);
    expect(first.map((n) => n.reward)).toEqual([0.95751953125, 0.94482421875, 0.95458984375, 0.97509765625, 0.93896484375, 0.931640625, 0.92431640625]);
    expect(first.map((n) => n.parent)).toEqual([null, 'n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
    expect(first[6]).toMatchObject({ terminal: true, answer: '(3,\\frac{\\pi}{2})', correct: true });
    expect(first[0].text).toBe('To convert the rectangular coordinates \\((0,3)\\) to polar coordinates, we need to find the radius \\(r\\) and the angle \\(\\theta\\). The formulas for the conversion are:');
    const terminals = bundle.pools.flatMap((p) => p.nodes.filter((n) => n.terminal));
    expect(terminals.filter((n) => n.correct).length).toBe(495);
    // The two samples of question 97 have an empty extracted_answer: they end without an answer.
    expect(bundle.pools[97].nodes.filter((n) => n.terminal).map((n) => n.answer)).toEqual([undefined, undefined]);
  });

  it('splits each sample\'s real token total over its steps, so totals match the file', () => {
    const tokens = bundle.pools.flatMap((p) => p.nodes).reduce((s, n) => s + n.tokens, 0);
    expect(tokens).toBe(rows.reduce((s, r) => s + r.output[0].completion_tokens, 0));
    expect(tokens).toBe(687113);
    expect(bundle.pools[0].nodes.slice(0, 7).reduce((s, n) => s + n.tokens, 0)).toBe(317);
    expect(bundle.models['qwen2.5-1.5b-instruct']).toEqual({ role: 'policy', name: 'Qwen2.5-1.5B-Instruct', params: 1.54e9 });
    expect(bundle.models['math-shepherd-mistral-7b-prm']).toEqual({ role: 'prm', name: 'Math-Shepherd Mistral-7B PRM', params: 7.24e9 });
    expect(bundle.meta.notes).toContain('split over its steps in proportion to their length');
    expect(bundle.meta.notes).toContain('temperature is not recorded');
  });

  it('round-trips through serializeBundle and parseBundle unchanged', () => {
    const again = parseBundle(JSON.parse(serializeBundle(bundle)));
    expect(serializeBundle(again)).toBe(serializeBundle(bundle));
  });

  // Official rule: best-of-N is a strict > over every finished sample, unanswered ones included (they
  // answer "[invalid]", graded wrong); first-vote leaves the unanswered ones out (question 97: no answer).
  it.each([['official', '[invalid]'], ['first-vote', null]] as const)('replays best-of-2 (last-step score, %s rule) exactly as the recorded scores pick, on all 500 problems', async (voteRule, none) => {
    let recordedCorrect = 0;
    for (let q = 0; q < 500; q++) {
      const samples = rows.filter((r) => r._question_idx === q).map((r) => r.output[0]).filter((o) => voteRule === 'official' || o.extracted_answer !== '');
      const pick = samples.reduce((best, o) => (best === undefined || o.value.at(-1) > best.value.at(-1) ? o : best), undefined);
      const replay = new ReplayBackend(bundle, `q${q}`);
      const done = await runStrategy(bundle.problems[q], replay, parseSpec({ name: 'sample', params: { n: 2, aggregate: 'best-of-n', scoreAgg: 'last', voteRule, maxDepth: 300 } }), { rng: createRng(1) });
      expect(done.answer).toBe(pick === undefined ? null : pick.extracted_answer === '' ? none : pick.extracted_answer);
      if (pick?.extracted_answer === '') expect(done.correct).toBe(false);
      expect(done.incomplete).toBeUndefined();
      // An "[invalid]" pick is graded wrong here, whatever OpenR's grader said of its text.
      if (pick && pick.extracted_answer !== '' && rows.find((r) => r.output[0] === pick).result.majority_vote === 1) recordedCorrect++;
    }
    // With OpenR's own grader verdicts: best-of-2 by the last step's score solves 274 of 500.
    expect(recordedCorrect).toBe(274);
  });
});

describe('openr-records: what the file lacks and malformed records', () => {
  const record = (output: object, extra: object = {}) => JSON.stringify({ question: 'What is 1+1?', groundtruth: 'It is $\\boxed{2}$.', output: [output], ...extra });

  it('splits at ки tags, drops the tag with its space and newline, and keeps untagged trailing text as an unscored step', () => {
    expect(splitTagged('a ки\nb ки\n')).toEqual({ steps: ['a', 'b'], rest: '' });
    const b = importText('openr-records', record({ text: 'One plus one ки\nis two. ки\nThe answer is 2', value: [0.9, 0.8] }), { createdAt: '2026-11-27' });
    expect(b.pools[0].nodes.map((n) => [n.text, n.reward, n.terminal, n.answer])).toEqual([
      ['One plus one', 0.9, false, undefined], ['is two.', 0.8, false, undefined], ['The answer is 2', null, true, '2'],
    ]);
    expect(b.problems[0].answer).toBe('2');
    expect(b.meta.notes).toContain('Token counts are estimated from the text');
  });

  it('uses token_history as exact per-step counts when it has one entry per step (a step-wise search)', () => {
    const b = importText('openr-records', record({ text: 'a ки\nb ки\n', value: [0.5, 0.6], token_history: [7, 9], completion_tokens: 16 }), { createdAt: '2026-11-27' });
    expect(b.pools[0].nodes.map((n) => n.tokens)).toEqual([7, 9]);
  });

  it.each([
    [record({ text: 'a ки\nb ки\n', value: [0.5] }), 'openr-records: line 1: output[0].value: has 1 rewards for 2 ки-tagged steps in output[0].text'],
    [record({ text: 'a ки\n', value: [1.5] }), 'openr-records: line 1: output[0].value[0]: must be a number in [0, 1] (got 1.5)'],
    [record({ text: 'a ки\n', value: ['x'] }), 'openr-records: line 1: output[0].value[0]: must be a number in [0, 1] (got "x")'],
    [record({ value: [0.5] }), 'openr-records: line 1: output[0].text: is missing'],
    [JSON.stringify({ question: 'q', output: [{ text: 'a ки', value: [1] }] }), 'openr-records: line 1: groundtruth: is missing (the gold solution or answer)'],
  ])('%s → one clear error', (line, message) => {
    expect(() => importText('openr-records', line)).toThrow(message);
  });

  it('names the broken line of a JSON Lines file', () => {
    const good = record({ text: 'a ки\n', value: [0.5] });
    expect(() => importText('openr-records', `${good}\n${good}\n{"question": "cut off`)).toThrow(/^openr-records: line 3: not valid JSON/);
  });
});
