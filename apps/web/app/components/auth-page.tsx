import { Card, PageHeader } from '@clearframe/ui';
import type { ReactNode } from 'react';

/** The narrow, centred frame shared by sign-in, sign-up and the password and email pages. */
export function AuthPage({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="mx-auto max-w-md py-4">
      <PageHeader title={title} description={description} className="mb-6" />
      <Card>{children}</Card>
      {footer && <div className="mt-6 space-y-2 text-sm text-slate-700">{footer}</div>}
    </div>
  );
}
