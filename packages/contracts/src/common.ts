import { z } from 'zod';
import { singleLineText } from './text.js';

export { multiLineText, singleLineText, type TextOptions } from './text.js';

/** A UUID as issued by the database for every entity id. */
export const Id = z.uuid();
export type IdType = z.infer<typeof Id>;

/** An ISO 8601 timestamp with offset, as every API response renders dates. */
export const Timestamp = z.iso.datetime({ offset: true });

/** Email addresses are trimmed and lower-cased so one person maps to one account. */
export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address.' }))
  .transform((value) => value.toLowerCase());

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Password rules (NIST 800-63B style: length over composition). */
export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { message: `Use at least ${PASSWORD_MIN_LENGTH} characters.` })
  .max(PASSWORD_MAX_LENGTH, { message: `Use at most ${PASSWORD_MAX_LENGTH} characters.` })
  .refine((value) => new Set(value).size >= 4, {
    message: 'Use a less repetitive password.',
  });

/** A human display name: a person's, an organization's, an API key's (see `singleLineText`). */
export const DisplayName = singleLineText({ max: 120, emptyMessage: 'Enter a name.' });

/** Keyset pagination query: an opaque cursor and a page size. */
export const PageQuery = z.strictObject({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type PageQueryType = z.infer<typeof PageQuery>;

/** A page of items with the cursor of the next page (null at the end). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** A complete (unpaginated) list response: `{ items }`. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item) });
}
