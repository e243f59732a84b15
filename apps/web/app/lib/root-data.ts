import { useRouteLoaderData } from 'react-router';
import type { loader } from '../root';

/**
 * The root loader's data (viewer, current organization, public env) for any component.
 * Undefined while the root itself is rendering an error. A separate module so that routes do
 * not import root.tsx, which would drag its server-only code toward the browser bundle.
 */
export function useRootData() {
  return useRouteLoaderData<typeof loader>('root');
}
