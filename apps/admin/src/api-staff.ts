import type { ApiKeyScope, StaffRole } from '@teppan/core';
import { api } from './api.ts';

/** Staff members and API keys (apps/server/src/modules/staff/staff.routes.ts). */
export type StaffMember = {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  isActive: boolean;
  stationIds: string[];
  isTwoFactorEnabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
};

export type StaffPatch = { role?: StaffRole; stationIds?: string[]; isActive?: boolean };

export type Invitation = { email: string; name: string; role: StaffRole; stationIds: string[] };

/** An open invitation (not accepted, withdrawn or expired). */
export type PendingInvitation = Invitation & {
  id: string;
  expiresAt: string;
  createdAt: string;
  invitedByName: string | null;
  revokedAt: string | null;
};

export type ApiKey = {
  id: string;
  name: string;
  prefix: string;
  stationId: string | null;
  scopes: ApiKeyScope[];
  createdBy: string | null;
  createdByName: string | null;
  /** False once the creator is deactivated: the key no longer works. */
  isCreatorActive: boolean;
  rotatedFromId: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedReason: 'revoked' | 'creator_deactivated' | null;
  lastUsedAt: string | null;
  createdAt: string;
};

export const staffQueryKey = ['staff'] as const;
export const invitationsQueryKey = ['staff', 'invitations'] as const;
export const apiKeysQueryKey = ['api-keys'] as const;

export const listStaff = () => api<{ items: StaffMember[] }>('/api/v1/staff/staff');

export const inviteStaff = (body: Invitation) =>
  api<{ invitationId: string; email: string; expiresAt: string }>('/api/v1/staff/invitations', {
    method: 'POST',
    body,
  });

export const listInvitations = () =>
  api<{ items: PendingInvitation[] }>('/api/v1/staff/invitations');

export const revokeInvitation = (id: string) =>
  api<PendingInvitation>(`/api/v1/staff/invitations/${id}`, { method: 'DELETE' });

export const patchStaff = (id: string, body: StaffPatch) =>
  api<StaffMember>(`/api/v1/staff/staff/${id}`, { method: 'PATCH', body });

export const listApiKeys = () => api<{ items: ApiKey[] }>('/api/v1/staff/api-keys');

export const createApiKey = (body: {
  name: string;
  stationId?: string;
  scopes: ApiKeyScope[];
  expiresInDays?: number;
}) => api<{ apiKey: ApiKey; key: string }>('/api/v1/staff/api-keys', { method: 'POST', body });

export const rotateApiKey = (id: string, overlapHours: number) =>
  api<{ apiKey: ApiKey; key: string; previous: ApiKey }>(`/api/v1/staff/api-keys/${id}/rotate`, {
    method: 'POST',
    body: { overlapHours },
  });

export const revokeApiKey = (id: string) =>
  api<ApiKey>(`/api/v1/staff/api-keys/${id}`, { method: 'DELETE' });
