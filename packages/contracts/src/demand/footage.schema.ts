import { z } from 'zod';
import { Id, Timestamp } from '../common.js';
import { InclusionProof } from '../certificates/merkle.tree.js';
import { CERTIFICATE_STATUSES, Sha256Hex } from './order.schema.js';

// "Was my footage used?": anyone holding a file can ask which certificates cover it and get,
// for each, an RFC 9162 inclusion proof to check against the certificate's signed Merkle root.
// Knowing a file's exact sha256 is what lets one ask, so nothing here is listed by anything else.

/** A file's sha256 as people paste it: spaces trimmed, either case, stored lower-case. */
export const FootageSha256 = z.string().trim().toLowerCase().pipe(Sha256Hex);

/** `GET /v1/certificates/:id/proof?sha256=…` query. */
export const CertificateProofQuery = z.strictObject({ sha256: FootageSha256 });
export type CertificateProofQueryType = z.infer<typeof CertificateProofQuery>;

/**
 * `GET /v1/certificates/:id/proof` (public): whether the file is among the certificate's clips
 * and, if it is, the proof; verify it with `verifyInclusion(proof, clipsMerkleRoot, clipCount)`
 * using the root and count from the signed certificate, not these copies.
 */
export const CertificateInclusion = z.discriminatedUnion('included', [
  z.strictObject({
    certificateId: Id,
    included: z.literal(true),
    clipsMerkleRoot: Sha256Hex,
    clipCount: z.number().int().min(1),
    proof: InclusionProof,
  }),
  z.strictObject({ certificateId: Id, included: z.literal(false), sha256: Sha256Hex }),
]);
export type CertificateInclusionType = z.infer<typeof CertificateInclusion>;

/** One certificate that covers the file: what the certificate itself says publicly, and the proof. */
export const FootageCertificate = z.strictObject({
  certificateId: Id,
  licensee: z.strictObject({ name: z.string() }),
  status: z.enum(CERTIFICATE_STATUSES),
  issuedAt: Timestamp,
  validUntil: Timestamp.nullable(),
  clipsMerkleRoot: Sha256Hex,
  clipCount: z.number().int().min(1),
  proof: InclusionProof,
});
export type FootageCertificateType = z.infer<typeof FootageCertificate>;

/** A public model disclosure that cites a certificate covering the file. */
export const FootageDisclosure = z.strictObject({
  disclosureId: Id,
  model: z.strictObject({ name: z.string(), version: z.string() }),
  lab: z.strictObject({ orgId: Id, name: z.string() }),
  publishedAt: Timestamp,
  /** Which of the listed certificates the disclosure cites (each carries the file's proof). */
  certificateIds: z.array(Id).min(1),
});
export type FootageDisclosureType = z.infer<typeof FootageDisclosure>;

/**
 * `GET /v1/footage/:sha256` (public): every certificate that includes the file, newest first,
 * and every public model disclosure citing one of them (a model not yet public is not named).
 */
export const FootageLookup = z.strictObject({
  sha256: Sha256Hex,
  certificates: z.array(FootageCertificate),
  disclosures: z.array(FootageDisclosure),
  checkedAt: Timestamp,
});
export type FootageLookupType = z.infer<typeof FootageLookup>;
