import { forwardRef, type ButtonHTMLAttributes } from 'react';
import { cx, focusRing } from './class-names.js';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'sm' | 'md';

const variants: Record<ButtonVariant, string> = {
  // Each pairing keeps text at WCAG AA (>= 4.5:1) against its background, hover included.
  primary: 'bg-indigo-700 text-white shadow-xs hover:bg-indigo-800',
  secondary: 'bg-white text-slate-900 border border-slate-400 shadow-xs hover:bg-slate-50',
  danger: 'bg-red-700 text-white shadow-xs hover:bg-red-800',
  ghost: 'bg-transparent text-indigo-800 hover:bg-indigo-50',
};

const sizes: Record<ButtonSize, string> = {
  sm: 'px-3 py-1.5 text-sm',
  md: 'px-4 py-2 text-sm',
};

export interface ButtonStyleOptions {
  variant?: ButtonVariant;
  size?: ButtonSize;
  fullWidth?: boolean;
}

/**
 * Button styling as a class string, so links that act as calls to action (rendered by the
 * app's router) look like buttons without this package depending on a router.
 */
export function buttonClasses({
  variant = 'primary',
  size = 'md',
  fullWidth = false,
}: ButtonStyleOptions = {}): string {
  return cx(
    'inline-flex items-center justify-center gap-2 rounded-md text-center font-semibold no-underline transition-colors',
    // Labels wrap between words when space is short, never inside one ("Sa|ve"), even where
    // the surrounding text breaks anywhere to fit (long emails in a table cell).
    '[overflow-wrap:normal]',
    'disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60',
    focusRing,
    variants[variant],
    sizes[size],
    fullWidth && 'w-full',
  );
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement>, ButtonStyleOptions {
  /** Shows a spinner, marks the button busy and blocks a second submission. */
  loading?: boolean;
  /** Label while loading (e.g. "Creating…"); defaults to the normal label. */
  loadingText?: string;
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  {
    variant,
    size,
    fullWidth,
    loading = false,
    loadingText,
    disabled,
    className,
    children,
    type = 'button',
    ...rest
  },
  ref,
) {
  return (
    <button
      ref={ref}
      // An explicit default: a bare <button> inside a form submits it, which surprises people
      // who add a "Cancel" button. Submit buttons say type="submit".
      type={type}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      className={cx(buttonClasses({ variant, size, fullWidth }), className)}
      {...rest}
    >
      {loading && <Spinner />}
      {loading && loadingText ? loadingText : children}
    </button>
  );
});

function Spinner() {
  return (
    <svg className="size-4 animate-spin" viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <circle cx="12" cy="12" r="10" stroke="currentColor" strokeWidth="4" className="opacity-25" />
      <path d="M4 12a8 8 0 0 1 8-8" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
    </svg>
  );
}
