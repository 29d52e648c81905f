import type { contract, RouteBody, RouteResponse } from '@teppan/core/contract';

/**
 * The staff API (packages/core/src/contract/staff.ts): sign-in, two-factor, password reset,
 * invitations, staff members and API keys: the answers named from the contract; calls take
 * `routes.staff.*` from @teppan/web-client.
 */

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
