import { describe, expect, it } from '@jest/globals';
import { PROBLEMS } from '@clearframe/contracts/problem';
import { AccountsErrors } from '../accounts/accounts.errors.js';
import { ApiKeysErrors } from '../api-keys/api-keys.errors.js';
import { DomainError } from '../common/domain-error.js';
import { OrganizationsErrors } from '../organizations/organizations.errors.js';
import { AccessErrors } from './access.errors.js';

/**
 * Every failure the access, accounts, organizations and API-key domains throw: the stable code
 * clients branch on (pinned here, as the problem+json contract), and a sentence for people. The
 * wording is not pinned; what a sentence must name (an org, an email, a count) is.
 */
const CATALOG: [string, () => DomainError, string][] = [
  ['access.undeclaredRoute', () => AccessErrors.undeclaredRoute(), 'internal_error'],
  ['access.undeclaredOrg', () => AccessErrors.undeclaredOrg(), 'internal_error'],
  ['access.noCredential', () => AccessErrors.noCredential(), 'unauthenticated'],
  ['access.unrecognisedCredential', () => AccessErrors.unrecognisedCredential(), 'unauthenticated'],
  ['access.malformedAuthorization', () => AccessErrors.malformedAuthorization(), 'unauthenticated'],
  ['access.signInRequired', () => AccessErrors.signInRequired(), 'unauthenticated'],
  ['access.userRequired', () => AccessErrors.userRequired(), 'forbidden'],
  ['access.emailNotVerified', () => AccessErrors.emailNotVerified(), 'email_not_verified'],
  [
    'access.insufficientScope',
    () => AccessErrors.insufficientScope('clips:read'),
    'insufficient_scope',
  ],
  ['access.operatorsOnly', () => AccessErrors.operatorsOnly(), 'forbidden'],
  ['access.ownersOnly', () => AccessErrors.ownersOnly(), 'forbidden'],
  ['access.wrongOrgKind', () => AccessErrors.wrongOrgKind(['lab']), 'forbidden'],
  ['access.orgNotFound', () => AccessErrors.orgNotFound(), 'not_found'],
  ['accounts.invalidCredentials', () => AccountsErrors.invalidCredentials(), 'invalid_credentials'],
  ['accounts.emailTaken', () => AccountsErrors.emailTaken(), 'email_taken'],
  ['accounts.invalidToken', () => AccountsErrors.invalidToken(), 'token_invalid'],
  ['accounts.unknownSession', () => AccountsErrors.unknownSession(), 'unauthenticated'],
  ['accounts.sessionEnded', () => AccountsErrors.sessionEnded('signed_out'), 'session_expired'],
  ['accounts.sessionNotFound', () => AccountsErrors.sessionNotFound(), 'not_found'],
  ['accounts.wrongPassword', () => AccountsErrors.wrongPassword('password'), 'wrong_password'],
  [
    'accounts.soleOwner',
    () => AccountsErrors.soleOwner([{ id: 'o1', name: 'Acme', otherMembers: 1 }]),
    'sole_owner_of_organizations',
  ],
  ['organizations.memberNotFound', () => OrganizationsErrors.memberNotFound(), 'not_found'],
  ['organizations.invitationNotFound', () => OrganizationsErrors.invitationNotFound(), 'not_found'],
  ['organizations.lastOwner', () => OrganizationsErrors.lastOwner(), 'last_owner'],
  [
    'organizations.onlyOwnersRemoveOthers',
    () => OrganizationsErrors.onlyOwnersRemoveOthers(),
    'forbidden',
  ],
  [
    'organizations.alreadyMember',
    () => OrganizationsErrors.alreadyMember('a@example.com', 'Acme'),
    'already_member',
  ],
  [
    'organizations.alreadyMemberSelf',
    () => OrganizationsErrors.alreadyMemberSelf('Acme'),
    'already_member',
  ],
  [
    'organizations.invitationAccepted',
    () => OrganizationsErrors.invitationAccepted(),
    'invitation_used',
  ],
  ['organizations.invitationUsed', () => OrganizationsErrors.invitationUsed(), 'invitation_used'],
  [
    'organizations.invitationExpired',
    () => OrganizationsErrors.invitationExpired(),
    'invitation_expired',
  ],
  [
    'organizations.invitationForAnotherEmail',
    () => OrganizationsErrors.invitationForAnotherEmail(),
    'invitation_email_mismatch',
  ],
  ['apiKeys.notFound', () => ApiKeysErrors.notFound(), 'not_found'],
  ['apiKeys.invalidKey', () => ApiKeysErrors.invalidKey(), 'unauthenticated'],
  ['apiKeys.revoked', () => ApiKeysErrors.revoked(), 'api_key_revoked'],
  [
    'apiKeys.scopesNotAllowed',
    () => ApiKeysErrors.scopesNotAllowed('creator', ['orders:write']),
    'validation_failed',
  ],
];

describe('error catalogs', () => {
  it.each(CATALOG)('%s has its stable code and a sentence for people', (_, make, code) => {
    const error = make();
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(code);
    expect(error.message.trim().length).toBeGreaterThan(10);
    expect(error.message).not.toMatch(/Stryker/i);
    expect(error.message).toMatch(/^[A-Za-z0-9]/);
    expect(error.message).toMatch(/[.!]$/);
  });

  it('no two failures of the catalogs share a sentence', () => {
    const sentences = new Map<string, string[]>();
    for (const [name, make] of CATALOG) {
      const message = make().message;
      sentences.set(message, [...(sentences.get(message) ?? []), name]);
    }
    // Every sentence is its failure's own (one emptied or replaced by another's shows up here),
    // except a session that is gone, which answers with the catalog's "sign in" like no session.
    expect([...sentences.values()].filter((names) => names.length > 1)).toEqual([
      ['access.signInRequired', 'accounts.unknownSession'],
    ]);
  });

  it('sentences name what they are about', () => {
    expect(AccessErrors.insufficientScope('clips:read').message).toContain('clips:read');
    expect(AccessErrors.insufficientScope('clips:read').message).toContain(
      'read your clips and their status',
    );
    expect(AccessErrors.wrongOrgKind(['creator', 'lab']).message).toContain('creator or lab');
    expect(OrganizationsErrors.alreadyMember('a@example.com', 'Acme').message).toContain(
      'a@example.com',
    );
    expect(OrganizationsErrors.alreadyMember('a@example.com', 'Acme').message).toContain('Acme');
    expect(OrganizationsErrors.alreadyMemberSelf('Acme').message).toContain('Acme');
    expect(OrganizationsErrors.memberNotFound().message).toContain('Member');
    expect(OrganizationsErrors.invitationNotFound().message).toContain('Invitation');
    expect(ApiKeysErrors.notFound().message).toContain('API key');
    // Without its own sentence, the catalog's is the detail.
    expect(OrganizationsErrors.lastOwner().message).toBe(PROBLEMS.last_owner.message);
  });

  it('field errors point at the field, with their own code', () => {
    expect(AccountsErrors.emailTaken().extras.errors).toEqual([
      { path: 'email', message: expect.stringMatching(/\w/), code: 'email_taken' },
    ]);
    expect(AccountsErrors.wrongPassword('currentPassword').extras.errors).toEqual([
      { path: 'currentPassword', message: expect.stringMatching(/\w/), code: 'wrong_password' },
    ]);
    expect(OrganizationsErrors.alreadyMember('a@example.com', 'Acme').extras.errors).toEqual([
      { path: 'email', message: expect.stringMatching(/\w/), code: 'already_member' },
    ]);
    expect(ApiKeysErrors.scopesNotAllowed('creator', ['orders:write']).extras.errors).toEqual([
      {
        path: 'scopes',
        code: 'scope_not_allowed',
        message: expect.stringContaining('orders:write'),
      },
    ]);
    expect(AccountsErrors.sessionEnded('password_changed').extras).toEqual({
      reason: 'password_changed',
    });
  });

  it('the sole-owner refusal names each organization and counts its other members', () => {
    const one = AccountsErrors.soleOwner([{ id: 'o1', name: 'Acme', otherMembers: 1 }]);
    expect(one.message).toContain('Acme');
    expect(one.message).toMatch(/\bhas other members\b/);
    expect(one.extras.errors).toEqual([
      {
        path: 'organizations.o1',
        code: 'sole_owner',
        message: expect.stringMatching(/\b1 other member\b(?!s)/),
      },
    ]);
    const two = AccountsErrors.soleOwner([
      { id: 'o1', name: 'Acme', otherMembers: 1 },
      { id: 'o2', name: 'Bolt', otherMembers: 3 },
    ]);
    expect(two.message).toContain('Acme, Bolt');
    expect(two.message).toMatch(/\bhave other members\b/);
    expect(two.extras.errors).toEqual([
      {
        path: 'organizations.o1',
        code: 'sole_owner',
        message: expect.stringMatching(/^Acme .*\b1 other member\b(?!s)/),
      },
      {
        path: 'organizations.o2',
        code: 'sole_owner',
        message: expect.stringMatching(/^Bolt .*\b3 other members\b/),
      },
    ]);
  });
});
