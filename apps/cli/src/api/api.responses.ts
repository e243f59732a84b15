import { z } from 'zod';

// What the CLI reads from the API's answers. The API's own response schemas are strict (they
// refuse unknown fields); a command installed on someone's machine must keep working when a
// newer server adds a field, so these read only the fields the CLI uses and ignore the rest.
// Request bodies, in contrast, are built with the contracts' schemas (see upload.request.ts).

export const WhoAmIAnswer = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('user'), userId: z.string(), email: z.string() }),
  z.looseObject({
    type: z.literal('api_key'),
    keyId: z.string(),
    keyName: z.string(),
    /** Absent on servers from before key scopes. */
    scopes: z.array(z.string()).optional(),
    org: z.looseObject({ id: z.string(), name: z.string(), kind: z.string() }),
  }),
]);
export type WhoAmIAnswerType = z.infer<typeof WhoAmIAnswer>;

export const UploadAnswer = z.looseObject({
  id: z.string(),
  clipId: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  partSizeBytes: z.number().int().positive(),
  partCount: z.number().int().positive(),
  state: z.string(),
  expiresAt: z.string(),
});
export type UploadAnswerType = z.infer<typeof UploadAnswer>;

export const ClipAnswer = z.looseObject({ id: z.string(), state: z.string() });

export const UploadWithClip = z.looseObject({ upload: UploadAnswer, clip: ClipAnswer });
export type UploadWithClipType = z.infer<typeof UploadWithClip>;

export const SignedParts = z.looseObject({
  parts: z.array(
    z.looseObject({
      partNumber: z.number().int().positive(),
      url: z.url(),
      headers: z.record(z.string(), z.string()).default({}),
      expiresAt: z.string(),
    }),
  ),
});
export type SignedPartType = z.infer<typeof SignedParts>['parts'][number];

export const StoredParts = z.looseObject({
  parts: z.array(
    z.looseObject({
      partNumber: z.number().int().positive(),
      sizeBytes: z.number().int().nonnegative(),
      etag: z.string(),
    }),
  ),
});
export type StoredPartType = z.infer<typeof StoredParts>['parts'][number];

export const UploadPage = z.looseObject({
  items: z.array(UploadAnswer),
  nextCursor: z.string().nullable(),
});

export const ClipPeopleAnswer = z.looseObject({
  identifiablePeople: z.boolean().nullable(),
  people: z.array(
    z.looseObject({
      person: z.looseObject({ id: z.string(), name: z.string() }),
      status: z.string(),
    }),
  ),
});
export type ClipPeopleAnswerType = z.infer<typeof ClipPeopleAnswer>;

// `clearframe pull`: read as loosely as the rest (a newer server may add fields); the contracts'
// strict `Order`, `ManifestEntry` and `CertificateStatus` are what the server sends.

export const OrderAnswer = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  status: z.string(),
  grants: z.array(
    z.looseObject({
      certificateId: z.string(),
      status: z.string(),
    }),
  ),
});
export type OrderAnswerType = z.infer<typeof OrderAnswer>;

/** One manifest line; the clip id names a file, so it is held to the contracts' uuid. */
export const ManifestLine = z.looseObject({
  clipId: z.uuid(),
  /** The name the clip was uploaded under (its extension names the saved file); older APIs omit it. */
  fileName: z.string().optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().min(0),
  termsHash: z.string().optional(),
  certificateId: z.uuid(),
  position: z.number().int().min(0),
  downloadUrl: z.url({ protocol: /^https?$/ }),
  downloadUrlExpiresAt: z.string().optional(),
});
export type ManifestLineType = z.infer<typeof ManifestLine>;

export const CertificateStatusAnswer = z.looseObject({
  certificateId: z.string(),
  status: z.string(),
  jws: z.string(),
  keyId: z.string().optional(),
  revokedAt: z.string().nullable().optional(),
});
export type CertificateStatusAnswerType = z.infer<typeof CertificateStatusAnswer>;

export const JwksAnswer = z.looseObject({ keys: z.array(z.looseObject({})) });
export type JwksAnswerType = z.infer<typeof JwksAnswer>;
