/**
 * What "Test connection" found: the server kind, the capabilities (n > 1, prompt logprobs,
 * pooling, tokenize) as yes / no / unknown, the models served, and — on failure — the explained
 * reason, which names the server's CORS flag when CORS may be the cause. Text only.
 */
import type { ConnectionTest, ProbeResult } from '../../state/live-store';

const CAPS: readonly [keyof ProbeResult['capabilities'], string][] = [
  ['completions', 'completions'],
  ['multiSample', 'n > 1 in one request'],
  ['promptLogprobs', 'prompt logprobs'],
  ['pooling', 'pooling (/pooling)'],
  ['tokenize', 'tokenize'],
];

const KIND_NAMES: Record<string, string> = { vllm: 'vLLM', sglang: 'SGLang', llamacpp: 'llama.cpp server', ollama: 'Ollama', tgi: 'TGI', unknown: 'an OpenAI-compatible server' };

function mark(v: boolean | null): { text: string; cls: string } {
  if (v === true) return { text: 'yes', cls: 'if-ok' };
  if (v === false) return { text: 'no', cls: 'if-bad' };
  return { text: 'unknown', cls: 'if-muted' };
}

function OneServer({ title, probe }: { title: string; probe: ProbeResult }) {
  return (
    <section className="if-probe" aria-label={title} data-testid="probe-result" data-ok={probe.ok ? '1' : '0'}>
      <h4 className="if-probe-title">
        {title}: {probe.ok ? <span className="if-ok">reachable</span> : <span className="if-bad">failed</span>}
        {probe.ok && <span className="if-muted"> — {KIND_NAMES[probe.kind] ?? probe.kind} at {probe.baseUrl}</span>}
      </h4>
      {probe.error && <p className="if-field-error" role="alert" data-testid="probe-error">{probe.error}</p>}
      {probe.ok && (
        <ul className="if-caps" aria-label="Capabilities">
          {CAPS.map(([k, label]) => {
            const m = mark(probe.capabilities[k]);
            return <li key={k} data-cap={k} data-value={String(probe.capabilities[k])}>{label}: <span className={m.cls}>{m.text}</span></li>;
          })}
        </ul>
      )}
      {probe.models.length > 0 && <p className="if-field-hint">Models: {probe.models.join(', ')}</p>}
      {probe.notes.length > 0 && (
        <details className="if-probe-notes">
          <summary>How this was found ({probe.notes.length})</summary>
          <ul>{probe.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>
        </details>
      )}
    </section>
  );
}

/** The last test of a server; nothing before the first. */
export function ConnectionReport({ test }: { test: ConnectionTest | undefined }) {
  if (!test) return null;
  if (test.running && !test.policy) return <p className="if-hint" role="status">Testing the connection…</p>;
  return (
    <div className="if-probes" role="status" aria-live="polite">
      {test.running && <p className="if-hint">Testing again…</p>}
      {test.policy && <OneServer title="Policy server" probe={test.policy} />}
      {test.prm && <OneServer title="PRM server" probe={test.prm} />}
    </div>
  );
}
