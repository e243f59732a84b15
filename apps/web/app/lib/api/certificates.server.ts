import { CertificateStatus } from '@clearframe/contracts/demand';
import { PublicKeySet } from '../certificate-check';
import { apiRequest } from './client.server';

/** Public certificate look-ups: the live status of one certificate and the platform's signing keys. */
export const certificatesApi = {
  status: (certificateId: string) =>
    apiRequest(`/v1/certificates/${encodeURIComponent(certificateId)}`, {
      schema: CertificateStatus,
    }),
  // At the API origin's root, where JOSE tooling looks for it (not under /v1).
  jwks: () => apiRequest('/.well-known/jwks.json', { schema: PublicKeySet }),
};
