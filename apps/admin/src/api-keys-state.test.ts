import { describe, expect, it } from 'vitest';
import type { ApiKey } from './api-staff.ts';
import { isLive, keyState } from './api-keys-state.ts';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const key = (overrides: Partial<ApiKey>): ApiKey => ({
  id: 'k1',
  name: 'Sync',
  prefix: 'abc',
  stationId: null,
  createdBy: null,
  rotatedFromId: null,
  expiresAt: null,
  revokedAt: null,
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
    expect(keyState(key({ revokedAt: '2026-05-31T00:00:00Z' }), [], NOW)).toMatch(/^Revoked /);
    expect(isLive(old, NOW)).toBe(true);
    expect(isLive(key({ revokedAt: '2026-05-31T00:00:00Z' }), NOW)).toBe(false);
    expect(isLive(key({ expiresAt: '2026-06-01T12:00:00Z' }), NOW)).toBe(false);
  });
});
