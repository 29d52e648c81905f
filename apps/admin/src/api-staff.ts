import type { contract, RouteBody, RouteResponse } from '@teppan/core/contract';
import { route } from '@teppan/web-client';

/**
 * The staff API (packages/core/src/contract/staff.ts): sign-in, two-factor, password reset,
 * invitations, staff members and API keys. References carry only the method and path at
 * runtime; their types come from the contract.
 */
export const authRoutes = {
  login: route<typeof contract.staff.login>('POST', '/api/v1/staff/auth/login'),
  logout: route<typeof contract.staff.logout>('POST', '/api/v1/staff/auth/logout'),
  me: route<typeof contract.staff.me>('GET', '/api/v1/staff/auth/me'),
  enrollTotp: route<typeof contract.staff.enrollTotp>('POST', '/api/v1/staff/auth/2fa/enroll'),
  confirmTotp: route<typeof contract.staff.confirmTotp>('POST', '/api/v1/staff/auth/2fa/confirm'),
  disableTotp: route<typeof contract.staff.disableTotp>('POST', '/api/v1/staff/auth/2fa/disable'),
  requestPasswordReset: route<typeof contract.staff.requestPasswordReset>(
    'POST',
    '/api/v1/staff/auth/password-reset/request',
  ),
  confirmPasswordReset: route<typeof contract.staff.confirmPasswordReset>(
    'POST',
    '/api/v1/staff/auth/password-reset/confirm',
  ),
  acceptInvitation: route<typeof contract.staff.acceptInvitation>(
    'POST',
    '/api/v1/staff/invitations/accept',
  ),
};

export const staffRoutes = {
  list: route<typeof contract.staff.listStaff>('GET', '/api/v1/staff/staff'),
  patch: route<typeof contract.staff.patchStaff>('PATCH', '/api/v1/staff/staff/:id'),
  invite: route<typeof contract.staff.invite>('POST', '/api/v1/staff/invitations'),
  listInvitations: route<typeof contract.staff.listInvitations>('GET', '/api/v1/staff/invitations'),
  revokeInvitation: route<typeof contract.staff.revokeInvitation>(
    'DELETE',
    '/api/v1/staff/invitations/:id',
  ),
};

export const apiKeyRoutes = {
  list: route<typeof contract.staff.listApiKeys>('GET', '/api/v1/staff/api-keys'),
  create: route<typeof contract.staff.createApiKey>('POST', '/api/v1/staff/api-keys'),
  rotate: route<typeof contract.staff.rotateApiKey>('POST', '/api/v1/staff/api-keys/:id/rotate'),
  revoke: route<typeof contract.staff.revokeApiKey>('DELETE', '/api/v1/staff/api-keys/:id'),
};

/** GET auth/me: the signed-in staff member, stations, permissions and CSRF token. */
export type Me = RouteResponse<typeof contract.staff.me>;

/** A staff member as the staff list shows them. */
export type StaffMember = RouteResponse<typeof contract.staff.listStaff>['items'][number];

export type StaffPatch = RouteBody<typeof contract.staff.patchStaff>;

/** An open invitation (not accepted, withdrawn or expired). */
export type PendingInvitation = RouteResponse<
  typeof contract.staff.listInvitations
>['items'][number];

export type ApiKey = RouteResponse<typeof contract.staff.listApiKeys>['items'][number];

export const staffQueryKey = ['staff'] as const;
export const invitationsQueryKey = ['staff', 'invitations'] as const;
export const apiKeysQueryKey = ['api-keys'] as const;
