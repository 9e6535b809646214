import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../testing/fake-backend';
import { tableTree, uniformTree } from '../testing/fake-trees';
import { ofType, record } from '../testing/record';
import type { ScoreAgg, VoteRule } from '../aggregate';
import type { StrategySpec } from './spec';

const greedySpec: StrategySpec = { name: 'greedy', params: { maxDepth: 25 } };
const sampleSpec = (n: number, aggregate: 'majority' | 'best-of-n' | 'weighted-majority', scoreAgg: ScoreAgg = 'last', voteRule: VoteRule = 'official'): StrategySpec => ({
  name: 'sample', params: { n, aggregate, scoreAgg, voteRule, temperature: 1, maxDepth: 25 },
});

describe.each([false, true])('greedy (native complete: %s)', (complete) => {
  it('samples one solution at temperature 0 and answers with it, scoring nothing', async () => {
    const fake = new FakeBackend(uniformTree(3, '2'), { complete });
    const { events, done } = await record(greedySpec, fake);
    expect(fake.calls.filter((c) => c.method !== 'score').every((c) => c.temperature === 0)).toBe(true);
    expect(fake.calls.some((c) => c.method === 'score')).toBe(false);
    expect(done).toMatchObject({ answer: '2', correct: true, solutions: 1, nodes: 3 });
    expect(ofType(events, 'node').map((e) => e.depth)).toEqual([1, 2, 3]);
  });

  it('gives no answer when the solution is cut off at maxDepth, and says so', async () => {
    const fake = new FakeBackend(uniformTree(10), { complete });
    const { events, done } = await record({ name: 'greedy', params: { maxDepth: 4 } }, fake);
    expect(done).toMatchObject({ answer: null, correct: false, solutions: 0, nodes: 4 });
    expect(ofType(events, 'prune')).toMatchObject([{ ids: [3], reason: 'max-depth' }]);
  });
});

/** First steps that are whole solutions with the given answers and rewards. */
const oneStepSolutions = (answers: string[], rewards?: number[]) =>
  tableTree(Object.fromEntries(answers.map((a, i) => [String(i), { terminal: true, answer: a, reward: rewards?.[i] ?? 0.5 }])));

describe.each([false, true])('sampling (native complete: %s)', (complete) => {
  // The official rule (math_evaluate.py): a 2–2 tie goes to the answer that reached 2 votes first.
  it('majority voting breaks a 2–2 tie in favour of the answer first to reach 2 (official), and scores nothing', async () => {
    const a = new FakeBackend(oneStepSolutions(['5', '7', '7', '5']), { complete });
    expect((await record(sampleSpec(4, 'majority'), a)).done.answer).toBe('7');
    expect(a.calls.some((c) => c.method === 'score')).toBe(false);
    const b = new FakeBackend(oneStepSolutions(['7', '5', '5', '7']), { complete });
    expect((await record(sampleSpec(4, 'majority'), b)).done.answer).toBe('5');
  });

  it('majority voting under first-vote ties breaks the same 2–2 tie in favour of the answer voted first', async () => {
    const a = new FakeBackend(oneStepSolutions(['5', '7', '7', '5']), { complete });
    expect((await record(sampleSpec(4, 'majority', 'last', 'first-vote'), a)).done.answer).toBe('5');
    const b = new FakeBackend(oneStepSolutions(['7', '5', '5', '7']), { complete });
    expect((await record(sampleSpec(4, 'majority', 'last', 'first-vote'), b)).done.answer).toBe('7');
  });

  // Finished solutions with no extractable answer (the fake gives `answer` undefined) are the
  // official script's "[invalid]" class: it votes, can win, and is graded wrong.
  const unanswered = (answers: (string | null)[], rewards?: number[]) =>
    tableTree(Object.fromEntries(answers.map((a, i) => [String(i), { terminal: true, text: a === null ? 'I give up.' : `The answer is ${a}`, ...(a === null ? {} : { answer: a }), reward: rewards?.[i] ?? 0.5 }])));

  it('an [invalid] class of unanswered solutions wins a majority under the official rule and is graded wrong', async () => {
    const { done, events } = await record(sampleSpec(5, 'majority'), new FakeBackend(unanswered([null, '2', null, '2', null]), { complete }));
    expect(done).toMatchObject({ answer: '[invalid]', correct: false, solutions: 5 });
    const [vote] = ofType(events, 'vote');
    expect(vote.buckets.map((b) => [b.key, b.count])).toEqual([['[invalid]', 3], ['2', 2]]);
    expect(vote).toMatchObject({ winner: '[invalid]', rule: 'official', picks: { majority: '[invalid]' } });
  });

  it('the same unanswered solutions cast no vote under first-vote ties, so the gold answer wins', async () => {
    const { done, events } = await record(sampleSpec(5, 'majority', 'last', 'first-vote'), new FakeBackend(unanswered([null, '2', null, '2', null]), { complete }));
    expect(done).toMatchObject({ answer: '2', correct: true, solutions: 5 });
    const [vote] = ofType(events, 'vote');
    expect(vote.buckets.map((b) => [b.key, b.count])).toEqual([['2', 2]]);
    expect(vote.rule).toBe('first-vote');
  });

  it('best-of-N picks an unanswered solution with the highest score under the official rule (graded wrong), skips it under first-vote', async () => {
    const tree = () => unanswered(['2', null, '3'], [0.6, 0.9, 0.7]);
    const official = await record(sampleSpec(3, 'best-of-n'), new FakeBackend(tree(), { complete }));
    expect(official.done).toMatchObject({ answer: '[invalid]', correct: false });
    expect(ofType(official.events, 'select').at(-1)?.ids).toEqual([ofType(official.events, 'node')[1].id]);
    // The unanswered solution was scored: the official script weighs it like any other.
    expect(ofType(official.events, 'score')).toHaveLength(3);
    const firstVote = await record(sampleSpec(3, 'best-of-n', 'last', 'first-vote'), new FakeBackend(tree(), { complete }));
    expect(firstVote.done).toMatchObject({ answer: '3', correct: false });
    expect(ofType(firstVote.events, 'score')).toHaveLength(2);
  });

  it('majority and weighted majority disagree when the rarer answer has the higher rewards', async () => {
    const tree = () => oneStepSolutions(['5', '7', '5'], [0.3, 0.9, 0.3]);
    expect((await record(sampleSpec(3, 'majority'), new FakeBackend(tree(), { complete }))).done.answer).toBe('5');
    const { events, done } = await record(sampleSpec(3, 'weighted-majority'), new FakeBackend(tree(), { complete }));
    expect(done.answer).toBe('7');
    const [vote] = ofType(events, 'vote');
    expect(vote.buckets.map((b) => [b.key, b.count, +b.weight.toFixed(6)])).toEqual([['5', 2, 0.6], ['7', 1, 0.9]]);
  });

  // Four two-step solutions; each step aggregation crowns a different one:
  //   '1': [0.2, 0.9]  last 0.9  min 0.2   mean 0.55   prod 0.18
  //   '2': [0.6, 0.7]  last 0.7  min 0.6   mean 0.65   prod 0.42
  //   '3': [1.0, 0.4]  last 0.4  min 0.4   mean 0.7    prod 0.4
  //   '4': [0.55, 0.8] last 0.8  min 0.55  mean 0.675  prod 0.44
  const twoStep = () => tableTree({
    '0': { reward: 0.2 }, '0.0': { terminal: true, answer: '1', reward: 0.9 },
    '1': { reward: 0.6 }, '1.0': { terminal: true, answer: '2', reward: 0.7 },
    '2': { reward: 1.0 }, '2.0': { terminal: true, answer: '3', reward: 0.4 },
    '3': { reward: 0.55 }, '3.0': { terminal: true, answer: '4', reward: 0.8 },
  });
  it.each([['last', '1'], ['min', '2'], ['mean', '3'], ['prod', '4']] as const)('best-of-N with scoreAgg %s picks the best path score (answer %s)', async (scoreAgg, want) => {
    const fake = new FakeBackend(twoStep(), { complete });
    const { events, done } = await record(sampleSpec(4, 'best-of-n', scoreAgg), fake);
    expect(done.answer).toBe(want);
    const [pick] = ofType(events, 'select');
    expect(pick.reason).toBe('best-of-n');
    const scored = fake.calls.filter((c) => c.method === 'score').flatMap((c) => c.ids ?? []);
    // 'last' needs only the four final steps; the others need all eight steps.
    expect(scored.length).toBe(scoreAgg === 'last' ? 4 : 8);
  });

  it('does not count unfinished solutions as votes', async () => {
    const tree = tableTree({ '0': { terminal: true, answer: '3', reward: 0.2 } }, uniformTree(99));
    const { done } = await record({ name: 'sample', params: { n: 3, aggregate: 'weighted-majority', scoreAgg: 'last', voteRule: 'official', temperature: 1, maxDepth: 3 } }, new FakeBackend(tree, { complete }));
    expect(done).toMatchObject({ answer: '3', solutions: 1, nodes: 1 + 2 * 3 });
  });
});

describe('sampling without a PRM', () => {
  it('still runs majority voting, but ends best-of-N incomplete instead of guessing', async () => {
    const tree = oneStepSolutions(['4', '4', '2']);
    expect((await record(sampleSpec(3, 'majority'), new FakeBackend(tree, { prm: false }))).done.answer).toBe('4');
    const { done } = await record(sampleSpec(3, 'best-of-n'), new FakeBackend(tree, { prm: false }));
    expect(done.answer).toBeNull();
    expect(done.incomplete?.reason).toMatch(/process reward model/);
    expect(done.nodes).toBe(0);
  });
});
