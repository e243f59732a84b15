import { Button } from '@clearframe/ui';
import { useEffect, useState } from 'react';

/**
 * Copies `value` to the clipboard. It needs JavaScript, so it renders only after hydration;
 * without JavaScript the value stays selectable in its read-only field. Browsers offer the
 * clipboard only on secure pages (https, localhost); elsewhere the button says to copy by hand.
 */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [hydrated, setHydrated] = useState(false);
  const [copied, setCopied] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!hydrated) return null;
  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => {
          const done = (ok: boolean) => {
            setCopied(ok);
            setFailed(!ok);
          };
          if (!navigator.clipboard) return done(false);
          navigator.clipboard.writeText(value).then(
            () => done(true),
            () => done(false),
          );
        }}
      >
        {copied ? 'Copied' : label}
      </Button>
      <span role="status" className={failed ? 'text-sm text-slate-700' : 'sr-only'}>
        {copied
          ? 'Copied to the clipboard.'
          : failed
            ? 'Could not copy: select the text and copy it.'
            : ''}
      </span>
    </>
  );
}
