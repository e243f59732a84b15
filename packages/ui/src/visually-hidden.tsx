import type { ReactNode } from 'react';

/** Text for assistive technology only (table captions, icon-only controls). */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="sr-only">{children}</span>;
}
