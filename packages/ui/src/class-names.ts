/** Joins class names, dropping falsy entries, so conditional styling reads as a list. */
export function cx(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(' ');
}

/**
 * The one focus indicator every interactive element uses: a 2px outline offset from the
 * element, so it stays visible on any background and is never hidden by a border colour.
 */
export const focusRing =
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';
