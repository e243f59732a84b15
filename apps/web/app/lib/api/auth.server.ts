import {
  AuthResult,
  Me,
  SessionToken,
  SignUpAccepted,
  type RequestPasswordResetType,
  type ResetPasswordType,
  type SignInType,
  type SignUpType,
  type VerifyEmailType,
} from '@clearframe/contracts/accounts';
import { apiRequest } from './client.server';

/** Accounts and sessions: sign-up/in/out, who is signed in, email confirmation, password reset. */
export const authApi = {
  signUp: (body: SignUpType, from?: Request) =>
    apiRequest('/v1/auth/sign-up', { method: 'POST', body, from, schema: SignUpAccepted }),
  signIn: (body: SignInType, from?: Request) =>
    apiRequest('/v1/auth/sign-in', { method: 'POST', body, from, schema: AuthResult }),
  signOut: (token: string) => apiRequest('/v1/auth/sign-out', { method: 'POST', token }),
  signOutEverywhere: (token: string) =>
    apiRequest('/v1/auth/sign-out-everywhere', { method: 'POST', token }),
  refreshSession: (token: string) =>
    apiRequest('/v1/auth/session/refresh', { method: 'POST', token, schema: SessionToken }),
  me: (token: string) => apiRequest('/v1/auth/me', { token, schema: Me }),
  verifyEmail: (body: VerifyEmailType, from?: Request) =>
    apiRequest('/v1/auth/verify-email', { method: 'POST', body, from, schema: AuthResult }),
  resendVerification: (token: string) =>
    apiRequest('/v1/auth/verify-email/resend', { method: 'POST', token }),
  requestPasswordReset: (body: RequestPasswordResetType, from?: Request) =>
    apiRequest('/v1/auth/password-reset', { method: 'POST', body, from }),
  resetPassword: (body: ResetPasswordType) =>
    apiRequest('/v1/auth/password-reset/confirm', { method: 'POST', body }),
};
