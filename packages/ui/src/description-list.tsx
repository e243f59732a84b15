import type { ReactNode } from 'react';
import { cx } from './class-names.js';

export interface DescriptionItem {
  term: ReactNode;
  detail: ReactNode;
}

/** Label/value pairs (account details, organization facts) as a real <dl>. */
export function DescriptionList({
  items,
  className,
}: {
  items: readonly DescriptionItem[];
  className?: string;
}) {
  return (
    <dl className={cx('divide-y divide-slate-200', className)}>
      {items.map((item, index) => (
        <div key={index} className="grid gap-1 py-3 sm:grid-cols-3 sm:gap-4">
          <dt className="text-sm font-medium text-slate-600">{item.term}</dt>
          <dd className="text-sm text-slate-900 sm:col-span-2">{item.detail}</dd>
        </div>
      ))}
    </dl>
  );
}
