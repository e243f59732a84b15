import { useEffect, useState } from 'react';
import { useRevalidator } from 'react-router';

/** True once React runs in the browser (false in the server's HTML and before hydration). */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * Reloads the page's data every `intervalMs` while `active` (a clip uploading or processing),
 * and only while the tab is visible, so a page left open in the background costs nothing.
 */
export function usePollWhile(active: boolean, intervalMs = 2_000): void {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => {
      if (revalidator.state === 'idle' && document.visibilityState === 'visible')
        void revalidator.revalidate();
    }, intervalMs);
    return () => window.clearInterval(timer);
  }, [active, intervalMs, revalidator]);
}
