import type { ReactNode } from 'react';
import { cx } from './class-names.js';

export type AlertTone = 'info' | 'success' | 'warning' | 'danger';

const tones: Record<AlertTone, string> = {
  info: 'border-indigo-300 bg-indigo-50 text-indigo-950',
  success: 'border-emerald-300 bg-emerald-50 text-emerald-950',
  warning: 'border-amber-300 bg-amber-50 text-amber-950',
  danger: 'border-red-300 bg-red-50 text-red-950',
};

export interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  className?: string;
  id?: string;
  children?: ReactNode;
}

/**
 * A message about the page or the last action. Errors use role="alert" so they are announced
 * as soon as they appear; other tones use role="status", which waits politely.
 */
export function Alert({ tone = 'info', title, className, id, children }: AlertProps) {
  return (
    <div
      id={id}
      role={tone === 'danger' ? 'alert' : 'status'}
      className={cx('rounded-lg border px-4 py-3 text-sm', tones[tone], className)}
    >
      {title && <p className="font-semibold">{title}</p>}
      {children && <div className={cx(title ? 'mt-1' : undefined, 'space-y-2')}>{children}</div>}
    </div>
  );
}
