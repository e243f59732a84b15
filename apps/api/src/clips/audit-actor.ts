import type { Principal } from '../access/principal.js';
import type { AuditActor } from '../audit/audit.service.js';

/** Who the audit log names for a request: the signed-in person, or the API key. */
export function actorOf(principal: Principal | undefined): AuditActor {
  if (principal?.type === 'user') return { userId: principal.user.id };
  if (principal?.type === 'api_key') return { apiKeyId: principal.apiKey.id };
  return {};
}
