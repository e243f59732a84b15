import { useId, type ReactNode } from 'react';
import { cx } from './class-names.js';
import { VisuallyHidden } from './visually-hidden.js';

export interface RadioCardOption {
  value: string;
  label: ReactNode;
  description?: ReactNode;
}

export interface RadioCardGroupProps {
  name: string;
  legend: ReactNode;
  options: readonly RadioCardOption[];
  defaultValue?: string;
  hint?: ReactNode;
  error?: string | null;
  required?: boolean;
  className?: string;
}

/**
 * A choice between a few options that each need a sentence of explanation (e.g. "creator
 * studio" or "lab"). Native radios inside a fieldset keep keyboard and screen-reader
 * behaviour standard; the card is only the label's styling.
 */
export function RadioCardGroup({
  name,
  legend,
  options,
  defaultValue,
  hint,
  error,
  required = false,
  className,
}: RadioCardGroupProps) {
  const baseId = `radio${useId().replace(/:/g, '')}`;
  const hintId = hint ? `${baseId}-hint` : undefined;
  const errorId = error ? `${baseId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className={cx('space-y-2', className)} aria-describedby={describedBy}>
      <legend className="text-sm font-medium text-slate-900">
        {legend}
        {required && (
          <span className="text-red-700" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </legend>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        {options.map((option) => {
          const id = `${baseId}-${option.value}`;
          return (
            <label
              key={option.value}
              htmlFor={id}
              className={cx(
                'flex cursor-pointer gap-3 rounded-lg border bg-white p-4 shadow-xs',
                'has-checked:border-indigo-700 has-checked:bg-indigo-50 has-checked:ring-1 has-checked:ring-indigo-700',
                'has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600',
                error ? 'border-red-700' : 'border-slate-400',
              )}
            >
              <input
                id={id}
                type="radio"
                name={name}
                value={option.value}
                defaultChecked={defaultValue === option.value}
                // The whole card is the click target, but the accessible name is just the option's
                // label; the description is read after it, not as part of the name.
                aria-labelledby={`${id}-label`}
                aria-invalid={error ? true : undefined}
                aria-describedby={option.description ? `${id}-description` : undefined}
                className="mt-0.5 size-4 accent-indigo-700"
              />
              <span className="space-y-1">
                <span id={`${id}-label`} className="block text-sm font-semibold text-slate-900">
                  {option.label}
                </span>
                {option.description && (
                  <span id={`${id}-description`} className="block text-sm text-slate-600">
                    {option.description}
                  </span>
                )}
              </span>
            </label>
          );
        })}
      </div>
      {error && (
        <p id={errorId} className="text-sm font-medium text-red-700">
          <VisuallyHidden>Error: </VisuallyHidden>
          {error}
        </p>
      )}
    </fieldset>
  );
}
