/**
 * The Backends panel (issue 7 item 3; docs/live.md): the live servers of this computer — pick one
 * or start a new one, edit and test it, run it in the Explorer — and the problems live runs use.
 * Opened from the Explorer's header ("Backends…") as a modal dialog; keyboard-usable throughout.
 */
import { useState } from 'react';
import { selectServers, useLive } from '../../state/live-store';
import { DatasetSection } from './DatasetSection';
import { Dialog } from './Dialog';
import { ServerForm } from './ServerForm';
import './backends.css';

const NEW = '';

export function BackendsPanel({ onDone }: { onDone: () => void }) {
  const servers = useLive(selectServers);
  const [picked, setPicked] = useState<string>(() => servers[0]?.id ?? NEW);
  const server = servers.find((s) => s.id === picked) ?? null;
  return (
    <div className="if-backends">
      <div className="if-field">
        <label htmlFor="if-server-pick">Server</label>
        <select id="if-server-pick" className="if-select" value={server ? server.id : NEW} onChange={(e) => setPicked(e.currentTarget.value)} data-testid="server-pick">
          {servers.map((s) => <option key={s.id} value={s.id}>{s.name} — {s.model} at {s.baseUrl}</option>)}
          <option value={NEW}>New server…</option>
        </select>
        <p className="if-field-hint">Settings are kept on this computer without API keys; the keys stay in memory unless you ask to remember them.</p>
      </div>
      <ServerForm key={server?.id ?? NEW} server={server} onSaved={(s) => setPicked(s.id)} onDeleted={() => setPicked(NEW)} onDone={onDone} />
      <DatasetSection />
    </div>
  );
}

/** The "Backends…" button and its dialog. */
export function BackendsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="if-btn" onClick={() => setOpen(true)} aria-haspopup="dialog" data-testid="open-backends" title="Live model servers: vLLM, SGLang, llama.cpp, Ollama, TGI or serve-sim">
        Backends…
      </button>
      <Dialog open={open} title="Backends — live model servers" onClose={() => setOpen(false)} testId="backends-dialog">
        <BackendsPanel onDone={() => setOpen(false)} />
      </Dialog>
    </>
  );
}
