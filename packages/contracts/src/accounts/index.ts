import { z } from 'zod';
import { DisplayName, Email, Id, Password, Timestamp } from '../common.js';
import {
  ApiKeyScope,
  ApiKeyScopes,
  apiKeyScopesNotAllowed,
  apiKeyScopesNotAllowedMessage,
} from './api-key-scopes.js';

export {
  API_KEY_SCOPE_LABELS,
  API_KEY_SCOPES_BY_KIND,
  ApiKeyScope,
  ApiKeyScopes,
  type ApiKeyScopeType,
  apiKeyScopeAllowed,
  apiKeyScopesNotAllowed,
  apiKeyScopesNotAllowedMessage,
  orgKindHasApiKeys,
} from './api-key-scopes.js';

// ---------------------------------------------------------------------------
// Users and sessions
// ---------------------------------------------------------------------------

export const User = z.strictObject({
  id: Id,
  email: z.string(),
  name: z.string(),
  emailVerified: z.boolean(),
  isOperator: z.boolean(),
  createdAt: Timestamp,
});
export type UserType = z.infer<typeof User>;

export const SessionToken = z.strictObject({
  token: z.string(),
  expiresAt: Timestamp,
  /** After this time the client should call `POST /v1/auth/session/refresh` to rotate the token. */
  rotateAfter: Timestamp,
});
export type SessionTokenType = z.infer<typeof SessionToken>;

export const SignUp = z.strictObject({
  email: Email,
  password: Password,
  name: DisplayName,
});
export type SignUpType = z.infer<typeof SignUp>;

export const SignIn = z.strictObject({
  email: Email,
  // Sign-in does not re-apply password rules: an old password must still be able to fail properly.
  password: z.string().min(1, { message: 'Enter your password.' }).max(1024),
});
export type SignInType = z.infer<typeof SignIn>;

export const AuthResult = z.strictObject({ user: User, session: SessionToken });
export type AuthResultType = z.infer<typeof AuthResult>;

/** Sign-up's answer, the same whether or not the email had an account: check your inbox. */
export const SignUpAccepted = z.strictObject({ status: z.literal('verification_sent') });
export type SignUpAcceptedType = z.infer<typeof SignUpAccepted>;

/** The single-use token of an emailed link: email confirmation, password reset, invitation. */
const LinkToken = z.string().min(1).max(256);

export const VerifyEmail = z.strictObject({ token: LinkToken });
export type VerifyEmailType = z.infer<typeof VerifyEmail>;

export const RequestPasswordReset = z.strictObject({ email: Email });
export type RequestPasswordResetType = z.infer<typeof RequestPasswordReset>;

export const ResetPassword = z.strictObject({
  token: LinkToken,
  password: Password,
});
export type ResetPasswordType = z.infer<typeof ResetPassword>;

// ---------------------------------------------------------------------------
// Organizations, memberships, invitations
// ---------------------------------------------------------------------------

export const OrgKind = z.enum(['creator', 'lab', 'operator']);
export type OrgKindType = z.infer<typeof OrgKind>;
/** Kinds a person may create themselves; operator orgs come only from `npm run operator:create`. */
export const CreatableOrgKind = z.enum(['creator', 'lab']);

export const Role = z.enum(['owner', 'member']);
export type RoleType = z.infer<typeof Role>;

export const Organization = z.strictObject({
  id: Id,
  name: z.string(),
  slug: z.string(),
  kind: OrgKind,
  createdAt: Timestamp,
});
export type OrganizationType = z.infer<typeof Organization>;

/** An organization as seen by one of its members: includes the caller's role. */
export const MyOrganization = Organization.extend({ role: Role });
export type MyOrganizationType = z.infer<typeof MyOrganization>;

export const CreateOrganization = z.strictObject({
  name: DisplayName,
  kind: CreatableOrgKind,
});
export type CreateOrganizationType = z.infer<typeof CreateOrganization>;

export const UpdateOrganization = z.strictObject({ name: DisplayName });
export type UpdateOrganizationType = z.infer<typeof UpdateOrganization>;

/** How a lab pays its orders: a hosted checkout per order, or an invoice to pay within terms. */
export const OrgBilling = z.enum(['checkout', 'invoice']);
export type OrgBillingType = z.infer<typeof OrgBilling>;

/**
 * `PUT /v1/operator/orgs/:orgId/billing` (operators): mark a lab as invoiced, or back to
 * checkout. `billingEmail` is where invoices are sent (the provider's customer email);
 * omitted or null, the provider's customer keeps no email and the invoice goes nowhere by mail.
 */
export const SetOrgBilling = z.strictObject({
  billing: OrgBilling,
  billingEmail: Email.nullable().optional(),
});
export type SetOrgBillingType = z.infer<typeof SetOrgBilling>;

/** An organization's billing as operators see and set it. */
export const OrgBillingSettings = z.strictObject({
  orgId: Id,
  billing: OrgBilling,
  billingEmail: z.string().nullable(),
});
export type OrgBillingSettingsType = z.infer<typeof OrgBillingSettings>;

export const Member = z.strictObject({
  userId: Id,
  email: z.string(),
  name: z.string(),
  role: Role,
  joinedAt: Timestamp,
});
export type MemberType = z.infer<typeof Member>;

export const UpdateMember = z.strictObject({ role: Role });
export type UpdateMemberType = z.infer<typeof UpdateMember>;

export const InvitationStatus = z.enum(['pending', 'accepted', 'revoked', 'expired']);

export const Invitation = z.strictObject({
  id: Id,
  orgId: Id,
  email: z.string(),
  role: Role,
  status: InvitationStatus,
  invitedBy: z.string(),
  expiresAt: Timestamp,
  createdAt: Timestamp,
});
export type InvitationType = z.infer<typeof Invitation>;

export const CreateInvitation = z.strictObject({
  email: Email,
  role: Role.default('member'),
});
export type CreateInvitationType = z.infer<typeof CreateInvitation>;

/** Returned once at creation: the link is also mailed (or written to the outbox locally). */
export const CreatedInvitation = z.strictObject({ invitation: Invitation, acceptUrl: z.string() });
export type CreatedInvitationType = z.infer<typeof CreatedInvitation>;

/** What the invitee sees before accepting. */
export const InvitationPreview = z.strictObject({
  orgName: z.string(),
  orgKind: OrgKind,
  email: z.string(),
  role: Role,
  invitedBy: z.string(),
  expiresAt: Timestamp,
  status: InvitationStatus,
});
export type InvitationPreviewType = z.infer<typeof InvitationPreview>;

export const AcceptInvitation = z.strictObject({ token: LinkToken });
export type AcceptInvitationType = z.infer<typeof AcceptInvitation>;

// ---------------------------------------------------------------------------
// The signed-in person's own account: devices, password, name, deletion
// ---------------------------------------------------------------------------

/** A device signed in to the caller's account. */
export const AccountSession = z.strictObject({
  id: Id,
  /** A readable summary of the user agent ("Firefox 133 on macOS"), or "Unknown device". */
  device: z.string(),
  /** The client address the session was created from, when known. */
  ip: z.string().nullable(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  /** The session this request was made with. */
  current: z.boolean(),
});
export type AccountSessionType = z.infer<typeof AccountSession>;

/** Live sessions, most recently active first. */
export const AccountSessionList = z.strictObject({ items: z.array(AccountSession) });
export type AccountSessionListType = z.infer<typeof AccountSessionList>;

// Like sign-in, the current password is not held to today's rules: it only has to match.
const CurrentPassword = z.string().min(1, { message: 'Enter your current password.' }).max(1024);

export const ChangePassword = z.strictObject({
  currentPassword: CurrentPassword,
  newPassword: Password,
});
export type ChangePasswordType = z.infer<typeof ChangePassword>;

export const UpdateProfile = z.strictObject({ name: DisplayName });
export type UpdateProfileType = z.infer<typeof UpdateProfile>;

/** Deleting an account asks for the password again: a stolen session alone cannot do it. */
export const DeleteAccount = z.strictObject({ password: CurrentPassword });
export type DeleteAccountType = z.infer<typeof DeleteAccount>;

const AffectedOrganization = z.strictObject({
  id: Id,
  name: z.string(),
  kind: OrgKind,
  /** Members other than the caller. */
  otherMembers: z.number().int().min(0),
});

/**
 * What deleting the caller's account would do to their organizations: the ones where they are
 * the only member are deleted with it (with their invitations and API keys); the ones where they
 * are the only owner of other members block the deletion until someone else is an owner. In all
 * others the caller simply stops being a member.
 */
export const AccountDeletionPlan = z.strictObject({
  deletedOrganizations: z.array(AffectedOrganization),
  blockingOrganizations: z.array(AffectedOrganization),
  leftOrganizations: z.array(AffectedOrganization),
});
export type AccountDeletionPlanType = z.infer<typeof AccountDeletionPlan>;

// ---------------------------------------------------------------------------
// API keys (creator and lab organizations)
// ---------------------------------------------------------------------------

export const ApiKey = z.strictObject({
  id: Id,
  orgId: Id,
  name: z.string(),
  /** The public part (`cf_live_xxxxxxxx`) shown in lists so a person can tell keys apart. */
  prefix: z.string(),
  /** What the key may do; fixed when it is created. */
  scopes: z.array(ApiKeyScope),
  createdBy: z.string(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type ApiKeyType = z.infer<typeof ApiKey>;

/**
 * A new key: its name and scopes. Which scopes an organization's kind may hold is checked where
 * the kind is known (`CreateApiKeyForKind`, and the API); this schema checks the vocabulary.
 */
export const CreateApiKey = z.strictObject({ name: DisplayName, scopes: ApiKeyScopes });
export type CreateApiKeyType = z.infer<typeof CreateApiKey>;

/** `CreateApiKey` for an organization of `kind`: also refuses scopes that kind may not hold. */
export function CreateApiKeyForKind(kind: OrgKindType) {
  return CreateApiKey.superRefine((body, ctx) => {
    const refused = apiKeyScopesNotAllowed(kind, body.scopes);
    if (refused.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['scopes'],
        message: apiKeyScopesNotAllowedMessage(kind, refused),
      });
    }
  });
}

/** The full secret appears only in this response; the server stores only its hash. */
export const CreatedApiKey = z.strictObject({ apiKey: ApiKey, secret: z.string() });
export type CreatedApiKeyType = z.infer<typeof CreatedApiKey>;

// ---------------------------------------------------------------------------
// Who is calling
// ---------------------------------------------------------------------------

export const Me = z.strictObject({
  user: User,
  organizations: z.array(MyOrganization),
  session: z.strictObject({ expiresAt: Timestamp, rotateAfter: Timestamp }).nullable(),
});
export type MeType = z.infer<typeof Me>;

export const WhoAmI = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('user'), userId: Id, email: z.string() }),
  z.strictObject({
    type: z.literal('api_key'),
    keyId: Id,
    keyName: z.string(),
    scopes: z.array(ApiKeyScope),
    org: Organization,
  }),
]);
export type WhoAmIType = z.infer<typeof WhoAmI>;
