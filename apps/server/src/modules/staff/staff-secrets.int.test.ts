import { createHash, randomBytes } from 'node:crypto';
import { FieldCrypto, DEVELOPMENT_FIELD_KEYS, DEVELOPMENT_PEPPER } from '@teppan/db/field-crypto';
import { sql } from 'kysely';
import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';
import { hashPassword } from './staff-passwords.ts';
import { StaffAuthService } from './staff-auth.service.ts';
import { newBackupCode, normalizeBackupCode, StaffSecrets } from './staff-secrets.ts';
import {
  newStaff,
  signIn,
  testStaffSecrets,
  newUnenrolledAdmin,
  twoFactorStep,
} from './staff.test-helper.ts';

// Staff secrets at rest (issue F5 point 6): what a copy of the database shows.

const LOGIN = '/api/v1/staff/auth/login';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

let t: TestApp;
let stationId: string;

beforeAll(async () => {
  t = await createTestApp();
  ({ stationId } = await newStation(t.database.db));
});
afterAll(async () => t.close());

async function rawStaff(id: string) {
  const { rows } = await sql<{ totp_secret: string | null }>`
    select totp_secret from identity.staff where id = ${id}`.execute(t.database.db);
  return rows[0];
}

async function rawBackupCodes(id: string) {
  const { rows } = await sql<{ code_hash: string; is_peppered: boolean }>`
    select code_hash, is_peppered from identity.backup_codes where staff_id = ${id}`.execute(
    t.database.db,
  );
  return rows;
}

describe('staff secrets at rest', () => {
  it('an enrolment through the API stores no readable seed and no unpeppered code', async () => {
    const staff = await newUnenrolledAdmin(t.database.db, [stationId]);
    const session = await signIn(t.app, staff);
    const enroll = await twoFactorStep(t.app, {
      step: 'enroll',
      session,
      payload: { password: staff.password },
    });
    const { secret } = enroll.json<{ secret: string }>();
    // Pending already: sealed from the first write.
    expect((await rawStaff(staff.id))?.totp_secret).toMatch(/^enc:v1:dev1:/);
    const confirm = await twoFactorStep(t.app, {
      step: 'confirm',
      session,
      payload: { code: authenticator.generate(secret) },
    });
    const { backupCodes } = confirm.json<{ backupCodes: string[] }>();

    const stored = await rawStaff(staff.id);
    expect(stored?.totp_secret).toMatch(/^enc:v1:dev1:/);
    expect(stored?.totp_secret).not.toContain(secret);
    const codes = await rawBackupCodes(staff.id);
    expect(codes).toHaveLength(10);
    const storedHashes = codes.map((row) => row.code_hash);
    for (const code of backupCodes) {
      const normalized = normalizeBackupCode(code);
      expect(storedHashes).not.toContain(normalized);
      expect(storedHashes).not.toContain(sha256(normalized));
      expect(storedHashes).not.toContain(sha256(code));
      expect(storedHashes).toContain(testStaffSecrets.backupCodeHash(code));
    }
    expect(codes.every((row) => row.is_peppered)).toBe(true);
    // Whatever the column holds, nothing in the whole row is the seed in base32 or hex.
    const { rows } = await sql<{ row: string }>`
      select row_to_json(s)::text as row from identity.staff s where id = ${staff.id}`.execute(
      t.database.db,
    );
    expect(rows[0]?.row).not.toContain(secret);
  });

  it('the database refuses a plaintext seed written by any code path', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    await expect(
      t.database.db
        .updateTable('identity.staff')
        .set({ totp_secret: authenticator.generateSecret(20) })
        .where('id', '=', staff.id)
        .execute(),
    ).rejects.toThrow(/staff_totp_secret_sealed/);
  });

  it('start-up seals seeds and peppers codes written before, once, and they keep working', async () => {
    // Rows as a database from before this change holds them: a plain seed, plain SHA-256
    // backup codes. The constraint that forbids such rows now is lifted to write them.
    await sql`alter table identity.staff drop constraint staff_totp_secret_sealed`.execute(
      t.database.db,
    );
    const seed = authenticator.generateSecret(20);
    const codes = Array.from({ length: 3 }, () => newBackupCode());
    const email = `legacy.${randomBytes(4).toString('hex')}@teppan.test`;
    const password = 'a legacy passphrase';
    const { id } = await t.database.db
      .insertInto('identity.staff')
      .values({
        email,
        name: 'Legacy Admin',
        role: 'admin',
        password_hash: await hashPassword(password),
        totp_secret: seed,
        totp_enabled_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('identity.staff_stations')
      .values({ staff_id: id, station_id: stationId })
      .execute();
    await t.database.db
      .insertInto('identity.backup_codes')
      .values(codes.map((code) => ({ staff_id: id, code_hash: sha256(normalizeBackupCode(code)) })))
      .execute();

    // Two instances starting at once: each row is sealed exactly once between them.
    const [first, second] = await Promise.all([
      t.container.staff.auth.sealStoredSecrets(),
      t.container.staff.auth.sealStoredSecrets(),
    ]);
    expect((first?.sealedSeeds ?? 0) + (second?.sealedSeeds ?? 0)).toBe(1);
    expect((first?.pepperedBackupCodes ?? 0) + (second?.pepperedBackupCodes ?? 0)).toBe(3);
    expect(await t.container.staff.auth.sealStoredSecrets()).toEqual({
      sealedSeeds: 0,
      pepperedBackupCodes: 0,
    });

    const stored = await rawStaff(id);
    expect(stored?.totp_secret).toMatch(/^enc:v1:/);
    expect(stored?.totp_secret).not.toContain(seed);
    const storedCodes = await rawBackupCodes(id);
    for (const code of codes)
      expect(storedCodes.map((row) => row.code_hash)).not.toContain(
        sha256(normalizeBackupCode(code)),
      );
    // Every row satisfies the constraint again: it validates over the whole table.
    await sql`alter table identity.staff add constraint staff_totp_secret_sealed
      check (totp_secret is null or totp_secret like 'enc:v1:%')`.execute(t.database.db);

    // The same authenticator and the same paper codes still sign in.
    const withTotp = await t.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { email, password, totpCode: authenticator.generate(seed) },
    });
    expect(withTotp.statusCode, withTotp.body).toBe(200);
    const withBackup = await t.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { email, password, backupCode: codes[1]?.toLowerCase() },
    });
    expect(withBackup.statusCode, withBackup.body).toBe(200);
  });

  it('after a key rotation, start-up re-seals every seed under the new key', async () => {
    const staff = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
    const oldSealed = (await rawStaff(staff.id))?.totp_secret;
    expect(oldSealed).toMatch(/^enc:v1:dev1:/);
    // ENCRYPTION_KEYS=new,dev1: the first key encrypts, the rest still decrypt.
    const rotatedRing = FieldCrypto.fromConfig({
      keys: `k2026:${randomBytes(32).toString('base64')},${DEVELOPMENT_FIELD_KEYS}`,
      pepper: DEVELOPMENT_PEPPER,
    });
    const rotated = new StaffSecrets(rotatedRing);
    const service = new StaffAuthService(t.database.db, {
      now: () => new Date(),
      sessionTtlHours: 1,
      publicBaseUrl: 'http://localhost',
      fieldCrypto: rotatedRing,
      secrets: rotated,
    });
    const result = await service.sealStoredSecrets();
    expect(result.sealedSeeds).toBeGreaterThanOrEqual(1);
    const resealed = (await rawStaff(staff.id))?.totp_secret ?? '';
    expect(resealed).toMatch(/^enc:v1:k2026:/);
    expect(rotated.openTotpSeed(resealed)).toBe(staff.totpSecret);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from identity.staff
      where totp_secret is not null and totp_secret not like 'enc:v1:k2026:%'`.execute(
      t.database.db,
    );
    // Nothing left under the old key: it can leave the ring.
    expect(rows[0]?.n).toBe(0);
  });
});
