import { pageOf } from '@clearframe/contracts/common';
import {
  BulkUpdatedClips,
  ClipDetail,
  CreatedRelease,
  PolicyTemplateList,
  Release,
  StudioClip,
  type AddClipPersonType,
  type AttestOwnershipType,
  type BulkUpdateClipsType,
  type ClipStateType,
  type CreateReleaseType,
  type SetClipPeopleType,
  type SetClipPolicyType,
  type UpdateClipType,
} from '@clearframe/contracts/supply';
import { apiRequest, orgPath } from './client.server';

const clipPath = (orgId: string, clipId: string) =>
  `${orgPath(orgId)}/clips/${encodeURIComponent(clipId)}`;

function query(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

// Writes ask for no response schema: the page reloads the clip after each one, so the answer's
// shape is the loader's business, not the action's.

/** A creator organization's clips: the studio table, one clip's page and its changes. */
export const clipsApi = {
  list: (token: string, orgId: string, options: { state?: ClipStateType; cursor?: string }) =>
    apiRequest(`${orgPath(orgId)}/clips${query(options)}`, { token, schema: pageOf(StudioClip) }),
  get: (token: string, orgId: string, clipId: string) =>
    apiRequest(clipPath(orgId, clipId), { token, schema: ClipDetail }),
  update: (token: string, orgId: string, clipId: string, body: UpdateClipType) =>
    apiRequest(clipPath(orgId, clipId), { method: 'PATCH', token, body }),
  setPeople: (token: string, orgId: string, clipId: string, body: SetClipPeopleType) =>
    apiRequest(`${clipPath(orgId, clipId)}/people`, { method: 'PUT', token, body }),
  addPerson: (token: string, orgId: string, clipId: string, body: AddClipPersonType) =>
    apiRequest(`${clipPath(orgId, clipId)}/people`, { method: 'POST', token, body }),
  setPolicy: (token: string, orgId: string, clipId: string, body: SetClipPolicyType) =>
    apiRequest(`${clipPath(orgId, clipId)}/policy`, { method: 'PUT', token, body }),
  attest: (token: string, orgId: string, clipId: string, body: AttestOwnershipType) =>
    apiRequest(`${clipPath(orgId, clipId)}/attest`, { method: 'POST', token, body }),
  submit: (token: string, orgId: string, clipId: string) =>
    apiRequest(`${clipPath(orgId, clipId)}/submit`, { method: 'POST', token, body: {} }),
  delist: (token: string, orgId: string, clipId: string) =>
    apiRequest(`${clipPath(orgId, clipId)}/delist`, { method: 'POST', token, body: {} }),
  bulk: (token: string, orgId: string, body: BulkUpdateClipsType) =>
    apiRequest(`${orgPath(orgId)}/clips/bulk`, {
      method: 'POST',
      token,
      body,
      schema: BulkUpdatedClips,
    }),

  createRelease: (token: string, orgId: string, body: CreateReleaseType) =>
    apiRequest(`${orgPath(orgId)}/releases`, {
      method: 'POST',
      token,
      body,
      schema: CreatedRelease,
    }),
  confirmRelease: (token: string, orgId: string, releaseId: string) =>
    apiRequest(`${orgPath(orgId)}/releases/${encodeURIComponent(releaseId)}/confirm`, {
      method: 'POST',
      token,
      body: {},
      schema: Release,
    }),

  policyTemplates: (token: string) =>
    apiRequest('/v1/policy-templates', { token, schema: PolicyTemplateList }),
};

/**
 * Sends a release document to the presigned URL the API gave (`CreatedRelease.upload`). The
 * web server does this for the no-JavaScript form; the bytes go to storage, not to the API.
 */
export async function storeReleaseDocument(
  upload: { url: string; headers: Record<string, string> },
  bytes: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  try {
    const response = await fetch(upload.url, {
      method: 'PUT',
      headers: upload.headers,
      body: bytes,
      signal: AbortSignal.timeout(30_000),
    });
    return response.ok;
  } catch (cause) {
    console.error('Storing a release document failed', cause);
    return false;
  }
}
