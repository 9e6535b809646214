/**
 * The problems of live runs: the sim's (what serve-sim understands; any server can be given them
 * as word problems), or GSM8K / MATH500 JSONL from a file or a URL, gold answers as the dataset
 * gives them. Kept in memory for this page.
 */
import { useRef, useState } from 'react';
import { live } from '../../state/live-actions';
import { selectDataset, useLive } from '../../state/live-store';
import { InputField } from './FormFields';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function DatasetSection() {
  const dataset = useLive(selectDataset);
  const file = useRef<HTMLInputElement>(null);
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = async (what: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset className="if-fieldset" aria-label="Problems for live runs">
      <legend>Problems for live runs</legend>
      <p className="if-hint" role="status" data-testid="dataset-status">
        {dataset ? `${dataset.name === 'math500' ? 'MATH500' : 'GSM8K'}: ${dataset.problems.length} problems from ${dataset.origin}.` : "The sim's problems (levels 1–5) — what serve-sim reads."}
      </p>
      <div className="if-form-actions">
        <button type="button" className="if-btn" onClick={() => file.current?.click()} disabled={busy}>Load JSONL file…</button>
        <input
          ref={file}
          type="file"
          accept=".jsonl,.json,application/jsonl,application/json,text/plain"
          hidden
          tabIndex={-1}
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f) void load(async () => live.useDatasetText(await f.text(), f.name));
          }}
        />
        {dataset && <button type="button" className="if-btn" onClick={() => live.clearDataset()}>Use the sim's problems</button>}
      </div>
      <InputField label="…or a JSONL URL" type="url" value={url} onChange={setUrl} placeholder="https://…/test.jsonl" />
      <button type="button" className="if-btn" disabled={busy || url.trim() === ''} onClick={() => void load(() => live.useDatasetUrl(url.trim()))}>Load from URL</button>
      {error && <p className="if-field-error" role="alert">{error}</p>}
    </fieldset>
  );
}
