/**
 * Form fields of the control panel. A text field keeps a draft and applies it on Enter or blur;
 * `commit` validates and returns an error message (shown inline, nothing applied) or null.
 * Render a field with `key` = its applied value, so a value applied elsewhere resets the draft.
 */
import { useId, type ReactNode } from 'react';
import { TextField } from '../../common/TextField';

export interface NumberFieldProps {
  label: string;
  value: number;
  /** Apply the text; return why it is invalid, or null when it was applied. */
  commit: (text: string) => string | null;
  hint?: ReactNode;
}

/** A number typed as text (so "0.2" and "1e-1" work and a bad value can be explained). */
export function NumberField({ label, value, commit, hint }: NumberFieldProps) {
  return <TextField label={label} value={String(value)} commit={commit} hint={hint} inputMode="decimal" />;
}

export interface Choice<T extends string> {
  value: T;
  label: string;
  /** Why it cannot be chosen now (shown in the option's label). */
  disabled?: string;
}

export interface SelectFieldProps<T extends string> {
  label: string;
  value: T;
  choices: readonly Choice<T>[];
  onChange: (value: T) => void;
  hint?: ReactNode;
}

/** A labelled select; disabled choices say why in their label. */
export function SelectField<T extends string>({ label, value, choices, onChange, hint }: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className="if-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="if-select" value={value} onChange={(e) => onChange(e.currentTarget.value as T)} aria-describedby={hint ? `${id}-hint` : undefined}>
        {choices.map((c) => (
          <option key={c.value} value={c.value} disabled={c.disabled !== undefined} title={c.label}>
            {c.disabled ? `${c.label} — ${c.disabled}` : c.label}
          </option>
        ))}
      </select>
      {hint && <p id={`${id}-hint`} className="if-field-hint">{hint}</p>}
    </div>
  );
}

/** A labelled checkbox. */
export function CheckField({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="if-field if-check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      {label}
    </label>
  );
}
