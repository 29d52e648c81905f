import type { ApiKey } from './api-staff.ts';
import { formatDateTime } from './format.ts';

/** Where a key stands now: live, in its rotation overlap, expired or revoked. */
export function keyState(key: ApiKey, all: ApiKey[], now = Date.now()): string {
  if (key.revokedAt) return `Revoked ${formatDateTime(key.revokedAt)}`;
  if (key.expiresAt && Date.parse(key.expiresAt) <= now)
    return `Expired ${formatDateTime(key.expiresAt)}`;
  const successor = all.find((other) => other.rotatedFromId === key.id);
  if (successor && key.expiresAt)
    return `Rotated: still works until ${formatDateTime(key.expiresAt)} (overlap)`;
  if (key.expiresAt) return `Active until ${formatDateTime(key.expiresAt)}`;
  return 'Active, no expiry';
}

export const isLive = (key: ApiKey, now = Date.now()) =>
  !key.revokedAt && !(key.expiresAt && Date.parse(key.expiresAt) <= now);
