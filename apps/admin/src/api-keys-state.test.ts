import { describe, expect, it } from 'vitest';
import type { ApiKey } from './api-staff.ts';
import { isLive, keyState } from './api-keys-state.ts';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const key = (overrides: Partial<ApiKey>): ApiKey => ({
  id: 'k1',
  name: 'Sync',
  prefix: 'abc',
  stationId: null,
  scopes: ['payments.confirm'],
  createdBy: 'staff-1',
  createdByName: 'Ana Admin',
  isCreatorActive: true,
  rotatedFromId: null,
  expiresAt: null,
  revokedAt: null,
  revokedReason: null,
  lastUsedAt: null,
  createdAt: '2026-05-01T00:00:00Z',
  ...overrides,
});

describe('keyState', () => {
  it('tells live, overlapping, expired and revoked keys apart', () => {
    const old = key({ id: 'old', expiresAt: '2026-06-01T14:00:00Z' });
    const replacement = key({ id: 'new', rotatedFromId: 'old' });
    const all = [old, replacement];
    expect(keyState(replacement, all, NOW)).toBe('Active, no expiry');
    expect(keyState(old, all, NOW)).toMatch(/^Rotated: still works until .*\(overlap\)$/);
    expect(keyState(key({ expiresAt: '2026-07-01T00:00:00Z' }), [], NOW)).toMatch(/^Active until /);
    expect(keyState(key({ expiresAt: '2026-05-31T00:00:00Z' }), [], NOW)).toMatch(/^Expired /);
    expect(
      keyState(key({ revokedAt: '2026-05-31T00:00:00Z', revokedReason: 'revoked' }), [], NOW),
    ).toMatch(/^Revoked (?!.*deactivated)/);
    expect(isLive(old, NOW)).toBe(true);
    expect(isLive(key({ revokedAt: '2026-05-31T00:00:00Z' }), NOW)).toBe(false);
    expect(isLive(key({ expiresAt: '2026-06-01T12:00:00Z' }), NOW)).toBe(false);
  });

  it('says when a key stopped because its creator was deactivated', () => {
    const revoked = key({
      revokedAt: '2026-05-31T00:00:00Z',
      revokedReason: 'creator_deactivated',
      isCreatorActive: false,
    });
    expect(keyState(revoked, [], NOW)).toMatch(/^Revoked .*: Ana Admin was deactivated$/);
    expect(isLive(revoked, NOW)).toBe(false);
    // Deactivated outside the panel, before any revocation: stopped all the same.
    const stopped = key({ isCreatorActive: false });
    expect(keyState(stopped, [], NOW)).toBe('Stopped: Ana Admin is deactivated');
    expect(isLive(stopped, NOW)).toBe(false);
    expect(
      keyState(key({ isCreatorActive: false, createdBy: null, createdByName: null }), [], NOW),
    ).toMatch(/no longer exists/);
  });
});
