import { CertificateStatus } from '@clearframe/contracts/demand';
import { PublicKeySet } from '../certificate-check';
import { apiRequest } from './client.server';

/** Public certificate look-ups: the live status of one certificate and the platform's signing keys. */
export const certificatesApi = {
  // `from`: the visitor's request, so the API rate-limits public look-ups per visitor.
  status: (certificateId: string, from?: Request) =>
    apiRequest(`/v1/certificates/${encodeURIComponent(certificateId)}`, {
      schema: CertificateStatus,
      from,
    }),
  // At the API origin's root, where JOSE tooling looks for it (not under /v1).
  jwks: (from?: Request) => apiRequest('/.well-known/jwks.json', { schema: PublicKeySet, from }),
};
