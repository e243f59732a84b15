import {
  verifyCertificate,
  verifyInclusion,
  type CertificateClaimsType,
} from '@clearframe/contracts/certificates';
import {
  FootageSha256,
  type FootageCertificateType,
  type FootageLookupType,
} from '@clearframe/contracts/demand';
import type { PublicKeySetType, StatusLookup } from './certificate-check';

// "Was my footage used?": the same check in the browser (after hashing the file there) and on
// the server (the no-JavaScript form). For each certificate the lookup lists, the certificate is
// fetched, its signature checked against Clearframe's published keys, and the inclusion proof
// checked against the Merkle root and clip count it signs, never against the lookup's copies.

type KeySet = Parameters<typeof verifyCertificate>[1];

const CONCURRENT_CHECKS = 4;

/** What the lookup said about a file hash. */
export type FootageLookupResult =
  { kind: 'found'; lookup: FootageLookupType } | { kind: 'unavailable' };

export type ProofOutcome = 'verified' | 'failed' | 'not_checked';

export interface FootageItem {
  certificateId: string;
  /** From the signed certificate when its signature verified, else the lookup's. */
  licenseeName: string;
  status: FootageCertificateType['status'];
  issuedAt: string;
  validUntil: string | null;
  clipCount: number;
  leafIndex: number;
  proof: ProofOutcome;
  explanation: string;
}

/** A public model disclosure citing a certificate that covers the file. */
export interface FootageDisclosureItem {
  disclosureId: string;
  modelName: string;
  modelVersion: string;
  labName: string;
  publishedAt: string;
  certificateIds: string[];
  /** Verified when a cited certificate's own signature and inclusion proof verified here. */
  proof: ProofOutcome;
}

export interface FootageReport {
  sha256: string;
  items: FootageItem[];
  disclosures: FootageDisclosureItem[];
  checkedAt: string;
}

/** The report, or why there is none (`field` when the hash itself is the problem). */
export type FootageOutcome =
  | { report: FootageReport; error: null; field: null }
  | { report: null; error: string; field: 'sha256' | null };

/** The hash as typed or pasted, or why it is not one. */
export function readSha256(
  text: string,
): { ok: true; sha256: string } | { ok: false; message: string } {
  const parsed = FootageSha256.safeParse(text);
  return parsed.success
    ? { ok: true, sha256: parsed.data }
    : { ok: false, message: 'Enter the file’s SHA-256: 64 characters, 0–9 and a–f.' };
}

function notBeforeOf(jws: string): Date | null {
  try {
    const payload = JSON.parse(
      new TextDecoder().decode(base64UrlToBytes(jws.split('.')[1] ?? '')),
    ) as { nbf?: unknown };
    return typeof payload.nbf === 'number' ? new Date(payload.nbf * 1000) : null;
  } catch {
    return null;
  }
}

function base64UrlToBytes(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/**
 * The signed claims of a certificate, whatever its validity window: the signature is what
 * matters here (an expired or revoked licence still shows the file was licensed), so it is
 * checked at the certificate's own start time; its live status is shown separately.
 */
async function signedClaims(
  jws: string,
  jwks: PublicKeySetType,
): Promise<CertificateClaimsType | null> {
  const notBefore = notBeforeOf(jws);
  if (notBefore === null) return null;
  try {
    return await verifyCertificate(jws, jwks as KeySet, { now: notBefore });
  } catch {
    return null;
  }
}

async function checkItem(
  item: FootageCertificateType,
  sha256: string,
  jwks: PublicKeySetType | null,
  lookupStatus: (certificateId: string) => Promise<StatusLookup>,
): Promise<FootageItem> {
  const base = {
    certificateId: item.certificateId,
    licenseeName: item.licensee.name,
    status: item.status,
    issuedAt: item.issuedAt,
    validUntil: item.validUntil,
    clipCount: item.clipCount,
    leafIndex: item.proof.leafIndex,
  };
  const notChecked = (explanation: string): FootageItem => ({
    ...base,
    proof: 'not_checked',
    explanation,
  });
  if (jwks === null)
    return notChecked("Not checked: Clearframe's published keys could not be loaded just now.");
  const found = await lookupStatus(item.certificateId);
  if (found.kind !== 'found')
    return notChecked('Not checked: the certificate could not be loaded just now.');
  const claims = await signedClaims(found.status.jws, jwks);
  if (claims === null || claims.certificateId !== item.certificateId)
    return {
      ...base,
      proof: 'failed',
      explanation: "The certificate's signature does not verify with Clearframe's published keys.",
    };
  const signed = { ...base, licenseeName: claims.licensee.name, clipCount: claims.clipCount };
  if (
    item.proof.sha256 !== sha256 ||
    !verifyInclusion(item.proof, claims.clipsMerkleRoot, claims.clipCount)
  )
    return {
      ...signed,
      proof: 'failed',
      explanation:
        'The inclusion proof does not lead to the Merkle root this certificate signs: do not rely on this entry.',
    };
  return {
    ...signed,
    proof: 'verified',
    explanation: `Clip ${(item.proof.leafIndex + 1).toLocaleString('en-US')} of ${claims.clipCount.toLocaleString('en-US')}: the proof leads from this file's hash to the Merkle root the certificate signs (RFC 9162).`,
  };
}

/** Looks a file hash up and checks every certificate the answer lists. */
export async function checkFootage(input: {
  sha256: string;
  jwks: PublicKeySetType | null;
  lookup: (sha256: string) => Promise<FootageLookupResult>;
  lookupStatus: (certificateId: string) => Promise<StatusLookup>;
  now?: Date;
}): Promise<FootageOutcome> {
  const read = readSha256(input.sha256);
  if (!read.ok) return { report: null, error: read.message, field: 'sha256' };
  const answer = await input.lookup(read.sha256);
  if (answer.kind !== 'found')
    return {
      report: null,
      error: 'Clearframe cannot be reached right now. Try again in a moment.',
      field: null,
    };
  // A few certificates at a time: a file in many certificates must not burst past the API's
  // per-visitor limit on public look-ups.
  const items: FootageItem[] = [];
  const listed = answer.lookup.certificates;
  for (let at = 0; at < listed.length; at += CONCURRENT_CHECKS) {
    items.push(
      ...(await Promise.all(
        listed
          .slice(at, at + CONCURRENT_CHECKS)
          .map((item) => checkItem(item, read.sha256, input.jwks, input.lookupStatus)),
      )),
    );
  }
  const proofOf = new Map(items.map((item) => [item.certificateId, item.proof]));
  const disclosures: FootageDisclosureItem[] = answer.lookup.disclosures.map((disclosure) => {
    const proofs = disclosure.certificateIds.map((id) => proofOf.get(id) ?? 'not_checked');
    return {
      disclosureId: disclosure.disclosureId,
      modelName: disclosure.model.name,
      modelVersion: disclosure.model.version,
      labName: disclosure.lab.name,
      publishedAt: disclosure.publishedAt,
      certificateIds: disclosure.certificateIds,
      proof: proofs.includes('verified')
        ? 'verified'
        : proofs.includes('failed')
          ? 'failed'
          : 'not_checked',
    };
  });
  return {
    report: {
      sha256: read.sha256,
      items,
      disclosures,
      checkedAt: (input.now ?? new Date()).toISOString(),
    },
    error: null,
    field: null,
  };
}
