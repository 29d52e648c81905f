import type { ApiKey } from './api-staff.ts';
import { formatDateTime } from './format.ts';

const creatorOf = (key: ApiKey) => key.createdByName ?? 'the staff member who created it';

/**
 * Where a key stands now: live, in its rotation overlap, expired or revoked, and why a key
 * stopped when its creator was deactivated (keys die with their creator, issue F5).
 */
export function keyState(key: ApiKey, all: ApiKey[], now = Date.now()): string {
  if (key.revokedAt && key.revokedReason === 'creator_deactivated')
    return `Revoked ${formatDateTime(key.revokedAt)}: ${creatorOf(key)} was deactivated`;
  if (key.revokedAt) return `Revoked ${formatDateTime(key.revokedAt)}`;
  if (key.expiresAt && Date.parse(key.expiresAt) <= now)
    return `Expired ${formatDateTime(key.expiresAt)}`;
  if (!key.isCreatorActive)
    return key.createdBy
      ? `Stopped: ${creatorOf(key)} is deactivated`
      : 'Stopped: the staff member who created it no longer exists';
  const successor = all.find((other) => other.rotatedFromId === key.id);
  if (successor && key.expiresAt)
    return `Rotated: still works until ${formatDateTime(key.expiresAt)} (overlap)`;
  if (key.expiresAt) return `Active until ${formatDateTime(key.expiresAt)}`;
  return 'Active, no expiry';
}

export const isLive = (key: ApiKey, now = Date.now()) =>
  !key.revokedAt && key.isCreatorActive && !(key.expiresAt && Date.parse(key.expiresAt) <= now);
