import {
  IDEMPOTENCY_KEY_HEADER,
  SignedUploadParts,
  StoredUploadParts,
  UploadWithClip,
  type CompleteUploadType,
  type CreateUploadType,
  type SignUploadPartsType,
} from '@clearframe/contracts/supply';
import { apiRequest, orgPath } from './client.server';

const uploadPath = (orgId: string, uploadId: string) =>
  `${orgPath(orgId)}/uploads/${encodeURIComponent(uploadId)}`;

/** A creator organization's multipart uploads (the studio's Uppy signs through these). */
export const uploadsApi = {
  create: (token: string, orgId: string, body: CreateUploadType, idempotencyKey?: string) =>
    apiRequest(`${orgPath(orgId)}/uploads`, {
      method: 'POST',
      token,
      body,
      schema: UploadWithClip,
      headers: idempotencyKey ? { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } : undefined,
    }),
  signParts: (token: string, orgId: string, uploadId: string, body: SignUploadPartsType) =>
    apiRequest(`${uploadPath(orgId, uploadId)}/parts`, {
      method: 'POST',
      token,
      body,
      schema: SignedUploadParts,
    }),
  listParts: (token: string, orgId: string, uploadId: string) =>
    apiRequest(`${uploadPath(orgId, uploadId)}/parts`, { token, schema: StoredUploadParts }),
  complete: (token: string, orgId: string, uploadId: string, body: CompleteUploadType) =>
    apiRequest(`${uploadPath(orgId, uploadId)}/complete`, {
      method: 'POST',
      token,
      body,
      schema: UploadWithClip,
    }),
  abort: (token: string, orgId: string, uploadId: string) =>
    apiRequest(uploadPath(orgId, uploadId), { method: 'DELETE', token }),
};
