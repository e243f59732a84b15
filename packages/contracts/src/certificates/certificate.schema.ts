import { z } from 'zod';
import { Id, Timestamp } from '../common.js';
import { singleLineText } from '../text.js';

/** The JOSE `typ` of a Clearframe certificate, so it cannot be mistaken for another kind of token (RFC 8725 §3.11). */
export const CERTIFICATE_TYPE = 'clearframe-cert+jwt';

/** Version tag carried in every certificate payload. */
export const CERTIFICATE_VERSION = 'clearframe.certificate/1';

// JWT times are whole seconds; refusing sub-second input keeps sign → verify a round trip.
const WholeSecondTimestamp = Timestamp.refine((value) => Date.parse(value) % 1000 === 0, {
  message: 'Use whole seconds (JWT times have no fractions).',
});

/**
 * What a license certificate asserts: who may use which clips (by Merkle root of their
 * sha256s), under which terms (by terms hash), from when until when (`null` = perpetual).
 */
export const CertificateClaims = z
  .strictObject({
    certificateId: Id,
    issuer: z.string().min(1).max(200),
    // Exact: the signed name must be the one shown, so it is never normalised in passing.
    licensee: z.strictObject({ orgId: Id, name: singleLineText({ max: 200, exact: true }) }),
    termsHash: z.string().regex(/^sha256:[0-9a-f]{64}$/, {
      message: 'Expected "sha256:" and 64 lower-case hex characters.',
    }),
    clipsMerkleRoot: z
      .string()
      .regex(/^[0-9a-f]{64}$/, { message: 'Expected 64 lower-case hex characters.' }),
    clipCount: z.number().int().min(1),
    totalSeconds: z.number().min(0).max(Number.MAX_SAFE_INTEGER),
    issuedAt: WholeSecondTimestamp,
    validFrom: WholeSecondTimestamp,
    validUntil: WholeSecondTimestamp.nullable(),
  })
  .superRefine((claims, ctx) => {
    if (
      claims.validUntil !== null &&
      Date.parse(claims.validUntil) <= Date.parse(claims.validFrom)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['validUntil'],
        message: 'validUntil must be after validFrom.',
      });
    }
  });
export type CertificateClaimsType = z.infer<typeof CertificateClaims>;
export type CertificateClaims = CertificateClaimsType;

/**
 * The JWT payload a certificate carries: registered claims where they exist (`iss`, `sub` =
 * licensee org, `jti` = certificate id, `iat`, `nbf`, `exp` absent when perpetual) and
 * snake_case private claims for the rest, so any JOSE library can read and time-check it.
 */
export const CertificatePayload = z.strictObject({
  ver: z.literal(CERTIFICATE_VERSION),
  iss: z.string(),
  sub: z.string(),
  jti: z.string(),
  iat: z.number().int(),
  nbf: z.number().int(),
  exp: z.number().int().optional(),
  licensee_name: z.string(),
  terms_hash: z.string(),
  clips_root: z.string(),
  clip_count: z.number(),
  total_seconds: z.number(),
});
export type CertificatePayloadType = z.infer<typeof CertificatePayload>;

function toSeconds(timestamp: string): number {
  return Date.parse(timestamp) / 1000;
}

function fromSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** Claims → JWT payload (validated claims only). */
export function payloadFromClaims(claims: CertificateClaimsType): CertificatePayloadType {
  return {
    ver: CERTIFICATE_VERSION,
    iss: claims.issuer,
    sub: claims.licensee.orgId,
    jti: claims.certificateId,
    iat: toSeconds(claims.issuedAt),
    nbf: toSeconds(claims.validFrom),
    ...(claims.validUntil === null ? {} : { exp: toSeconds(claims.validUntil) }),
    licensee_name: claims.licensee.name,
    terms_hash: claims.termsHash,
    clips_root: claims.clipsMerkleRoot,
    clip_count: claims.clipCount,
    total_seconds: claims.totalSeconds,
  };
}

/** JWT payload → claims; the caller validates the result with `CertificateClaims`. Timestamps come back as `YYYY-MM-DDTHH:MM:SSZ`. */
export function claimsFromPayload(payload: CertificatePayloadType): CertificateClaimsType {
  return {
    certificateId: payload.jti,
    issuer: payload.iss,
    licensee: { orgId: payload.sub, name: payload.licensee_name },
    termsHash: payload.terms_hash,
    clipsMerkleRoot: payload.clips_root,
    clipCount: payload.clip_count,
    totalSeconds: payload.total_seconds,
    issuedAt: fromSeconds(payload.iat),
    validFrom: fromSeconds(payload.nbf),
    validUntil: payload.exp === undefined ? null : fromSeconds(payload.exp),
  };
}
