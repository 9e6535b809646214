/**
 * A row of toggle buttons for a set of values (models, strategies, budgets, levels): each button
 * is `aria-pressed`, the group a fieldset with a legend. The last value on cannot be turned off
 * (a sweep needs one of each); its button says so instead of silently doing nothing.
 */
import type { ReactNode } from 'react';

export interface ToggleOption<T> {
  value: T;
  label: ReactNode;
  /** Accessible name when the label is terse (e.g. "n = 16" for "16"). */
  name?: string;
  title?: string;
}

export interface ToggleGroupProps<T> {
  legend: string;
  options: readonly ToggleOption<T>[];
  selected: readonly T[];
  onChange: (next: T[]) => void;
  /** Narrow buttons in a wrapping row (budgets, levels) instead of one per line. */
  compact?: boolean;
  /** Two buttons per row (models, strategies). */
  columns?: boolean;
  hint?: ReactNode;
  testId?: string;
}

/** Toggle `value` in `selected`, keeping the options' order. */
export function toggled<T>(options: readonly ToggleOption<T>[], selected: readonly T[], value: T): T[] {
  const on = selected.includes(value);
  return options.map((o) => o.value).filter((v) => (v === value ? !on : selected.includes(v)));
}

export function ToggleGroup<T extends string | number>({ legend, options, selected, onChange, compact, columns, hint, testId }: ToggleGroupProps<T>) {
  return (
    <fieldset className={`if-fieldset if-toggles${compact ? ' if-toggles-compact' : ''}${columns ? ' if-toggles-columns' : ''}`} data-testid={testId}>
      <legend>{legend}</legend>
      <div className="if-toggle-row">
        {options.map((o) => {
          const on = selected.includes(o.value);
          const last = on && selected.length === 1;
          return (
            <button
              key={String(o.value)}
              type="button"
              className={`if-btn${compact ? ' if-btn-small' : ''} if-toggle`}
              aria-pressed={on}
              aria-label={o.name}
              aria-disabled={last || undefined}
              title={last ? `${o.name ?? String(o.value)}: at least one must stay on` : o.title}
              onClick={() => {
                if (!last) onChange(toggled(options, selected, o.value));
              }}
            >
              {o.label}
            </button>
          );
        })}
      </div>
      {hint && <p className="if-field-hint">{hint}</p>}
    </fieldset>
  );
}
