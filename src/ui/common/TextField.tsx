/**
 * A labelled text field that keeps a draft and applies it on Enter or blur (Escape restores the
 * applied value); shared by the Explorer's controls (NumberField) and the Scaling setup (lists of
 * seeds, counts). `commit` applies the text and returns why it is invalid, or null. Render it with
 * `key` = the applied value, so a value applied elsewhere resets the draft.
 */
import { useId, useState, type ReactNode } from 'react';

export interface TextFieldProps {
  label: string;
  value: string;
  commit: (text: string) => string | null;
  hint?: ReactNode;
  /** e.g. "decimal" for numbers typed as text. */
  inputMode?: 'text' | 'decimal' | 'numeric';
  placeholder?: string;
}

export function TextField({ label, value, commit, hint, inputMode = 'text', placeholder }: TextFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const apply = () => setError(draft.trim() === value ? null : commit(draft.trim()));
  return (
    <div className="if-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="if-input"
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        value={draft}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
          if (e.key === 'Escape') {
            setDraft(value);
            setError(null);
          }
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
      />
      {hint && !error && <p id={`${id}-hint`} className="if-field-hint">{hint}</p>}
      {error && <p id={`${id}-error`} className="if-field-error">{error}</p>}
    </div>
  );
}
