import type { PublicKeySetType, StatusLookup } from './certificate-check';
import { certificatesApi } from './api/certificates.server';

// The server side of /verify: the platform's keys and a certificate's live status, where an
// unreachable API is "could not check" on the page rather than an error page, so the person
// still sees what could be checked.

/** The platform's JWKS, or null when the API cannot give it right now. */
export async function loadKeySet(from?: Request): Promise<PublicKeySetType | null> {
  try {
    const result = await certificatesApi.jwks(from);
    return result.ok ? result.data : null;
  } catch (error) {
    if (error instanceof Response) return null;
    throw error;
  }
}

/** `GET /v1/certificates/:id` as a `StatusLookup`: found, unknown (404) or unavailable. */
export async function lookupStatus(certificateId: string, from?: Request): Promise<StatusLookup> {
  try {
    const result = await certificatesApi.status(certificateId, from);
    if (result.ok) return { kind: 'found', status: result.data };
    return result.status === 404 ? { kind: 'unknown' } : { kind: 'unavailable' };
  } catch (error) {
    if (error instanceof Response) return { kind: 'unavailable' };
    throw error;
  }
}
