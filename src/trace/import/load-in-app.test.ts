/**
 * The app's file loader (src/workers/bundle-file.ts `readBundleFile`, used by the Explorer's and
 * Scaling's workers) opens other tools' files through importAny, and a trace bundle exactly as
 * before. Tested here, beside the importers it now calls.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBundleFile, summarizeBundle } from '../../workers/bundle-file';
import { parseBundleText, serializeBundle } from '../bundle';

const data = (name: string) => new URL(`../../../../shared/data/${name}`, import.meta.url);
const fixture = readFileSync(new URL('../../../fixtures/sim-mcts.trace.json', import.meta.url), 'utf8');

describe('readBundleFile (the browser\'s load path) with importable files', () => {
  it('opens the real gzip compute-optimal-TTS file (DecompressionStream) as 500 problems', async () => {
    const bytes = readFileSync(data('cotts_math500_best_of_n_qwen15b_mathshepherd.jsonl.gz'));
    const bundle = await readBundleFile('cotts.jsonl.gz', new Uint8Array(bytes));
    const summary = summarizeBundle('k', 'cotts.jsonl.gz', bundle);
    expect(summary).toMatchObject({ title: 'cotts.jsonl.gz', source: 'import:openr-records', nodeCount: 10452 });
    expect(summary.problems).toHaveLength(500);
    expect(summary.notes).toContain('temperature is not recorded');
  });

  it('opens PRM800K label lines and OpenAI\'s scored sample from their text', async () => {
    const prm = await readBundleFile('labels.jsonl', readFileSync(data('prm800k_label_examples.jsonl'), 'utf8'));
    expect(prm.pools.map((p) => p.nodes.length)).toEqual([15, 10, 11, 13, 14, 12]);
    const scored = await readBundleFile('sample.json', new Uint8Array(readFileSync(data('openai_scored_test_sample_example.json'))).buffer);
    expect(scored.problems[0].answer).toBe('-2+7i');
  });

  it('still loads a bundle exactly, plain or gzip, and still names a bundle\'s fault by its JSON path', async () => {
    const plain = await readBundleFile('sim-mcts.trace.json', fixture);
    const gz = await readBundleFile('sim-mcts.json.gz', new Uint8Array(gzipSync(fixture)));
    expect(serializeBundle(plain)).toBe(serializeBundle(parseBundleText(fixture)));
    expect(serializeBundle(gz)).toBe(serializeBundle(plain));
    const bad = JSON.parse(fixture);
    bad.pools[0].nodes[3].reward = 1.3;
    await expect(readBundleFile('bad.json', JSON.stringify(bad))).rejects.toThrow(/^bad\.json: pools\[0\]\.nodes\[3\]\.reward: .*1\.3/);
  });

  it('names the file, line and field of a malformed import', async () => {
    const lines = readFileSync(data('prm800k_label_examples.jsonl'), 'utf8').split('\n');
    const broken = JSON.parse(lines[2]);
    broken.label.steps[1].completions[0].rating = 5;
    await expect(readBundleFile('labels.jsonl', [lines[0], lines[1], JSON.stringify(broken)].join('\n')))
      .rejects.toThrow('labels.jsonl: prm800k: line 3: label.steps[1].completions[0].rating: must be -1, 0, 1 or null (got 5)');
  });
});
