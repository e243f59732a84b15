import { z } from 'zod';
import { Id, PageQuery, singleLineText, Timestamp } from '../common.js';
import { ClipDetails, ClipSummary } from './clip.schema.js';

// ---------------------------------------------------------------------------
// Multipart uploads: the client sends footage straight to storage in presigned parts
// ---------------------------------------------------------------------------

/** S3's limits: at most 10,000 parts; every part but the last at least 5 MiB. */
export const MAX_PART_COUNT = 10_000;
/** Clearframe's smallest part: fewer round trips than S3's 5 MiB minimum. */
export const MIN_PART_SIZE_BYTES = 8 * 1024 * 1024;
/** How many part URLs one call may ask for. */
export const MAX_PARTS_PER_SIGN_REQUEST = 100;

/**
 * The part size for a file: 8 MiB, doubled until the file fits in 10,000 parts. Every part but
 * the last has exactly this size; the API and every client compute it the same way.
 */
export function partSizeFor(sizeBytes: number): number {
  let size = MIN_PART_SIZE_BYTES;
  while (size * MAX_PART_COUNT < sizeBytes) size *= 2;
  return size;
}

/** How many parts a file of `sizeBytes` has (at least one, for an empty file). */
export function partCountFor(sizeBytes: number): number {
  return Math.max(1, Math.ceil(sizeBytes / partSizeFor(sizeBytes)));
}

/**
 * Accepted containers by file extension, with the content types browsers and tools send for
 * them. `application/octet-stream` (or no type at all) is accepted for any of them: browsers
 * know no type for `.mkv` or `.mxf` on many systems.
 */
export const UPLOAD_CONTAINERS = {
  mp4: ['video/mp4'],
  mov: ['video/quicktime'],
  m4v: ['video/x-m4v', 'video/mp4'],
  mkv: ['video/x-matroska', 'video/matroska'],
  webm: ['video/webm'],
  avi: ['video/x-msvideo', 'video/avi', 'video/msvideo'],
  mxf: ['application/mxf'],
} as const satisfies Record<string, readonly string[]>;
export type UploadContainerType = keyof typeof UPLOAD_CONTAINERS;

const GENERIC_CONTENT_TYPES = new Set(['', 'application/octet-stream']);

/**
 * The container a file is accepted as, from its extension and declared content type, or null
 * when either is outside the allow-list (or they disagree).
 */
export function uploadContainerFor(
  fileName: string,
  contentType: string,
): UploadContainerType | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (!extension || !Object.hasOwn(UPLOAD_CONTAINERS, extension)) return null;
  const container = extension as UploadContainerType;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (GENERIC_CONTENT_TYPES.has(type)) return container;
  return (UPLOAD_CONTAINERS[container] as readonly string[]).includes(type) ? container : null;
}

const MAX_FILE_NAME_BYTES = 255;

/**
 * A file's own name, never a path: no `/` or `\`, no `..`, no control or invisible characters
 * (the rules of every human text field), at most 255 bytes of UTF-8 (what file systems allow).
 */
export const UploadFileName = singleLineText({
  max: MAX_FILE_NAME_BYTES,
  emptyMessage: 'Name the file.',
})
  .refine((name) => !/[/\\]/.test(name), { message: 'Use the file name without a folder path.' })
  .refine((name) => !name.includes('..'), { message: 'Remove ".." from the file name.' })
  .refine((name) => new TextEncoder().encode(name).length <= MAX_FILE_NAME_BYTES, {
    message: `Use a file name of at most ${MAX_FILE_NAME_BYTES} bytes.`,
  });

/** Lower-case hex SHA-256 of the whole file. */
export const Sha256Hex = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, { message: 'Give the SHA-256 as 64 hexadecimal digits.' })
  .transform((value) => value.toLowerCase());

export const CreateUpload = z.strictObject({
  fileName: UploadFileName,
  /** The whole file's size; the verification job compares it with what storage holds. */
  sizeBytes: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  /** The browser's `File.type`; empty or `application/octet-stream` when unknown. */
  contentType: z
    .string()
    .max(255)
    .regex(/^$|^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(\s*;.*)?$/, {
      message: 'Give a media type such as video/mp4.',
    }),
  /** Optional: when given, the verification job refuses a file whose SHA-256 differs. */
  sha256: Sha256Hex.optional(),
  /** Optional description of the clip the upload becomes. */
  clip: ClipDetails.optional(),
});
export type CreateUploadType = z.infer<typeof CreateUpload>;

export const UPLOAD_STATES = ['uploading', 'completed', 'aborted'] as const;
export const UploadState = z.enum(UPLOAD_STATES);
export type UploadStateType = z.infer<typeof UploadState>;

export const Upload = z.strictObject({
  id: Id,
  clipId: Id,
  fileName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  partSizeBytes: z.number().int().positive(),
  partCount: z.number().int().positive(),
  state: UploadState,
  createdAt: Timestamp,
  /** An upload still open after this is abandoned: a scheduled job aborts it. */
  expiresAt: Timestamp,
});
export type UploadType = z.infer<typeof Upload>;

/** The answer of create and complete: the upload and the clip it becomes. */
export const UploadWithClip = z.strictObject({ upload: Upload, clip: ClipSummary });
export type UploadWithClipType = z.infer<typeof UploadWithClip>;

const PartNumber = z.number().int().min(1).max(MAX_PART_COUNT);

export const SignUploadParts = z.strictObject({
  partNumbers: z
    .array(PartNumber)
    .min(1, { message: 'Ask for at least one part.' })
    .max(MAX_PARTS_PER_SIGN_REQUEST, {
      message: `Ask for at most ${MAX_PARTS_PER_SIGN_REQUEST} parts at a time.`,
    })
    .refine((numbers) => new Set(numbers).size === numbers.length, {
      message: 'Ask for each part once.',
    }),
});
export type SignUploadPartsType = z.infer<typeof SignUploadParts>;

/** A presigned `PUT` of one part: send the part's bytes with exactly these headers. */
export const SignedUploadPart = z.strictObject({
  partNumber: PartNumber,
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  expiresAt: Timestamp,
});
export const SignedUploadParts = z.strictObject({ parts: z.array(SignedUploadPart) });
export type SignedUploadPartsType = z.infer<typeof SignedUploadParts>;

/** A part storage already holds (for resuming). */
export const StoredUploadPart = z.strictObject({
  partNumber: PartNumber,
  sizeBytes: z.number().int().nonnegative(),
  etag: z.string(),
});
export const StoredUploadParts = z.strictObject({ parts: z.array(StoredUploadPart) });
export type StoredUploadPartsType = z.infer<typeof StoredUploadParts>;

export const CompleteUpload = z.strictObject({
  parts: z
    .array(z.strictObject({ partNumber: PartNumber, etag: z.string().min(1).max(200) }))
    .min(1, { message: 'List the uploaded parts.' })
    .max(MAX_PART_COUNT),
});
export type CompleteUploadType = z.infer<typeof CompleteUpload>;

export const ListUploadsQuery = PageQuery.extend({ state: UploadState.optional() });
export type ListUploadsQueryType = z.infer<typeof ListUploadsQuery>;

/** The optional header that makes `POST …/uploads` safe to retry. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, { message: 'Use 1–255 visible ASCII characters.' });
