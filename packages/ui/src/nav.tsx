import type { ReactNode } from 'react';
import { cx, focusRing } from './class-names.js';

/**
 * Link styling for the header navigation. The app's router renders the link (and sets
 * aria-current="page"); this only decides how current and other links look.
 */
export function navLinkClasses(current: boolean): string {
  return cx(
    'rounded-md px-3 py-2 text-sm font-medium no-underline transition-colors',
    focusRing,
    current
      ? 'bg-indigo-50 text-indigo-900'
      : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900',
  );
}

/** Link styling for section tabs (e.g. Members / Invitations / API keys). */
export function tabLinkClasses(current: boolean): string {
  return cx(
    '-mb-px inline-block border-b-2 px-1 pb-3 text-sm font-medium no-underline',
    focusRing,
    current
      ? 'border-indigo-700 text-indigo-900'
      : 'border-transparent text-slate-600 hover:border-slate-400 hover:text-slate-900',
  );
}

/** A labelled navigation landmark for a page's sections; children are the links. */
export function TabNav({
  label,
  children,
  className,
}: {
  label: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <nav aria-label={label} className={cx('mb-6 border-b border-slate-200', className)}>
      <ul className="flex flex-wrap gap-6">{children}</ul>
    </nav>
  );
}

/** Standard link styling for links inside text. Underlined, so colour is not the only cue. */
export const textLinkClasses = cx(
  'font-medium text-indigo-800 underline underline-offset-2 hover:text-indigo-950',
  focusRing,
);
