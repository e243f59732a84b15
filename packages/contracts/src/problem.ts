import { z } from 'zod';
import { ACCOUNTS_PROBLEMS, SESSION_END_REASONS } from './problems/accounts.problems.js';
import { API_KEYS_PROBLEMS } from './problems/api-keys.problems.js';
import { BUNDLES_PROBLEMS } from './problems/bundles.problems.js';
import { CLIPS_PROBLEMS } from './problems/clips.problems.js';
import { COMMON_PROBLEMS } from './problems/common.problems.js';
import { CONTRACTS_PROBLEMS } from './problems/contracts.problems.js';
import { ORDERS_PROBLEMS } from './problems/orders.problems.js';
import { ORGANIZATIONS_PROBLEMS } from './problems/organizations.problems.js';
import { TRANSPARENCY_PROBLEMS } from './problems/transparency.problems.js';
import { UPLOADS_PROBLEMS } from './problems/uploads.problems.js';
import type { ProblemEntry } from './problems/problem-catalog.js';

export type { ProblemEntry } from './problems/problem-catalog.js';
export { SESSION_END_REASONS, type SessionEndReason } from './problems/accounts.problems.js';

/**
 * Every problem code with its status, title and the sentence people see, from one catalog per
 * domain (`problems/<domain>.problems.ts`). The API's filter and the web's messages both read
 * this table, so a new code is added in one place. Clients branch on `code`, never on text.
 */
export const PROBLEMS = {
  ...COMMON_PROBLEMS,
  ...ACCOUNTS_PROBLEMS,
  ...ORGANIZATIONS_PROBLEMS,
  ...API_KEYS_PROBLEMS,
  ...CONTRACTS_PROBLEMS,
  ...UPLOADS_PROBLEMS,
  ...CLIPS_PROBLEMS,
  ...BUNDLES_PROBLEMS,
  ...ORDERS_PROBLEMS,
  ...TRANSPARENCY_PROBLEMS,
} as const satisfies Record<string, ProblemEntry>;

/** The catalogs as declared, so a test can prove no two domains claim one code. */
export const PROBLEM_CATALOGS: Readonly<Record<string, Record<string, ProblemEntry>>> = {
  common: COMMON_PROBLEMS,
  accounts: ACCOUNTS_PROBLEMS,
  organizations: ORGANIZATIONS_PROBLEMS,
  'api-keys': API_KEYS_PROBLEMS,
  contracts: CONTRACTS_PROBLEMS,
  uploads: UPLOADS_PROBLEMS,
  clips: CLIPS_PROBLEMS,
  bundles: BUNDLES_PROBLEMS,
  orders: ORDERS_PROBLEMS,
  transparency: TRANSPARENCY_PROBLEMS,
};

export type ProblemCode = keyof typeof PROBLEMS;

/** The HTTP status of each code. */
export const PROBLEM_STATUS = Object.fromEntries(
  Object.entries(PROBLEMS).map(([code, entry]) => [code, entry.status]),
) as { readonly [Code in ProblemCode]: (typeof PROBLEMS)[Code]['status'] };

export const ProblemCodeSchema = z.enum(Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]]);

/** One field-level validation failure; `path` is the dotted path into the request. */
export const FieldError = z.strictObject({
  path: z.string(),
  message: z.string(),
  code: z.string(),
});
export type FieldErrorType = z.infer<typeof FieldError>;

/** RFC 9457 problem details as every Clearframe error response renders them. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: ProblemCodeSchema,
  requestId: z.string().optional(),
  errors: z.array(FieldError).optional(),
  retryAfterSeconds: z.number().int().optional(),
  /** On `session_expired`: why the session ended (signed out elsewhere, password changed…). */
  reason: z.enum(SESSION_END_REASONS).optional(),
  /** On a refused order: what holds now (the current quote), so the client can show it. */
  current: z.unknown().optional(),
});
export type ProblemType = z.infer<typeof Problem>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The catalog entry of a code, or undefined for a code this version does not know. */
export function problemEntry(code: string): ProblemEntry | undefined {
  return Object.hasOwn(PROBLEMS, code) ? PROBLEMS[code as ProblemCode] : undefined;
}

/** The `type` URI for a code (a stable, documented identifier, not a fetched resource). */
export function problemTypeUri(code: ProblemCode): string {
  return `https://clearframe.dev/problems/${code.replace(/_/g, '-')}`;
}

/** Turns zod issues into the field errors of a `validation_failed` problem. */
export function fieldErrorsFrom(error: z.ZodError): FieldErrorType[] {
  return error.issues.map((issue) => ({
    path:
      issue.code === 'unrecognized_keys' && issue.keys.length === 1
        ? [...issue.path, issue.keys[0]].map(String).join('.')
        : issue.path.map(String).join('.'),
    message:
      issue.code === 'unrecognized_keys'
        ? `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`
        : issue.message,
    code: issue.code,
  }));
}
