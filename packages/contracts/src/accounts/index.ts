import { z } from 'zod';
import { DisplayName, Email, Id, Password, Timestamp } from '../common.js';

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
// Lab API keys
// ---------------------------------------------------------------------------

export const ApiKey = z.strictObject({
  id: Id,
  orgId: Id,
  name: z.string(),
  /** The public part (`cf_live_xxxxxxxx`) shown in lists so a person can tell keys apart. */
  prefix: z.string(),
  createdBy: z.string(),
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type ApiKeyType = z.infer<typeof ApiKey>;

export const CreateApiKey = z.strictObject({ name: DisplayName });
export type CreateApiKeyType = z.infer<typeof CreateApiKey>;

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
    org: Organization,
  }),
]);
export type WhoAmIType = z.infer<typeof WhoAmI>;
