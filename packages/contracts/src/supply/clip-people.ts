import { z } from 'zod';
import { Id, PageQuery, singleLineText, Timestamp } from '../common.js';
import { UploadFileName } from './upload.schema.js';

// The likeness ledger: the people who appear in a creator's footage, and per person the
// signed releases (a PDF or an image in the documents bucket) with explicit consent flags.

/** The document types a release may be, recognised by their bytes (never by name). */
export const RELEASE_DOCUMENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
] as const;
export const ReleaseDocumentType = z.enum(RELEASE_DOCUMENT_TYPES, {
  error: 'Upload the release as a PDF, PNG, JPEG or WebP file.',
});
export type ReleaseDocumentTypeType = z.infer<typeof ReleaseDocumentType>;

/** The largest release document accepted (20 MiB: a scanned, multi-page form). */
export const RELEASE_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

/** How many leading bytes `releaseDocumentTypeOf` needs. */
export const RELEASE_SNIFF_BYTES = 12;

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

/**
 * The release document type the bytes are, from their signature, or null for anything else
 * (a text file renamed `.pdf`, say): PDF `%PDF-`, PNG `89 50 4E 47 0D 0A 1A 0A`, JPEG
 * `FF D8 FF`, WebP `RIFF····WEBP`. Give it at least the first `RELEASE_SNIFF_BYTES` bytes.
 */
export function releaseDocumentTypeOf(bytes: Uint8Array): ReleaseDocumentTypeType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  return null;
}

/**
 * What the person agreed to, each flag said explicitly. `aiTraining` has no default: a release
 * that does not say "yes" to AI training is not one. The others default to no.
 * - `aiTraining`: footage showing them may be used to train, fine-tune and evaluate AI models;
 * - `commercialUse`: those uses may be commercial;
 * - `publicPreview`: the watermarked preview may be shown in the public catalog;
 * - `likenessSynthesis`: models may generate their likeness (clip policies may still forbid it).
 */
export const ConsentFlags = z.strictObject({
  aiTraining: z.boolean({
    error: 'Say whether the person consents to their footage training AI models (true or false).',
  }),
  commercialUse: z.boolean().default(false),
  publicPreview: z.boolean().default(false),
  likenessSynthesis: z.boolean().default(false),
});
export type ConsentFlagsType = z.infer<typeof ConsentFlags>;

/** A person's name or the pseudonym the release is signed under. */
export const PersonName = singleLineText({ max: 200, emptyMessage: 'Enter a name or pseudonym.' });

export const Person = z.strictObject({ id: Id, name: z.string() });
export type PersonType = z.infer<typeof Person>;

/** A release is `pending` until its document is uploaded and recognised, then `confirmed`. */
export const ReleaseState = z.enum(['pending', 'confirmed']);

/** `POST /v1/orgs/:orgId/releases`: who signed, when, what they agreed to, and the document. */
export const CreateRelease = z.strictObject({
  /** An existing person of the organization, or a new one by name. */
  person: z.union([z.strictObject({ id: Id }), z.strictObject({ name: PersonName })]),
  /** The date the release was signed (not in the future). */
  signedOn: z.iso.date({ error: 'Enter the date the release was signed (YYYY-MM-DD).' }),
  consent: ConsentFlags,
  document: z.strictObject({
    fileName: UploadFileName,
    contentType: ReleaseDocumentType,
    sizeBytes: z
      .number()
      .int()
      .min(1, { message: 'The document is empty.' })
      .max(RELEASE_DOCUMENT_MAX_BYTES, {
        message: `Use a document of at most ${RELEASE_DOCUMENT_MAX_BYTES / 1024 / 1024} MiB.`,
      }),
  }),
});
export type CreateReleaseType = z.infer<typeof CreateRelease>;

export const Release = z.strictObject({
  id: Id,
  orgId: Id,
  person: Person,
  state: ReleaseState,
  fileName: z.string(),
  /** The type the bytes were recognised as (null until confirmed). */
  contentType: ReleaseDocumentType.nullable(),
  /** The stored size (null until confirmed). */
  sizeBytes: z.number().int().nullable(),
  signedOn: z.iso.date(),
  consent: z.strictObject({
    aiTraining: z.boolean(),
    commercialUse: z.boolean(),
    publicPreview: z.boolean(),
    likenessSynthesis: z.boolean(),
  }),
  createdAt: Timestamp,
  confirmedAt: Timestamp.nullable(),
});
export type ReleaseType = z.infer<typeof Release>;

/** A release with a short-lived link to its document (null while none is stored). */
export const ReleaseWithDocument = Release.extend({
  documentUrl: z.string().nullable(),
});
export type ReleaseWithDocumentType = z.infer<typeof ReleaseWithDocument>;

/** A presigned request the client sends straight to storage with exactly these headers. */
export const PresignedUpload = z.strictObject({
  method: z.literal('PUT'),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  expiresAt: Timestamp,
});
export type PresignedUploadType = z.infer<typeof PresignedUpload>;

/** 201 of `POST …/releases`: PUT the document with `upload`, then `POST …/releases/:id/confirm`. */
export const CreatedRelease = z.strictObject({ release: Release, upload: PresignedUpload });
export type CreatedReleaseType = z.infer<typeof CreatedRelease>;

export const ListReleasesQuery = PageQuery.extend({ personId: Id.optional() });
export type ListReleasesQueryType = z.infer<typeof ListReleasesQuery>;

/** One person on a clip: by an existing release, an existing person, or a new name. */
export const ClipPersonInput = z.union([
  z.strictObject({ releaseId: Id }),
  z.strictObject({ personId: Id }),
  z.strictObject({ name: PersonName }),
]);
export type ClipPersonInputType = z.infer<typeof ClipPersonInput>;

/** `POST …/clips/:clipId/people`: adds one identifiable person (and says there are some). */
export const AddClipPerson = ClipPersonInput;
export type AddClipPersonType = ClipPersonInputType;

export const CLIP_PEOPLE_MAX = 50;

/**
 * `PUT …/clips/:clipId/people`: the whole declaration. Either no identifiable person appears,
 * or these do (each once).
 */
export const SetClipPeople = z.discriminatedUnion('identifiablePeople', [
  z.strictObject({ identifiablePeople: z.literal(false) }),
  z.strictObject({
    identifiablePeople: z.literal(true),
    people: z
      .array(ClipPersonInput)
      .min(1, { message: 'Name at least one person, or say no identifiable person appears.' })
      .max(CLIP_PEOPLE_MAX, { message: `At most ${CLIP_PEOPLE_MAX} people per clip.` }),
  }),
]);
export type SetClipPeopleType = z.infer<typeof SetClipPeople>;

/**
 * Whether a person on a clip is covered: `released` (a confirmed release that consents to AI
 * training), `release_missing`, `release_unconfirmed` (document not yet recognised), or
 * `no_ai_training_consent`. Only `released` lets the clip be submitted.
 */
export const ClipPersonStatus = z.enum([
  'released',
  'release_missing',
  'release_unconfirmed',
  'no_ai_training_consent',
]);
export type ClipPersonStatusType = z.infer<typeof ClipPersonStatus>;

export const ClipPerson = z.strictObject({
  person: Person,
  release: Release.nullable(),
  status: ClipPersonStatus,
});
export type ClipPersonType = z.infer<typeof ClipPerson>;

/** The clip's people declaration: null until the creator says whether anyone identifiable appears. */
export const ClipPeople = z.strictObject({
  identifiablePeople: z.boolean().nullable(),
  people: z.array(ClipPerson),
});
export type ClipPeopleType = z.infer<typeof ClipPeople>;
