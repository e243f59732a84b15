import { z } from 'zod';

/**
 * Stable error codes. Clients branch on `code`, never on `title` or `detail`.
 * The HTTP status for each code is fixed here so API and clients agree.
 */
export const PROBLEM_STATUS = {
  validation_failed: 422,
  malformed_request: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthenticated: 401,
  session_expired: 401,
  invalid_credentials: 401,
  api_key_revoked: 401,
  forbidden: 403,
  email_not_verified: 403,
  csrf_refused: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  email_taken: 409,
  already_member: 409,
  last_owner: 409,
  invitation_used: 410,
  invitation_expired: 410,
  invitation_email_mismatch: 403,
  token_invalid: 400,
  rate_limited: 429,
  service_unavailable: 503,
  internal_error: 500,
} as const satisfies Record<string, number>;

export type ProblemCode = keyof typeof PROBLEM_STATUS;
export const ProblemCodeSchema = z.enum(
  Object.keys(PROBLEM_STATUS) as [ProblemCode, ...ProblemCode[]],
);

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
});
export type ProblemType = z.infer<typeof Problem>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

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
