import { problemCatalog } from './problem-catalog.js';

/**
 * Why a session stopped working, sent as `reason` on `session_expired` problems so the other
 * device can say why it was signed out. Clients must accept reasons they do not know yet.
 */
export const SESSION_END_REASONS = [
  'signed_out',
  'signed_out_everywhere',
  'password_changed',
  'expired',
] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** Sign-up, sign-in, sessions and mailed links. */
export const ACCOUNTS_PROBLEMS = problemCatalog({
  session_expired: {
    status: 401,
    title: 'Session expired',
    message: 'Your session has ended. Sign in again.',
  },
  invalid_credentials: {
    status: 401,
    title: 'Invalid credentials',
    message:
      'That email and password do not match a confirmed account. Just signed up? Open the link we emailed you first.',
  },
  email_not_verified: { status: 403, title: 'Email not verified' },
  email_taken: {
    status: 409,
    title: 'Email already registered',
    message: 'An account with this email already exists. Sign in instead, or reset your password.',
  },
  wrong_password: {
    status: 422,
    title: 'Wrong password',
    message: 'That is not your current password.',
  },
  sole_owner_of_organizations: {
    status: 409,
    title: 'Organizations need another owner',
    message:
      'You are the only owner of organizations that have other members. Make one of them an owner, or remove them, before deleting your account.',
  },
  token_invalid: {
    status: 400,
    title: 'Invalid or expired link',
    message: 'This link is invalid or has already been used. Ask for a new one.',
  },
});
