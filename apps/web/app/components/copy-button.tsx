import { Button } from '@clearframe/ui';
import { useEffect, useState } from 'react';

/**
 * Copies `value` to the clipboard. It needs JavaScript, so it renders only after hydration;
 * without JavaScript the value stays selectable in its read-only field.
 */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [hydrated, setHydrated] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!hydrated) return null;
  return (
    <>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => {
          navigator.clipboard.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? 'Copied' : label}
      </Button>
      <span role="status" className="sr-only">
        {copied ? 'Copied to the clipboard.' : ''}
      </span>
    </>
  );
}
