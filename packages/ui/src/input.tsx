import {
  forwardRef,
  type InputHTMLAttributes,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { cx, focusRing } from './class-names.js';
import { useFieldControl } from './form-field.js';

// Borders use slate-500 so the control's edge meets the 3:1 non-text contrast rule (WCAG 1.4.11).
const controlBase = cx(
  'block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-xs',
  'placeholder:text-slate-500 disabled:cursor-not-allowed disabled:bg-slate-100 read-only:bg-slate-50',
  focusRing,
);

function stateClasses(invalid: boolean | undefined): string {
  return invalid ? 'border-red-700 bg-red-50/40' : 'border-slate-500';
}

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  /** Marks the control invalid when it is used outside a FormField. */
  invalid?: boolean;
}

export const Input = forwardRef<HTMLInputElement, InputProps>(function Input(
  { invalid, className, ...rest },
  ref,
) {
  const control = useFieldControl({ ...rest, invalid });
  return (
    <input
      ref={ref}
      {...rest}
      {...control}
      className={cx(controlBase, stateClasses(control['aria-invalid']), className)}
    />
  );
});

export interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  invalid?: boolean;
}

export const TextArea = forwardRef<HTMLTextAreaElement, TextAreaProps>(function TextArea(
  { invalid, className, rows = 4, ...rest },
  ref,
) {
  const control = useFieldControl({ ...rest, invalid });
  return (
    <textarea
      ref={ref}
      rows={rows}
      {...rest}
      {...control}
      className={cx(controlBase, stateClasses(control['aria-invalid']), className)}
    />
  );
});

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  invalid?: boolean;
}

export const Select = forwardRef<HTMLSelectElement, SelectProps>(function Select(
  { invalid, className, children, ...rest },
  ref,
) {
  const control = useFieldControl({ ...rest, invalid });
  return (
    <select
      ref={ref}
      {...rest}
      {...control}
      className={cx(controlBase, 'pr-8', stateClasses(control['aria-invalid']), className)}
    >
      {children}
    </select>
  );
});
