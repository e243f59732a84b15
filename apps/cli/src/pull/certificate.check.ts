import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CertificateError,
  merkleRoot,
  verifyCertificate,
  type CertificateClaimsType,
} from '@clearframe/contracts/certificates';
import type { ApiClient } from '../api/api.client.js';
import { ApiProblemError } from '../api/api.errors.js';
import type { CertificateStatusAnswerType, JwksAnswerType } from '../api/api.responses.js';

/** What the manifest said about one certificate's clips, gathered line by line. */
export class CertificateClips {
  /** SHA-256s by Merkle position. */
  readonly byPosition: Array<string | undefined> = [];
  readonly duplicatePositions: number[] = [];
  readonly termsHashes = new Set<string>();
  count = 0;

  add(position: number, sha256: string, termsHash: string | undefined): void {
    this.count += 1;
    if (termsHash !== undefined) this.termsHashes.add(termsHash);
    if (this.byPosition[position] !== undefined) this.duplicatePositions.push(position);
    else this.byPosition[position] = sha256;
  }
}

export interface CertificateCheck {
  certificateId: string;
  /** The API's live status (`valid`, `revoked`, …), null when it could not be fetched. */
  status: string | null;
  /** Clips of the manifest under this certificate. */
  clipCount: number;
  problems: string[];
}

type JsonWebKeySet = Parameters<typeof verifyCertificate>[1];

/**
 * Fetches a certificate, writes `<dir>/<id>.jws` and `<id>.json`, and checks it: the signature
 * against the API's JWKS (offline verifier from contracts), the live status is `valid`, the
 * licensee is this organization, and the Merkle root of the manifest's SHA-256s in position
 * order (positions 0…n-1, n = clipCount) is the one the certificate signs. Each failure is
 * a sentence in `problems`; nothing throws but an interrupt.
 */
export async function checkCertificate(options: {
  api: ApiClient;
  certificateId: string;
  clips: CertificateClips | undefined;
  jwks: JwksAnswerType;
  orgId: string;
  dir: string;
  signal?: AbortSignal;
  now?: Date;
}): Promise<CertificateCheck> {
  const { certificateId, clips } = options;
  const check: CertificateCheck = {
    certificateId,
    status: null,
    clipCount: clips?.count ?? 0,
    problems: [],
  };
  let answer: CertificateStatusAnswerType;
  try {
    answer = await options.api.certificateStatus(certificateId, options.signal);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    check.problems.push(
      error instanceof ApiProblemError && error.status === 404
        ? `the API has no such certificate (${error.message})`
        : `the certificate could not be fetched: ${(error as Error).message}`,
    );
    return check;
  }
  check.status = answer.status;
  await writeFile(path.join(options.dir, `${certificateId}.jws`), answer.jws);
  await writeFile(
    path.join(options.dir, `${certificateId}.json`),
    `${JSON.stringify(answer, null, 2)}\n`,
  );
  if (answer.certificateId !== certificateId)
    check.problems.push(`the API answered for another certificate (${answer.certificateId})`);

  let claims: CertificateClaimsType | null = null;
  let verifyCode: string | null = null;
  try {
    claims = await verifyCertificate(answer.jws, options.jwks as JsonWebKeySet, {
      now: options.now,
    });
  } catch (error) {
    if (!(error instanceof CertificateError)) throw error;
    verifyCode = error.code;
    check.problems.push(
      error.code === 'expired' || error.code === 'not_yet_valid'
        ? `the signed validity window excludes now: ${error.message} [${error.code}]`
        : `the signature does not verify against the API's keys (/.well-known/jwks.json): ${error.message} [${error.code}]`,
    );
  }
  // An expired certificate fails both checks; it is said once.
  if (answer.status !== 'valid' && answer.status !== verifyCode)
    check.problems.push(
      `the certificate is ${answer.status}${answer.status === 'revoked' && answer.revokedAt ? ` (since ${answer.revokedAt})` : ''}, not valid`,
    );
  if (!claims) return check;

  if (claims.certificateId !== certificateId)
    check.problems.push(`the signed certificate id is ${claims.certificateId}`);
  if (claims.licensee.orgId !== options.orgId)
    check.problems.push(
      `the certificate licenses ${claims.licensee.name} (${claims.licensee.orgId}), not this organization`,
    );
  if (!clips || clips.count === 0) {
    check.problems.push(
      `the manifest lists none of its ${claims.clipCount} clip${claims.clipCount === 1 ? '' : 's'}`,
    );
    return check;
  }
  for (const termsHash of clips.termsHashes)
    if (termsHash !== claims.termsHash)
      check.problems.push(
        `a manifest entry carries terms ${termsHash}, the certificate signs ${claims.termsHash}`,
      );
  if (clips.duplicatePositions.length > 0)
    check.problems.push(
      `the manifest lists position${clips.duplicatePositions.length === 1 ? '' : 's'} ${clips.duplicatePositions.join(', ')} more than once`,
    );
  const missing: number[] = [];
  for (let position = 0; position < clips.byPosition.length; position += 1)
    if (clips.byPosition[position] === undefined) missing.push(position);
  if (missing.length > 0)
    check.problems.push(
      `the manifest skips position${missing.length === 1 ? '' : 's'} ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}`,
    );
  if (clips.count !== claims.clipCount)
    check.problems.push(
      `the manifest lists ${clips.count} clip${clips.count === 1 ? '' : 's'}, the certificate signs ${claims.clipCount}`,
    );
  if (missing.length === 0 && clips.duplicatePositions.length === 0) {
    const root = merkleRoot(clips.byPosition as string[]);
    if (root !== claims.clipsMerkleRoot)
      check.problems.push(
        `the Merkle root of the manifest's SHA-256s is ${root}, the certificate signs ${claims.clipsMerkleRoot}`,
      );
  }
  return check;
}
