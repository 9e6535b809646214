import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BundleError, parseBundleText, serializeBundle } from '../bundle';
import { exampleBundleJson } from '../testing';
import { apportion } from './context';
import { detectFormat } from './detect';
import { importAny, importText } from './import-any';
import { LineSplitter, linesOf } from './lines';

const data = (name: string) => new URL(`../../../../shared/data/${name}`, import.meta.url);
const shared = (name: string) => {
  const bytes = readFileSync(data(name));
  return new TextDecoder().decode(name.endsWith('.gz') ? gunzipSync(bytes) : bytes);
};
const testdata = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
const fixture = readFileSync(new URL('../../../fixtures/sim-rebase.trace.json', import.meta.url), 'utf8');

describe('detectFormat', () => {
  it.each([
    ['cotts_math500_best_of_n_qwen15b_mathshepherd.jsonl.gz', 'openr-records'],
    ['openr_math_aps_mcts_tree_samples.jsonl', 'openr-mcts'],
    ['prm800k_label_examples.jsonl', 'prm800k'],
    ['openai_scored_test_sample_example.json', 'openai-scored'],
    ['math500_test.jsonl', null],
    ['gsm8k_test.jsonl', null],
  ])('recognises the real file %s as %s', (name, format) => {
    expect(detectFormat(shared(name), name)).toBe(format);
  });

  it.each([
    ['rebase-answers.json', 'rebase-answers'],
    ['search-and-learn-best-of-n.jsonl', 'search-and-learn'],
    ['search-and-learn-beam-search.jsonl', 'search-and-learn'],
    ['search-and-learn-dvts.jsonl', 'search-and-learn'],
    ['llm-reasoners-treelog.json', 'llm-reasoners-treelog'],
  ])('recognises the test file %s as %s', (name, format) => {
    expect(detectFormat(testdata(name), name)).toBe(format);
  });

  it('recognises a trace bundle by its format field or its file name', () => {
    expect(detectFormat(fixture)).toBe('bundle');
    expect(detectFormat('not even json', 'broken.trace.json')).toBe('bundle');
    expect(detectFormat('\uFEFF' + shared('prm800k_label_examples.jsonl'))).toBe('prm800k');
  });
});

describe('importAny', () => {
  it('loads a trace bundle exactly as parseBundleText does', () => {
    const { format, bundle } = importAny(fixture, { fileName: 'sim-rebase.trace.json' });
    expect(format).toBe('bundle');
    expect(serializeBundle(bundle)).toBe(serializeBundle(parseBundleText(fixture)));
    expect(importAny(JSON.stringify(exampleBundleJson())).format).toBe('bundle');
  });

  it('gives a broken bundle or an unknown file the bundle reader\'s own error', () => {
    const bad = { ...exampleBundleJson(), version: 2 };
    expect(() => importAny(JSON.stringify(bad), { fileName: 'x.trace.json' })).toThrow(BundleError);
    expect(() => importAny(JSON.stringify(bad))).toThrow('version: unsupported version 2; this build reads version 1');
    const math500 = shared('math500_test.jsonl');
    expect(() => importAny(math500)).toThrow(BundleError);
    let expected = '';
    try {
      parseBundleText(math500);
    } catch (e) {
      expected = (e as Error).message;
    }
    expect(() => importAny(math500)).toThrow(expected);
  });

  it('imports the other formats, titled by the file name', () => {
    const { format, bundle } = importAny(shared('prm800k_label_examples.jsonl'), { fileName: 'data/prm800k_label_examples.jsonl', createdAt: '2026-11-27' });
    expect(format).toBe('prm800k');
    expect(bundle.meta).toMatchObject({ title: 'prm800k_label_examples.jsonl', createdAt: '2026-11-27', source: 'import:prm800k' });
    expect(importAny(testdata('llm-reasoners-treelog.json'), { answer: '5' }).bundle.problems[0].answer).toBe('5');
  });

  it('refuses gzip bytes passed as text, as the bundle reader does', () => {
    const gz = new TextDecoder('latin1').decode(readFileSync(data('cotts_math500_best_of_n_qwen15b_mathshepherd.jsonl.gz')).subarray(0, 100));
    expect(() => importAny(gz)).toThrow('this is gzip-compressed data; decompress it before parsing');
  });

  it('keeps only the first maxProblems problems and says so', () => {
    const b = importText('openr-mcts', shared('openr_math_aps_mcts_tree_samples.jsonl'), { maxProblems: 2, createdAt: '2026-11-27' });
    expect(b.problems.map((p) => p.id)).toEqual(['q0', 'q1']);
    expect(b.meta.notes).toContain('Only the first 2 problems were imported (1 record of other problems skipped).');
  });

  it('says when a file has no records', () => {
    expect(() => importText('prm800k', '\n\n')).toThrow('prm800k: the file holds no records');
  });
});

describe('lines and token shares', () => {
  it('splits streamed chunks into numbered lines, CRLF and a missing final newline included', () => {
    const got: [string, number][] = [];
    const s = new LineSplitter((line, n) => got.push([line, n]));
    for (const chunk of ['{"a"', ':1}\r\n\n{"b":2', '}\n{"c"', ':3}']) s.push(chunk);
    s.end();
    expect(got).toEqual([['{"a":1}', 1], ['', 2], ['{"b":2}', 3], ['{"c":3}', 4]]);
    expect([...linesOf('x\r\n\ny')]).toEqual([['x', 1], ['', 2], ['y', 3]]);
  });

  it('apportions a recorded total exactly, in proportion to the estimated step lengths', () => {
    expect(apportion(10, ['one two', 'one two'])).toEqual([5, 5]);
    const parts = apportion(317, ['a short step', 'a much longer step with many more words in it', '$x^2$']);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(317);
    expect(parts[1]).toBeGreaterThan(parts[0]);
    expect(apportion(0, ['x', 'y'])).toEqual([0, 0]);
  });
});
