import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';
import { auditEntryOf } from '../../test/audit-log.ts';
import {
  createClockedTestApp,
  createTestClock,
  type SignedIn,
  type TestClock,
  signInNewStaff,
} from './staff.test-helper.ts';

let t: TestApp;
let clock: TestClock;
let stationA: string;
let stationB: string;
let admin: SignedIn;
let superAdmin: SignedIn;

beforeAll(async () => {
  clock = createTestClock();
  t = await createClockedTestApp({ clock });
  ({ stationId: stationA } = await newStation(t.database.db, { code: 'CA-A', chefs: 0 }));
  ({ stationId: stationB } = await newStation(t.database.db, { code: 'CA-B', chefs: 0 }));
  admin = await signInNewStaff(t, { role: 'admin', stationIds: [stationA] });
  superAdmin = await signInNewStaff(t, { role: 'super_admin', stationIds: [stationA] });
});
afterAll(async () => t.close());

interface Created {
  key: string;
  apiKey: { id: string; prefix: string; stationId: string | null };
}

async function createKey(session: SignedIn, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/staff/api-keys',
    headers: session.headers,
    payload: { scopes: ['payments.confirm'], ...payload },
  });
}

describe('API keys', () => {
  it('needs explicit scopes from the fixed list', async () => {
    for (const scopes of [[], ['staff.manage'], ['bookings.status', 'bookings.status']]) {
      const response = await createKey(admin, { name: 'Bad', stationId: stationA, scopes });
      expect(response.json(), JSON.stringify(scopes)).toMatchObject({
        error: { code: 'VALIDATION_FAILED' },
      });
    }
    const { scopes: _omitted, ...withoutScopes } = { scopes: 1, name: 'None', stationId: stationA };
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/api-keys',
      headers: admin.headers,
      payload: withoutScopes,
    });
    expect(missing.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const both = await createKey(admin, {
      name: 'Both',
      stationId: stationA,
      scopes: ['bookings.status', 'payments.confirm'],
    });
    expect(both.statusCode).toBe(201);
    expect(both.json()).toMatchObject({
      apiKey: { scopes: ['bookings.status', 'payments.confirm'], isCreatorActive: true },
    });
  });

  it('shows the key once, stores only its hash, and verifies it by hash', async () => {
    const response = await createKey(admin, { name: 'Zapier', stationId: stationA });
    expect(response.statusCode).toBe(201);
    const { key, apiKey } = response.json<Created>();
    expect(key).toMatch(/^tpk_[0-9a-f]{12}_[0-9a-f]{64}$/);
    expect(key.startsWith(`tpk_${apiKey.prefix}_`)).toBe(true);

    const row = await t.database.db
      .selectFrom('identity.api_keys')
      .selectAll()
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key.slice(-64));

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/api-keys',
      headers: { cookie: admin.cookie },
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(key.slice(-64));
    expect(list.body).not.toContain('key_hash');
    expect(list.json<{ items: { id: string }[] }>().items.map((item) => item.id)).toContain(
      apiKey.id,
    );

    await expect(t.container.staff.verifyApiKey(key)).resolves.toMatchObject({
      keyId: apiKey.id,
      name: 'Zapier',
      stationId: stationA,
      scopes: ['payments.confirm'],
      creator: { role: 'admin', stationIds: [stationA] },
    });
    // Right prefix, wrong secret; malformed; unknown prefix.
    await expect(
      t.container.staff.verifyApiKey(`tpk_${apiKey.prefix}_${'0'.repeat(64)}`),
    ).resolves.toBeNull();
    await expect(t.container.staff.verifyApiKey('tpk_nope')).resolves.toBeNull();
    await expect(
      t.container.staff.verifyApiKey(`tpk_${'a'.repeat(12)}_${'0'.repeat(64)}`),
    ).resolves.toBeNull();

    const audit = await auditEntryOf(t.database.db, {
      action: 'api_key.create',
      entityId: apiKey.id,
    });
    expect(JSON.stringify(audit.after)).not.toContain(key.slice(-64));
  });

  it('rotation: both keys work during the overlap, only the new one after it', async () => {
    const { key: oldKey, apiKey } = (
      await createKey(admin, { name: 'POS', stationId: stationA })
    ).json<Created>();
    const rotate = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/api-keys/${apiKey.id}/rotate`,
      headers: admin.headers,
      payload: { overlapHours: 24 },
    });
    expect(rotate.statusCode).toBe(201);
    const rotated = rotate.json<Created & { previous: { expiresAt: string } }>();
    expect(rotated.key).not.toBe(oldKey);
    expect(rotated.apiKey).toMatchObject({ stationId: stationA, scopes: ['payments.confirm'] });

    expect(await t.container.staff.verifyApiKey(oldKey)).not.toBeNull();
    expect(await t.container.staff.verifyApiKey(rotated.key)).not.toBeNull();
    clock.advance(23 * 3_600_000);
    expect(await t.container.staff.verifyApiKey(oldKey)).not.toBeNull();
    clock.advance(3_600_000 + 1000);
    try {
      expect(await t.container.staff.verifyApiKey(oldKey)).toBeNull();
      expect(await t.container.staff.verifyApiKey(rotated.key)).not.toBeNull();
    } finally {
      clock.advance(-(24 * 3_600_000 + 1000));
    }
  });

  it('a revoked key is rejected at once and cannot be revoked twice', async () => {
    const { key, apiKey } = (
      await createKey(admin, { name: 'Old CRM', stationId: stationA })
    ).json<Created>();
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/staff/api-keys/${apiKey.id}`,
      headers: admin.headers,
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json()).toMatchObject({
      id: apiKey.id,
      revokedAt: expect.any(String) as unknown,
    });
    expect(await t.container.staff.verifyApiKey(key)).toBeNull();
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/staff/api-keys/${apiKey.id}`,
      headers: admin.headers,
    });
    expect(again.json()).toMatchObject({ error: { code: 'API_KEY_REVOKED' } });
  });

  it('an expiring key stops working at its expiry', async () => {
    const { key } = (
      await createKey(admin, { name: 'Trial', stationId: stationA, expiresInDays: 1 })
    ).json<Created>();
    expect(await t.container.staff.verifyApiKey(key)).not.toBeNull();
    clock.advance(24 * 3_600_000 + 1000);
    try {
      expect(await t.container.staff.verifyApiKey(key)).toBeNull();
    } finally {
      clock.advance(-(24 * 3_600_000 + 1000));
    }
  });

  it('scopes keys to stations: admins manage only their own, all-station keys are super only', async () => {
    expect((await createKey(admin, { name: 'B', stationId: stationB })).statusCode).toBe(403);
    expect((await createKey(admin, { name: 'Everywhere' })).statusCode).toBe(403);
    const everywhere = await createKey(superAdmin, { name: 'Everywhere' });
    expect(everywhere.statusCode).toBe(201);
    // A station that does not exist is refused by name, not by a foreign-key 500.
    const nowhere = await createKey(superAdmin, {
      name: 'Nowhere',
      stationId: '00000000-0000-4000-8000-000000000000',
    });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json<{ error: { code: string } }>().error.code).toBe('STATION_NOT_FOUND');
    const { apiKey } = (
      await createKey(superAdmin, { name: 'B key', stationId: stationB })
    ).json<Created>();
    const rotate = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/api-keys/${apiKey.id}/rotate`,
      headers: admin.headers,
      payload: { overlapHours: 1 },
    });
    expect(rotate.statusCode).toBe(403);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/api-keys',
      headers: { cookie: admin.cookie },
    });
    const ids = list.json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(ids).not.toContain(apiKey.id);
    expect(ids).not.toContain(everywhere.json<Created>().apiKey.id);
  });
});
