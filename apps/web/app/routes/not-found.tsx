import { notFound } from '../lib/viewer.server';

// Unknown URLs go through the root error boundary with a real 404 status, like any missing object.
export function loader(): never {
  throw notFound();
}

export default function NotFound() {
  return null;
}
