import { createElement, useId, type ReactNode } from 'react';
import { cx } from './class-names.js';

export interface CardProps {
  title?: ReactNode;
  description?: ReactNode;
  /** Controls shown at the top right, e.g. a "New" button. */
  actions?: ReactNode;
  footer?: ReactNode;
  /** Heading level of the title, so cards fit the page's outline (default 2). */
  headingLevel?: 2 | 3 | 4;
  className?: string;
  children?: ReactNode;
}

/** A titled surface. With a title it is a labelled region, so it appears in landmark navigation. */
export function Card({
  title,
  description,
  actions,
  footer,
  headingLevel = 2,
  className,
  children,
}: CardProps) {
  const titleId = `card${useId().replace(/:/g, '')}`;
  return (
    <section
      aria-labelledby={title ? titleId : undefined}
      className={cx('min-w-0 rounded-xl border border-slate-200 bg-white shadow-xs', className)}
    >
      {(title || actions) && (
        <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-4 py-4 sm:px-5">
          <div className="space-y-1">
            {title &&
              createElement(
                `h${headingLevel}`,
                { id: titleId, className: 'text-base font-semibold text-slate-900' },
                title,
              )}
            {description && <p className="text-sm text-slate-600">{description}</p>}
          </div>
          {actions && <div className="flex items-center gap-2">{actions}</div>}
        </div>
      )}
      <div className="px-4 py-4 sm:px-5">{children}</div>
      {footer && (
        <div className="rounded-b-xl border-t border-slate-200 bg-slate-50 px-4 py-3 sm:px-5">
          {footer}
        </div>
      )}
    </section>
  );
}
