import {
  AccountDeletionPlan,
  AccountSessionList,
  AuthResult,
  Me,
  User,
  type ChangePasswordType,
  type DeleteAccountType,
  type UpdateProfileType,
  SessionToken,
  SignUpAccepted,
  type RequestPasswordResetType,
  type ResetPasswordType,
  type SignInType,
  type SignUpType,
  type VerifyEmailType,
} from '@clearframe/contracts/accounts';
import { apiRequest } from './client.server';

/**
 * Accounts and sessions: sign-up/in/out, who is signed in, email confirmation, password reset,
 * and the signed-in person's own account (devices, password, name, deletion).
 */
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
  listSessions: (token: string) =>
    apiRequest('/v1/auth/sessions', { token, schema: AccountSessionList }),
  endSession: (token: string, sessionId: string) =>
    apiRequest(`/v1/auth/sessions/${encodeURIComponent(sessionId)}`, { method: 'DELETE', token }),
  // Password checks count against the sign-in throttle per client address: pass the browser's.
  changePassword: (token: string, body: ChangePasswordType, from?: Request) =>
    apiRequest('/v1/auth/password', { method: 'POST', token, body, from }),
  updateProfile: (token: string, body: UpdateProfileType) =>
    apiRequest('/v1/auth/me', { method: 'PATCH', token, body, schema: User }),
  deletionPlan: (token: string) =>
    apiRequest('/v1/auth/me/deletion', { token, schema: AccountDeletionPlan }),
  deleteAccount: (token: string, body: DeleteAccountType, from?: Request) =>
    apiRequest('/v1/auth/me', { method: 'DELETE', token, body, from }),
};
