import { problemCatalog } from './problem-catalog.js';

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
  token_invalid: {
    status: 400,
    title: 'Invalid or expired link',
    message: 'This link is invalid or has already been used. Ask for a new one.',
  },
});
