import {
  CERTIFICATE_TYPE,
  CertificateError,
  merkleRoot,
  verifyCertificate,
  type CertificateClaimsType,
} from '@clearframe/contracts/certificates';
import { ManifestEntry, type CertificateStatusType } from '@clearframe/contracts/demand';
import { z } from 'zod';
import { formatDateTime } from './labels';

// The checks of the public /verify page. This module runs in the browser (after hydration,
// with the JWKS the loader passed) and on the server (the form's action, without JavaScript):
// one code path, so both render the same result for the same input.

/**
 * A JSON Web Key Set as `/.well-known/jwks.json` serves it: public Ed25519 keys. Only public
 * members are kept (unknown ones are dropped), so nothing else a key carries reaches the page.
 */
export const PublicKeySet = z.object({
  keys: z.array(
    z.object({
      kty: z.string(),
      kid: z.string().optional(),
      crv: z.string().optional(),
      x: z.string().optional(),
      alg: z.string().optional(),
      use: z.string().optional(),
    }),
  ),
});
export type PublicKeySetType = z.infer<typeof PublicKeySet>;
type KeySet = Parameters<typeof verifyCertificate>[1];

/**
 * The fields of a manifest line that verification reads. Other fields are ignored, so a pull's
 * written manifest (no download URLs) and a manifest with fields added later both verify.
 */
const ManifestLine = z.object(
  ManifestEntry.pick({ clipId: true, sha256: true, certificateId: true, position: true }).shape,
);
export type ManifestLineType = z.infer<typeof ManifestLine>;

export type CheckOutcome = 'pass' | 'fail' | 'skipped';

export interface VerificationCheck {
  id: 'signature' | 'window' | 'status' | 'manifest';
  title: string;
  outcome: CheckOutcome;
  explanation: string;
}

export interface VerificationReport {
  /** True only when every check that ran passed and none that matters was skipped. */
  verified: boolean;
  checks: VerificationCheck[];
  /** The claims, present only when the signature verified (unverified claims are not shown). */
  claims: CertificateClaimsType | null;
  /** The `kid` the certificate names in its header. */
  keyId: string | null;
  checkedAt: string;
}

/** What the platform said about a certificate id. */
export type StatusLookup =
  { kind: 'found'; status: CertificateStatusType } | { kind: 'unknown' } | { kind: 'unavailable' };

export type InputResult<T> = { ok: true; value: T } | { ok: false; message: string };

const SEGMENT = /^[A-Za-z0-9_-]*$/;

function decodeSegment(segment: string): unknown {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}

const NOT_A_JWS =
  'This is not a certificate. A Clearframe certificate is a compact JWS: three parts of letters, digits, "-" and "_" separated by two dots, starting with "eyJ".';

/**
 * The pasted text as a compact JWS whose header says it is a Clearframe certificate, or a
 * plain-language reason it is not. Whitespace is dropped, since a pasted token is often
 * wrapped across lines. The signature and claims are checked later by `verifyPasted`.
 */
export function readCertificateInput(text: string): InputResult<{ jws: string; keyId: string }> {
  const jws = text.replace(/\s+/g, '');
  if (jws.length === 0) return { ok: false, message: 'Paste a certificate to verify.' };
  const parts = jws.split('.');
  if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part)) || parts[0] === '')
    return { ok: false, message: NOT_A_JWS };
  let header: unknown;
  try {
    header = decodeSegment(parts[0]!);
  } catch {
    return { ok: false, message: `${NOT_A_JWS} Its first part is not a readable JWS header.` };
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    return { ok: false, message: `${NOT_A_JWS} Its first part is not a JWS header.` };
  const { typ, kid } = header as { typ?: unknown; kid?: unknown };
  if (typ !== CERTIFICATE_TYPE) {
    const what =
      typeof typ === 'string' ? `a token of type "${typ.slice(0, 40)}"` : 'a token with no type';
    return {
      ok: false,
      message: `This is ${what}, not a Clearframe certificate (type "${CERTIFICATE_TYPE}"). Paste the certificate from your order or its download, not another token.`,
    };
  }
  if (typeof kid !== 'string' || kid.length === 0)
    return { ok: false, message: 'This certificate names no signing key (its header has no kid).' };
  return { ok: true, value: { jws, keyId: kid } };
}

/**
 * A delivery manifest (JSONL, one entry per line; blank lines ignored) as the entries
 * verification needs, or the first line that is not valid JSON or not an entry.
 */
export function parseManifest(text: string): InputResult<ManifestLineType[]> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const entries: ManifestLineType[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const number = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { ok: false, message: `Line ${number} of the manifest is not valid JSON.` };
    }
    const parsed = ManifestLine.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return {
        ok: false,
        message: `Line ${number} of the manifest is not a manifest entry (${where}${issue.message}).`,
      };
    }
    entries.push(parsed.data);
  }
  if (entries.length === 0) return { ok: false, message: 'The manifest file has no entries.' };
  return { ok: true, value: entries };
}

function timestamp(iso: string): string {
  return formatDateTime(iso);
}

function payloadNotBefore(jws: string): number | null {
  try {
    const payload = decodeSegment(jws.split('.')[1]!) as { nbf?: unknown };
    return typeof payload.nbf === 'number' && Number.isFinite(payload.nbf) ? payload.nbf : null;
  } catch {
    return null;
  }
}

function keyIds(jwks: PublicKeySetType): string {
  const ids = jwks.keys.map((key) => key.kid).filter((kid): kid is string => Boolean(kid));
  return ids.length > 0 ? ids.map((kid) => `"${kid}"`).join(', ') : 'none';
}

function signatureFailure(error: unknown, keyId: string, jwks: PublicKeySetType): string {
  const code = error instanceof CertificateError ? error.code : 'malformed';
  switch (code) {
    case 'bad_signature':
      return `The signature does not match key "${keyId}": the certificate was changed after it was signed, or someone other than Clearframe signed it.`;
    case 'unknown_key':
      return `It names signing key "${keyId}", which is not one of the keys Clearframe publishes (${keyIds(jwks)}). Clearframe did not sign it.`;
    case 'unsupported_algorithm':
      return `${(error as Error).message} Clearframe signs certificates with Ed25519 only.`;
    case 'invalid_key_set':
      return `The platform's published keys could not be used (${(error as Error).message}).`;
    default:
      return `The certificate could not be read: ${(error as Error).message}`;
  }
}

/** Signature first: jose checks it before the times, so an expired certificate has a good signature. */
async function checkSignature(
  jws: string,
  keyId: string,
  jwks: PublicKeySetType,
  now: Date,
): Promise<{ check: VerificationCheck; claims: CertificateClaimsType | null }> {
  const title = 'Signed by Clearframe';
  const passed = (claims: CertificateClaimsType) => ({
    claims,
    check: {
      id: 'signature' as const,
      title,
      outcome: 'pass' as const,
      explanation: `The signature is valid for Clearframe's published key "${keyId}" (Ed25519), so the details below are exactly what Clearframe signed.`,
    },
  });
  const failed = (error: unknown) => ({
    claims: null,
    check: {
      id: 'signature' as const,
      title,
      outcome: 'fail' as const,
      explanation: signatureFailure(error, keyId, jwks),
    },
  });
  try {
    return passed(await verifyCertificate(jws, jwks as KeySet, { now }));
  } catch (error) {
    const outsideWindow =
      error instanceof CertificateError &&
      (error.code === 'expired' || error.code === 'not_yet_valid');
    if (!outsideWindow) return failed(error);
  }
  // Outside its window: read the (already verified) claims at its own start time, so the
  // window is judged by the next check with the dates in hand.
  const notBefore = payloadNotBefore(jws);
  if (notBefore === null) return failed(new CertificateError('malformed', 'It has no start time.'));
  try {
    return passed(
      await verifyCertificate(jws, jwks as KeySet, { now: new Date(notBefore * 1000) }),
    );
  } catch (error) {
    return failed(error);
  }
}

function checkWindow(claims: CertificateClaimsType, now: Date): VerificationCheck {
  const title = 'Within its validity period';
  const from = Date.parse(claims.validFrom);
  const until = claims.validUntil === null ? null : Date.parse(claims.validUntil);
  const period =
    until === null
      ? `Valid from ${timestamp(claims.validFrom)}, with no end date`
      : `Valid from ${timestamp(claims.validFrom)} until ${timestamp(claims.validUntil!)}`;
  const at = timestamp(now.toISOString());
  if (now.getTime() < from)
    return {
      id: 'window',
      title,
      outcome: 'fail',
      explanation: `${period}: it is not valid yet (now: ${at}).`,
    };
  if (until !== null && now.getTime() >= until)
    return {
      id: 'window',
      title,
      outcome: 'fail',
      explanation: `${period}: it has expired (now: ${at}).`,
    };
  return {
    id: 'window',
    title,
    outcome: 'pass',
    explanation: `${period}; now (${at}) is inside that period.`,
  };
}

function checkStatus(
  claims: CertificateClaimsType,
  jws: string,
  lookup: StatusLookup,
): VerificationCheck {
  const title = 'Current status at Clearframe';
  const base = { id: 'status' as const, title };
  if (lookup.kind === 'unavailable')
    return {
      ...base,
      outcome: 'skipped',
      explanation:
        'Clearframe could not be asked for the live status just now, so a revocation would not show. Try again in a moment.',
    };
  if (lookup.kind === 'unknown')
    return {
      ...base,
      outcome: 'fail',
      explanation: `Clearframe has no certificate with id ${claims.certificateId}: the platform does not know it.`,
    };
  const { status } = lookup;
  const checked = `checked ${timestamp(status.checkedAt)}`;
  if (status.jws !== jws)
    return {
      ...base,
      outcome: 'fail',
      explanation: `Clearframe holds a different certificate under id ${claims.certificateId}; the one pasted here is not the one it issued.`,
    };
  switch (status.status) {
    case 'valid':
      return {
        ...base,
        outcome: 'pass',
        explanation: `Clearframe lists this certificate as valid: it has not been revoked (${checked}).`,
      };
    case 'revoked':
      return {
        ...base,
        outcome: 'fail',
        explanation: `Clearframe revoked this certificate${status.revokedAt ? ` on ${timestamp(status.revokedAt)}` : ''} (after a refund or a dispute, for example). It no longer licenses these clips (${checked}).`,
      };
    case 'expired':
      return {
        ...base,
        outcome: 'fail',
        explanation: `Clearframe lists this certificate as expired (${checked}).`,
      };
    case 'not_yet_valid':
      return {
        ...base,
        outcome: 'fail',
        explanation: `Clearframe lists this certificate as not valid yet (${checked}).`,
      };
  }
}

function checkManifest(
  claims: CertificateClaimsType,
  manifest: ManifestLineType[] | null,
): VerificationCheck {
  const title = 'Delivery manifest matches';
  const base = { id: 'manifest' as const, title };
  if (manifest === null)
    return {
      ...base,
      outcome: 'skipped',
      explanation:
        'No manifest was chosen. Add the delivery manifest (.jsonl) to check that the clips you received are the ones this certificate licenses.',
    };
  const total = manifest.length;
  const mine = manifest
    .filter((entry) => entry.certificateId === claims.certificateId)
    .sort((a, b) => a.position - b.position);
  const ofTotal = `${mine.length} of the file's ${total} ${total === 1 ? 'entry belongs' : 'entries belong'} to this certificate`;
  if (mine.length === 0)
    return {
      ...base,
      outcome: 'fail',
      explanation: `None of the file's ${total} ${total === 1 ? 'entry belongs' : 'entries belong'} to this certificate (id ${claims.certificateId}): it is another order's manifest.`,
    };
  const repeated = mine.find(
    (entry, index) => index > 0 && entry.position === mine[index - 1]!.position,
  );
  if (repeated)
    return {
      ...base,
      outcome: 'fail',
      explanation: `${ofTotal}, but two of them claim position ${repeated.position}, so their order is not the licensed one.`,
    };
  const root = merkleRoot(mine.map((entry) => entry.sha256));
  const problems: string[] = [];
  if (root !== claims.clipsMerkleRoot)
    problems.push(
      `their Merkle root is ${root}, but the certificate's clips root is ${claims.clipsMerkleRoot}: at least one clip's checksum or position differs from what was licensed`,
    );
  if (mine.length !== claims.clipCount)
    problems.push(
      `the file lists ${mine.length} of its clips, but the certificate covers ${claims.clipCount}`,
    );
  if (problems.length > 0)
    return { ...base, outcome: 'fail', explanation: `${ofTotal}; ${problems.join('; and ')}.` };
  return {
    ...base,
    outcome: 'pass',
    explanation: `${ofTotal}. Their Merkle root equals the certificate's clips root and their number equals its clip count (${claims.clipCount}): these are exactly the licensed files.`,
  };
}

/**
 * Runs every check on a certificate that `readCertificateInput` accepted: the signature
 * against the platform's keys, the validity period at `now`, the live status (`lookupStatus`,
 * asked only when the signature holds: an unverified id proves nothing) and, when given, the
 * manifest's Merkle root and count. `jwks` null means the keys could not be loaded.
 */
export async function verifyPasted(input: {
  jws: string;
  keyId: string;
  jwks: PublicKeySetType | null;
  manifest: ManifestLineType[] | null;
  lookupStatus: (certificateId: string) => Promise<StatusLookup>;
  now?: Date;
}): Promise<VerificationReport> {
  const now = input.now ?? new Date();
  const report = (checks: VerificationCheck[], claims: CertificateClaimsType | null) => ({
    verified:
      claims !== null &&
      checks.every(
        (check) =>
          check.outcome === 'pass' || (check.id === 'manifest' && check.outcome === 'skipped'),
      ),
    checks,
    claims,
    keyId: input.keyId,
    checkedAt: now.toISOString(),
  });
  const notChecked = (explanation: string): VerificationCheck[] => [
    {
      id: 'window',
      title: 'Within its validity period',
      outcome: 'skipped',
      explanation,
    },
    { id: 'status', title: 'Current status at Clearframe', outcome: 'skipped', explanation },
    { id: 'manifest', title: 'Delivery manifest matches', outcome: 'skipped', explanation },
  ];
  if (input.jwks === null) {
    return report(
      [
        {
          id: 'signature',
          title: 'Signed by Clearframe',
          outcome: 'skipped',
          explanation:
            "Clearframe's published keys could not be loaded, so the signature could not be checked. Try again in a moment.",
        },
        ...notChecked('Not checked: the signature could not be checked first.'),
      ],
      null,
    );
  }
  const signature = await checkSignature(input.jws, input.keyId, input.jwks, now);
  if (!signature.claims)
    return report(
      [
        signature.check,
        ...notChecked(
          'Not checked: without a valid signature, nothing the certificate says can be trusted.',
        ),
      ],
      null,
    );
  const { claims } = signature;
  const lookup = await input.lookupStatus(claims.certificateId);
  return report(
    [
      signature.check,
      checkWindow(claims, now),
      checkStatus(claims, input.jws, lookup),
      checkManifest(claims, input.manifest),
    ],
    claims,
  );
}

/** A manifest is a line per clip (~0.5 KB); past this it is not one a page should read whole. */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** The page's answer: the report, or why the input could not be checked (and which field). */
export type VerifyOutcome =
  | { report: VerificationReport; field: null; error: null }
  | { report: null; field: 'certificate' | 'manifest'; error: string };

/** A file input's value: no file chosen arrives as an empty, unnamed file (or not at all). */
function chosenFile(value: unknown): File | null {
  if (typeof File === 'undefined' || !(value instanceof File)) return null;
  return value.size === 0 && value.name === '' ? null : value;
}

/**
 * The whole page submission: the pasted certificate and the chosen manifest file (either a
 * form's File or nothing), read and checked the same way in the browser and in the action.
 */
export async function runVerification(input: {
  certificate: string;
  manifest: unknown;
  jwks: PublicKeySetType | null;
  lookupStatus: (certificateId: string) => Promise<StatusLookup>;
  now?: Date;
}): Promise<VerifyOutcome> {
  const certificate = readCertificateInput(input.certificate);
  if (!certificate.ok) return { report: null, field: 'certificate', error: certificate.message };
  let manifest: ManifestLineType[] | null = null;
  const file = chosenFile(input.manifest);
  if (file) {
    if (file.size === 0)
      return { report: null, field: 'manifest', error: 'The manifest file is empty.' };
    if (file.size > MAX_MANIFEST_BYTES)
      return {
        report: null,
        field: 'manifest',
        error: `The manifest file is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MB; a delivery manifest is one short line per clip.`,
      };
    const parsed = parseManifest(await file.text());
    if (!parsed.ok) return { report: null, field: 'manifest', error: parsed.message };
    manifest = parsed.value;
  }
  const report = await verifyPasted({
    ...certificate.value,
    jwks: input.jwks,
    manifest,
    lookupStatus: input.lookupStatus,
    now: input.now,
  });
  return { report, field: null, error: null };
}
