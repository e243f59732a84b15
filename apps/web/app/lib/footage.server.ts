import { footageApi } from './api/footage.server';
import type { FootageLookupResult } from './footage-check';

/** `GET /v1/footage/:sha256` as a `FootageLookupResult`; an unreachable API is "unavailable". */
export async function lookupFootage(sha256: string, from?: Request): Promise<FootageLookupResult> {
  try {
    const result = await footageApi.lookup(sha256, from);
    return result.ok ? { kind: 'found', lookup: result.data } : { kind: 'unavailable' };
  } catch (error) {
    if (error instanceof Response) return { kind: 'unavailable' };
    throw error;
  }
}
