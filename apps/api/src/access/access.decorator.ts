import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import {
  apiKeyScopeAllowed,
  type ApiKeyScopeType,
  OrgKind,
  type OrgKindType,
} from '@clearframe/contracts/accounts';
import { AccessErrors } from './access.errors.js';
import type { AccessRequest, OrgContext, Principal } from './principal.js';

/**
 * Who may call a route. Every route must declare one; the access guard refuses routes that do
 * not (fail closed), and a test walks all routes to prove each declares its audience.
 */
export type AccessRule = (
  | { audience: 'public' }
  | { audience: 'signed-in' }
  | {
      audience: 'signed-in-or-api-key';
      /** The scope a key needs here; without one, any live key may call (e.g. whoami). */
      apiKeyScope?: ApiKeyScopeType;
    }
  | { audience: 'operator' }
  | {
      audience: 'org';
      role: 'member' | 'owner';
      /** Organization kinds the route applies to (e.g. orders are for labs). */
      kinds?: OrgKindType[];
      /**
       * The scope an API key of that same organization needs to call the route. Without one, keys
       * may not call it at all; owner routes never take keys.
       */
      apiKeyScope?: ApiKeyScopeType;
    }
) & {
  /** The caller must have confirmed their email: for actions that reach other people or systems. */
  verifiedEmail?: boolean;
};

export const ACCESS_METADATA = 'clearframe:access';

const access = (rule: AccessRule) => SetMetadata(ACCESS_METADATA, rule);

/** Anyone, signed in or not. */
export const Public = () => access({ audience: 'public' });
/** A person with a valid session. */
export const SignedIn = () => access({ audience: 'signed-in' });
/**
 * A person with a session, or an API key: one holding `apiKeyScope` when given, else any live key.
 */
export const SignedInOrApiKey = (apiKeyScope?: ApiKeyScopeType) =>
  access({ audience: 'signed-in-or-api-key', ...(apiKeyScope ? { apiKeyScope } : {}) });
/** A member of an operator organization. */
export const Operator = () => access({ audience: 'operator' });
/**
 * A member of the organization named by the `:orgId` route parameter; with `apiKeyScope`, also
 * an API key of that organization holding that scope (a key without it gets 403
 * `insufficient_scope`; a key of another organization gets 404, like an outsider).
 */
export const OrgMember = (
  options: { kinds?: OrgKindType[]; apiKeyScope?: ApiKeyScopeType } = {},
) => {
  const { kinds = OrgKind.options, apiKeyScope } = options;
  // A scope no key of the route's kinds may hold would lock every key out: refuse it at boot.
  if (apiKeyScope && !kinds.some((kind) => apiKeyScopeAllowed(kind, apiKeyScope))) {
    throw new Error(`OrgMember: no ${kinds.join('/')} organization's key may hold ${apiKeyScope}.`);
  }
  return access({ audience: 'org', role: 'member', ...options });
};
/** An owner of the organization named by the `:orgId` route parameter. */
export const OrgOwner = (options: { kinds?: OrgKindType[]; verifiedEmail?: boolean } = {}) =>
  access({ audience: 'org', role: 'owner', ...options });

/** The authenticated caller (absent only on public routes). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => {
    return ctx.switchToHttp().getRequest<AccessRequest>().principal;
  },
);

/** The signed-in user's principal; only valid on routes that require a session. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const principal = ctx.switchToHttp().getRequest<AccessRequest>().principal;
  if (principal?.type !== 'user') throw AccessErrors.signInRequired();
  return principal;
});

/** The organization resolved from `:orgId` with the caller's role in it. */
export const CurrentOrg = createParamDecorator((_: unknown, ctx: ExecutionContext): OrgContext => {
  const orgContext = ctx.switchToHttp().getRequest<AccessRequest>().orgContext;
  if (!orgContext) throw AccessErrors.undeclaredOrg();
  return orgContext;
});
