/**
 * Plain controlled fields for the Backends panel: a label, the control, a hint or an error (with
 * `aria-invalid` and `aria-describedby`). Values are applied as typed; the panel validates the
 * whole draft on Test and Save (state/live-config.ts `checkDraft`).
 */
import { useId, type ReactNode } from 'react';

interface Common {
  label: string;
  error?: string;
  hint?: ReactNode;
  testId?: string;
}

export function InputField({ label, value, onChange, error, hint, testId, type = 'text', placeholder, list, onBlur, autoComplete = 'off' }: Common & {
  value: string;
  onChange: (v: string) => void;
  type?: 'text' | 'password' | 'url';
  placeholder?: string;
  /** Id of a <datalist> with suggestions. */
  list?: string;
  onBlur?: () => void;
  autoComplete?: string;
}) {
  const id = useId();
  const note = error ?? hint;
  return (
    <div className="if-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="if-input"
        type={type}
        value={value}
        placeholder={placeholder}
        list={list}
        spellCheck={false}
        autoComplete={autoComplete}
        onChange={(e) => onChange(e.currentTarget.value)}
        onBlur={onBlur}
        aria-invalid={error ? true : undefined}
        aria-describedby={note ? `${id}-note` : undefined}
        data-testid={testId}
      />
      {error ? <p id={`${id}-note`} className="if-field-error">{error}</p> : hint ? <p id={`${id}-note`} className="if-field-hint">{hint}</p> : null}
    </div>
  );
}

export function AreaField({ label, value, onChange, error, hint, testId }: Common & { value: string; onChange: (v: string) => void }) {
  const id = useId();
  const note = error ?? hint;
  return (
    <div className="if-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="if-input if-textarea"
        rows={3}
        value={value}
        spellCheck={false}
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={note ? `${id}-note` : undefined}
        data-testid={testId}
      />
      {error ? <p id={`${id}-note`} className="if-field-error">{error}</p> : hint ? <p id={`${id}-note`} className="if-field-hint">{hint}</p> : null}
    </div>
  );
}

export function ChoiceField<T extends string>({ label, value, onChange, choices, error, hint, testId }: Common & {
  value: T;
  onChange: (v: T) => void;
  choices: readonly { value: T; label: string }[];
}) {
  const id = useId();
  const note = error ?? hint;
  return (
    <div className="if-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="if-select" value={value} onChange={(e) => onChange(e.currentTarget.value as T)} aria-describedby={note ? `${id}-note` : undefined} data-testid={testId}>
        {choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
      </select>
      {error ? <p id={`${id}-note`} className="if-field-error">{error}</p> : hint ? <p id={`${id}-note`} className="if-field-hint">{hint}</p> : null}
    </div>
  );
}

export function CheckBox({ label, checked, onChange, testId }: { label: string; checked: boolean; onChange: (v: boolean) => void; testId?: string }) {
  return (
    <label className="if-field if-check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} data-testid={testId} />
      {label}
    </label>
  );
}

/** Escapes shown for invisible characters, so "\n\n" can be typed and read: "\\n" ⇄ newline, "\\t" ⇄ tab. */
export function showEscapes(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

export function readEscapes(s: string): string {
  return s.replace(/\\(\\|n|t)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}
