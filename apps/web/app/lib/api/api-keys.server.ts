import { ApiKey, CreatedApiKey, type CreateApiKeyType } from '@clearframe/contracts/accounts';
import { listOf } from '@clearframe/contracts/common';
import { apiRequest, orgPath } from './client.server';

/** An organization's API keys (creators and labs), with their scopes. */
export const apiKeysApi = {
  listApiKeys: (token: string, orgId: string) =>
    apiRequest(`${orgPath(orgId)}/api-keys`, { token, schema: listOf(ApiKey) }),
  createApiKey: (token: string, orgId: string, body: CreateApiKeyType) =>
    apiRequest(`${orgPath(orgId)}/api-keys`, {
      method: 'POST',
      token,
      body,
      schema: CreatedApiKey,
    }),
  revokeApiKey: (token: string, orgId: string, keyId: string) =>
    apiRequest(`${orgPath(orgId)}/api-keys/${encodeURIComponent(keyId)}`, {
      method: 'DELETE',
      token,
    }),
};
