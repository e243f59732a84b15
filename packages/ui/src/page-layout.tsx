import type { ReactNode } from 'react';
import { cx, focusRing } from './class-names.js';

export interface PageLayoutProps {
  /** The product mark, usually a link home. */
  brand: ReactNode;
  /** Primary navigation (rendered inside the header's <nav>). */
  nav?: ReactNode;
  /** Account controls at the end of the header. */
  actions?: ReactNode;
  /**
   * What the person is working in (the organization switcher): between the brand and the
   * actions on wide screens, on its own full-width row under them on phones, so neither
   * squeezes the other.
   */
  switcher?: ReactNode;
  footer?: ReactNode;
  /** Accessible name of the primary navigation landmark. */
  navLabel?: string;
  children: ReactNode;
}

/**
 * The page frame: a skip link as the first focusable element, a header with the primary
 * navigation, one <main> landmark (the skip link's target) and a footer.
 */
export function PageLayout({
  brand,
  nav,
  actions,
  switcher,
  footer,
  navLabel = 'Main',
  children,
}: PageLayoutProps) {
  return (
    <div className="flex min-h-screen flex-col bg-slate-50 text-slate-900">
      <a
        href="#main"
        className={cx(
          'sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-md',
          'focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-semibold focus:text-indigo-800 focus:shadow-lg',
          focusRing,
        )}
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
          <div className="flex items-center">{brand}</div>
          {switcher && (
            <div className="order-last w-full min-w-0 sm:order-none sm:w-auto">{switcher}</div>
          )}
          {actions && <div className="ml-auto flex flex-wrap items-center gap-2">{actions}</div>}
        </div>
        {nav && (
          // Navigation gets its own row so a long organization name or email never squeezes it.
          <nav
            aria-label={navLabel}
            className="mx-auto flex max-w-6xl flex-wrap items-center gap-1 px-2 pb-2 sm:px-4"
          >
            {nav}
          </nav>
        )}
      </header>
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 outline-none sm:px-6"
      >
        {children}
      </main>
      {footer && (
        <footer className="border-t border-slate-200 bg-white">
          <div className="mx-auto max-w-6xl px-4 py-6 text-sm text-slate-600 sm:px-6">{footer}</div>
        </footer>
      )}
    </div>
  );
}

export interface PageHeaderProps {
  title: ReactNode;
  /** A short label above the title (e.g. the organization a settings page belongs to). */
  eyebrow?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  className?: string;
}

/** The page's single <h1>, with optional context and actions. */
export function PageHeader({ title, eyebrow, description, actions, className }: PageHeaderProps) {
  return (
    <div className={cx('mb-8 flex flex-wrap items-end justify-between gap-4', className)}>
      <div className="max-w-3xl space-y-2">
        {eyebrow && <p className="text-sm font-semibold text-indigo-800">{eyebrow}</p>}
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 sm:text-3xl">{title}</h1>
        {description && <p className="text-base text-slate-600">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}
