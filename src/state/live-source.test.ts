/**
 * The live and recording sources in the Explorer's state: their URL form (a link never starts a
 * live run; a recording link reopens it), what the catalog offers for a live server (sim problems
 * or a dataset, its model, its PRM), the reasons strategies are disabled, and what a reload reads
 * back of the saved servers (never a key unless remembered; broken entries skipped).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseSpec } from '../search/strategies/index';
import { modelsFor, prmModelFor, problemFor, problemsFor, usesSimProblems } from './catalog';
import { DEFAULT_PARAMS, type ExplorerParams } from './explorer-store';
import { live, setLiveFetch } from './live-actions';
import { toBackendConfig } from './live-config';
import { blankDraft, checkDraft } from './live-draft';
import { pickableSpec, rewardBlock } from './live-reward';
import { KEYS_KEY, loadSaved, SERVERS_KEY, useLive } from './live-store';
import { memoryStorage } from './testing/memory-storage';
import { decodeExplorerUrl, encodeExplorerUrl } from './url-codec';
import { formatSource, parseExplorerSource, parseSource } from './url-values';

let storage: ReturnType<typeof memoryStorage>;
beforeEach(() => {
  storage = memoryStorage();
  vi.stubGlobal('localStorage', storage);
  useLive.setState({ servers: [], keys: {}, remembered: {}, tests: {}, dataset: null, recordingError: null });
});
afterEach(() => vi.unstubAllGlobals());

function addServer(prm: boolean): void {
  const r = checkDraft({ ...blankDraft(), name: 'Lab vLLM', model: 'Qwen/Qwen2.5-Math-7B-Instruct', ...(prm ? { prmType: 'pooling', prmModel: 'Qwen/Qwen2.5-Math-PRM-7B' } : {}) }, 'lab');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  live.saveServer(r.server);
}

describe('URL form', () => {
  it('reads and writes live:<server> and rec:<recording>, and refuses odd ids', () => {
    for (const text of ['live:lab', 'rec:rec-m1x-0a1b2c', 'sim', 'fixture:sim-rebase']) {
      const p = parseExplorerSource(text);
      expect(p.ok && formatSource(p.value)).toBe(text);
    }
    expect(parseExplorerSource('live:a b').ok).toBe(false);
    // Other views' codecs keep to the sources they can show.
    expect(parseSource('live:lab').ok).toBe(false);
  });

  it('a link to a live source shows the sim with a notice; a recording link keeps its source', () => {
    const l = decodeExplorerUrl('?src=live:lab&model=Qwen%2FQwen2.5-Math-7B-Instruct&problem=sim-L2-0001&s=rebase');
    expect(l.state.params.source).toEqual({ kind: 'sim' });
    expect(l.state.params.problemId).toBe('sim-L2-0001');
    expect(l.notices).toEqual([expect.stringContaining('"src=live:lab" names a live server, and a link never starts a live run')]);
    const r = decodeExplorerUrl('?src=rec:rec-1&model=sim-7B&problem=sim-L2-0001&s=rebase&width=8&seed=0');
    expect(r.state.params).toMatchObject({ source: { kind: 'recording', id: 'rec-1' }, model: 'sim-7B', problemId: 'sim-L2-0001' });
    expect(r.notices).toEqual([]);
    expect(encodeExplorerUrl({ ...r.state, playhead: 0 })).toContain('src=rec:rec-1');
  });
});

describe('what a live source offers', () => {
  it("the sim's problems until a dataset is loaded, then the dataset's; the server's model and PRM", () => {
    addServer(true);
    const source = { kind: 'live', id: 'lab' } as const;
    expect(usesSimProblems(source)).toBe(true);
    expect(problemsFor(source)).toHaveLength(500);
    expect(problemFor(source, 'sim-L4-0003')?.question).toBeTruthy();
    const gsm8k = readFileSync(join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'gsm8k_test.jsonl'), 'utf8').split('\n').slice(0, 5).join('\n');
    live.useDatasetText(gsm8k, 'test.jsonl');
    expect(usesSimProblems(source)).toBe(false);
    expect(problemsFor(source).map((p) => p.id)).toEqual(['gsm8k-0', 'gsm8k-1', 'gsm8k-2', 'gsm8k-3', 'gsm8k-4']);
    expect(problemFor(source, 'sim-L4-0003')).toBeUndefined();
    expect(modelsFor(source)).toEqual([expect.objectContaining({ id: 'Qwen/Qwen2.5-Math-7B-Instruct', params: 7.62e9 })]);
    const params: ExplorerParams = { ...DEFAULT_PARAMS, source, model: 'Qwen/Qwen2.5-Math-7B-Instruct' };
    expect(prmModelFor(params)).toEqual({ name: 'Qwen/Qwen2.5-Math-PRM-7B', params: 7.08e9 });
  });

  it('loads a MATH500 dataset from a URL (answers verbatim), and reports a URL that fails', async () => {
    const math = readFileSync(join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'math500_test.jsonl'), 'utf8').split('\n').slice(0, 3).join('\n');
    const asked: RequestInit[] = [];
    setLiveFetch(async (url, init) => {
      asked.push(init);
      return url.endsWith('/missing.jsonl') ? new Response('no', { status: 404 }) : new Response(math);
    });
    try {
      const d = await live.useDatasetUrl('http://127.0.0.1:9999/math500.jsonl');
      expect(d).toMatchObject({ name: 'math500', origin: 'http://127.0.0.1:9999/math500.jsonl' });
      expect(d.problems.map((p) => p.id)).toEqual(['math500-0', 'math500-1', 'math500-2']);
      expect(d.problems[0].answer).toBe(JSON.parse(math.split('\n')[0]).answer);
      expect(asked[0].credentials).toBe('omit');
      await expect(live.useDatasetUrl('http://127.0.0.1:9999/missing.jsonl')).rejects.toThrow('http://127.0.0.1:9999/missing.jsonl: HTTP 404');
      expect(useLive.getState().dataset?.name).toBe('math500');
      live.clearDataset();
      expect(useLive.getState().dataset).toBeNull();
    } finally {
      setLiveFetch(undefined);
    }
  });

  it('without a PRM: one reason per strategy that needs rewards, from rewardNeed; majority voting and greedy stay', () => {
    addServer(false);
    const params: ExplorerParams = { ...DEFAULT_PARAMS, source: { kind: 'live', id: 'lab' } };
    expect(rewardBlock(params, parseSpec({ name: 'rebase', params: {} }))).toBe('REBASE splits its width by PRM rewards, and this backend has no PRM (add one in the Backends panel)');
    expect(rewardBlock(params, parseSpec({ name: 'sample', params: { aggregate: 'best-of-n' } }))).toBe('Best-of-N picks the solution with the highest PRM score, and this backend has no PRM (add one in the Backends panel)');
    expect(rewardBlock(params, pickableSpec(params, 'sample'))).toBeNull();
    expect(rewardBlock(params, pickableSpec(params, 'greedy'))).toBeNull();
    const sim: ExplorerParams = { ...DEFAULT_PARAMS, prm: 'none' };
    expect(rewardBlock(sim, parseSpec({ name: 'mcts', params: {} }))).toBe('MCTS uses PRM rewards as node values, and the PRM is off');
  });

  it('a chat-only server without continuation: beam, MCTS and REBASE disabled with the reason; voting and best-of-N stay', () => {
    const r = checkDraft({ ...blankDraft(), name: 'Hosted', baseUrl: 'https://api.example.com', model: 'Qwen/Qwen2.5-Math-7B-Instruct', dialect: 'chat', prmType: 'pooling', prmModel: 'Qwen/Qwen2.5-Math-PRM-7B' }, 'hosted');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    live.saveServer(r.server);
    const params: ExplorerParams = { ...DEFAULT_PARAMS, source: { kind: 'live', id: 'hosted' } };
    expect(rewardBlock(params, parseSpec({ name: 'rebase', params: {} }))).toBe('REBASE extends partial solutions, and through /v1/chat/completions without assistant-prefix continuation, each call starts a new answer, so a partial solution cannot be extended step by step (set the continuation in the Backends panel if the server has one)');
    expect(rewardBlock(params, parseSpec({ name: 'beam', params: {} }))).toContain('Beam search extends partial solutions');
    expect(rewardBlock(params, parseSpec({ name: 'sample', params: { aggregate: 'best-of-n' } }))).toBeNull();
    expect(rewardBlock(params, parseSpec({ name: 'sample', params: { aggregate: 'weighted-majority' } }))).toBeNull();
    // The same server told it continues (vLLM's flags): every strategy runs; the choice survives a reload.
    live.saveServer({ ...r.server, continuation: 'flags' });
    expect(rewardBlock(params, parseSpec({ name: 'rebase', params: {} }))).toBeNull();
    expect(loadSaved().servers.find((s) => s.id === 'hosted')).toMatchObject({ dialect: 'chat', continuation: 'flags' });
    // …and reaches the worker's backend config.
    expect(toBackendConfig({ ...r.server, continuation: 'flags' }).policy).toMatchObject({ dialect: 'chat', continuation: 'flags' });
  });
});

describe('what a reload reads back', () => {
  it('servers without keys; keys only for the servers whose keys were remembered', () => {
    addServer(true);
    live.setKey('lab', 'policy', 'sk-memory-only');
    expect(storage.getItem(SERVERS_KEY)).not.toContain('sk-');
    expect(loadSaved()).toMatchObject({ servers: [expect.objectContaining({ id: 'lab' })], keys: {}, remembered: {} });
    live.setRemember('lab', true);
    expect(loadSaved()).toMatchObject({ keys: { lab: { policy: 'sk-memory-only' } }, remembered: { lab: true } });
    live.deleteServer('lab');
    expect(storage.getItem(KEYS_KEY)).toBeNull();
    expect(loadSaved().servers).toEqual([]);
  });

  it('skips entries that are not servers, and fills what an older entry lacks', () => {
    storage.setItem(SERVERS_KEY, JSON.stringify({ servers: [{ id: 'bad id', baseUrl: 'x', model: 'm' }, 42, { id: 'ok', baseUrl: 'http://h:1', model: 'm', prm: { type: 'weird' } }] }));
    const { servers } = loadSaved();
    expect(servers).toHaveLength(1);
    expect(servers[0]).toMatchObject({ id: 'ok', name: 'ok', format: 'plain', prm: { type: 'none' }, http: { concurrency: 16, retries: 4 } });
  });
});
