import { createHash, randomBytes } from 'node:crypto';
import type { TestApp } from '../support/test-app.js';

/**
 * How far each factory moves the test clock before it creates a row: every row gets its own
 * `created_at`, so lists ordered by time have one right answer instead of falling back to the
 * random order of uuids.
 */
export const CREATION_STEP_MS = 1_000;

/** Advances the clock one step and returns the new time, for the row about to be created. */
/**
 * What the row factories need of a test: raw SQL and the fake clock. Both the HTTP test app and
 * a module test (`bootModule`) have them, so service specs use the same factories.
 */
export type FactoryTarget = Pick<TestApp, 'sql' | 'clock'>;

export function nextInstant(t: FactoryTarget): Date {
  t.clock.advance(CREATION_STEP_MS);
  return t.clock.now();
}

let sequence = 0;

/** A short suffix unique within the process, for emails, names and slugs. */
export function uniqueSuffix(): string {
  sequence += 1;
  return `${sequence}-${randomBytes(3).toString('hex')}`;
}

/** SHA-256 hex of a token: how the app stores session, invitation and API key secrets. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A bearer secret shaped like the app's: a type prefix and 32 random bytes in base64url. */
export function randomSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}
