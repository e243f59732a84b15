import { listOf } from '@clearframe/contracts/common';
import {
  CitableGrant,
  ClipLicenses,
  CreatorLicensedWork,
  Declaration,
  Disclosure,
  LabPublicPage,
  Model,
  PublicWorkSettings,
  ModelDisclosureObligations,
  OverdueDisclosureRecord,
  type DeclareStageType,
  type RegisterModelType,
  type SetPublicWorkType,
  type UpdateModelType,
} from '@clearframe/contracts/transparency';
import { env } from '../env.server';
import { apiRequest, orgPath } from './client.server';

const modelPath = (orgId: string, modelId: string) =>
  `${orgPath(orgId)}/models/${encodeURIComponent(modelId)}`;

/** The files of a public disclosure, as the API serves them. */
export const DISCLOSURE_FILES = {
  'disclosure.json': { path: '', type: 'application/json; charset=utf-8' },
  'disclosure.jws': { path: '', type: 'application/jose; charset=utf-8' },
  'eu-ai-act.md': { path: '/eu-ai-act.md', type: 'text/markdown; charset=utf-8' },
  'eu-ai-act.json': { path: '/eu-ai-act.json', type: 'application/json; charset=utf-8' },
  'croissant.json': { path: '/croissant.json', type: 'application/ld+json; charset=utf-8' },
} as const;
export type DisclosureFile = keyof typeof DISCLOSURE_FILES;

/**
 * A lab's models, declarations and disclosures; public disclosures; a creator's clip licenses and
 * public licensed-work page.
 */
export const modelsApi = {
  list: (token: string, orgId: string) =>
    apiRequest(`${orgPath(orgId)}/models`, { token, schema: listOf(Model) }),
  register: (token: string, orgId: string, body: RegisterModelType) =>
    apiRequest(`${orgPath(orgId)}/models`, { method: 'POST', token, body, schema: Model }),
  get: (token: string, orgId: string, modelId: string) =>
    apiRequest(modelPath(orgId, modelId), { token, schema: Model }),
  update: (token: string, orgId: string, modelId: string, body: UpdateModelType) =>
    apiRequest(modelPath(orgId, modelId), { method: 'PATCH', token, body, schema: Model }),
  grants: (token: string, orgId: string) =>
    apiRequest(`${orgPath(orgId)}/grants`, { token, schema: listOf(CitableGrant) }),
  declarations: (token: string, orgId: string, modelId: string) =>
    apiRequest(`${modelPath(orgId, modelId)}/declarations`, {
      token,
      schema: listOf(Declaration),
    }),
  declare: (token: string, orgId: string, modelId: string, body: DeclareStageType) =>
    apiRequest(`${modelPath(orgId, modelId)}/declarations`, {
      method: 'POST',
      token,
      body,
      schema: Declaration,
    }),
  disclosures: (token: string, orgId: string, modelId: string) =>
    apiRequest(`${modelPath(orgId, modelId)}/disclosures`, { token, schema: listOf(Disclosure) }),
  publish: (token: string, orgId: string, modelId: string) =>
    apiRequest(`${modelPath(orgId, modelId)}/disclosures`, {
      method: 'POST',
      token,
      body: {},
      schema: Disclosure,
    }),
  obligations: (token: string, orgId: string, modelId: string) =>
    apiRequest(`${modelPath(orgId, modelId)}/disclosure-obligations`, {
      token,
      schema: ModelDisclosureObligations,
    }),
  overdueDisclosures: (token: string) =>
    apiRequest('/v1/operator/overdue-disclosures', {
      token,
      schema: listOf(OverdueDisclosureRecord),
    }),
  publicDisclosure: (id: string) =>
    apiRequest(`/v1/disclosures/${encodeURIComponent(id)}`, { schema: Disclosure }),
  labPage: (orgId: string) =>
    apiRequest(`/v1/labs/${encodeURIComponent(orgId)}/models`, { schema: LabPublicPage }),
  /** A studio's public licensed-work page (404 unless the studio opted in). */
  creatorPage: (orgId: string) =>
    apiRequest(`/v1/creators/${encodeURIComponent(orgId)}/licensed-work`, {
      schema: CreatorLicensedWork,
    }),
  publicWork: (token: string, orgId: string) =>
    apiRequest(`${orgPath(orgId)}/public-work`, { token, schema: PublicWorkSettings }),
  setPublicWork: (token: string, orgId: string, body: SetPublicWorkType) =>
    apiRequest(`${orgPath(orgId)}/public-work`, {
      method: 'PUT',
      token,
      body,
      schema: PublicWorkSettings,
    }),
  clipLicenses: (token: string, orgId: string, clipId: string) =>
    apiRequest(`${orgPath(orgId)}/clips/${encodeURIComponent(clipId)}/licenses`, {
      token,
      schema: ClipLicenses,
    }),
  /** A public disclosure's export, as the API answers (for the web to pass on). */
  file(id: string, file: DisclosureFile): Promise<Response> {
    return fetch(
      new URL(
        `/v1/disclosures/${encodeURIComponent(id)}${DISCLOSURE_FILES[file].path}`,
        env.API_URL,
      ),
      { signal: AbortSignal.timeout(30_000) },
    );
  },
};
