import { createContext, useContext, useId, type AriaAttributes, type ReactNode } from 'react';
import { cx } from './class-names.js';
import { VisuallyHidden } from './visually-hidden.js';

/** What a control inside a FormField needs to be announced with its label, hint and error. */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  'aria-required'?: true;
}

const FieldContext = createContext<FieldControlProps | null>(null);

/**
 * Merges the surrounding FormField's wiring into a control's own props. Explicit props win,
 * except that describedby ids are joined so a caller's extra description is not lost.
 */
export function useFieldControl(own: {
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: AriaAttributes['aria-invalid'];
  invalid?: boolean;
}): FieldControlProps | { id?: string; 'aria-describedby'?: string; 'aria-invalid'?: true } {
  const field = useContext(FieldContext);
  const describedBy =
    [field?.['aria-describedby'], own['aria-describedby']].filter(Boolean).join(' ') || undefined;
  const invalid =
    own.invalid ||
    own['aria-invalid'] === true ||
    own['aria-invalid'] === 'true' ||
    field?.['aria-invalid'];
  return {
    ...(field ?? {}),
    id: own.id ?? field?.id,
    'aria-describedby': describedBy,
    'aria-invalid': invalid ? true : undefined,
  };
}

export interface FormFieldProps {
  label: ReactNode;
  /** Guidance shown under the label and read with the control. */
  hint?: ReactNode;
  /** The validation message for this field (from the form's own check or the API). */
  error?: string | null;
  /**
   * Marks the field as required for people and assistive technology. It deliberately does not
   * set the native `required` attribute: the server's validation messages (shared zod schemas)
   * are the single source of truth, and they must also work without client JavaScript.
   */
  required?: boolean;
  /** Control id; generated when omitted. */
  id?: string;
  className?: string;
  children: ReactNode;
}

export function FormField({
  label,
  hint,
  error,
  required = false,
  id,
  className,
  children,
}: FormFieldProps) {
  const generatedId = useId();
  const controlId = id ?? `field${generatedId.replace(/:/g, '')}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const control: FieldControlProps = {
    id: controlId,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
    'aria-invalid': error ? true : undefined,
    'aria-required': required ? true : undefined,
  };
  return (
    <div className={cx('space-y-1.5', className)}>
      <label htmlFor={controlId} className="block text-sm font-medium text-slate-900">
        {label}
        {required && (
          <span className="text-red-700" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <FieldContext.Provider value={control}>{children}</FieldContext.Provider>
      {error && (
        <p id={errorId} className="flex items-start gap-1 text-sm font-medium text-red-700">
          <VisuallyHidden>Error: </VisuallyHidden>
          {error}
        </p>
      )}
    </div>
  );
}
