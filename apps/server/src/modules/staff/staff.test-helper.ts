import type { Database } from '@teppan/db';
import { DEVELOPMENT_FIELD_KEYS, DEVELOPMENT_PEPPER, FieldCrypto } from '@teppan/db/field-crypto';
import type { FastifyInstance } from 'fastify';
import { authenticator } from 'otplib';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { requiresTwoFactor, type StaffRole } from './permissions.ts';
import { hashPassword } from './staff-passwords.ts';
import { newBackupCode, StaffSecrets } from './staff-secrets.ts';

export const STAFF_PASSWORD = 'correct horse battery staple';

/** A clock the app reads through `now`; tests move it instead of waiting. */
export interface TestClock {
  now: () => Date;
  advance: (ms: number) => void;
}

export function createTestClock(): TestClock {
  let offsetMs = 0;
  return {
    // Follows real time (TOTP codes in tests come from the real clock) plus the offset.
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms) => {
      offsetMs += ms;
    },
  };
}

// The clock each clocked app reads, so signIn makes TOTP codes for the app's time.
const clockOfApp = new WeakMap<FastifyInstance, TestClock>();

/** Like createTestApp, but the container's `now` is the given clock. */
export async function createClockedTestApp(options: {
  clock: TestClock;
  env?: Record<string, string>;
}): Promise<TestApp> {
  const testApp = await createTestApp({ env: options.env, now: options.clock.now });
  clockOfApp.set(testApp.app, options.clock);
  return testApp;
}

let staffSeq = 0;

/**
 * The secrets of an app started with the default test configuration (no ENCRYPTION_KEYS or
 * HASH_PEPPER: the labelled development values). Pass `secrets` to newStaff for an app
 * started with its own keys.
 */
export const testStaffSecrets = new StaffSecrets(
  FieldCrypto.fromConfig({ keys: DEVELOPMENT_FIELD_KEYS, pepper: DEVELOPMENT_PEPPER }),
);

// Where each TOTP staff member lives, so signIn can let the same code step in again.
const totpAccounts = new Map<string, { db: Database; id: string }>();

export interface NewStaff {
  id: string;
  email: string;
  name: string;
  password: string;
  role: StaffRole;
  stationIds: string[];
  totpSecret: string | null;
  backupCodes: string[];
}

/**
 * A staff member straight in the database, with TOTP enrolled (sealed seed, 10 peppered
 * backup codes) where the role requires two-factor (super_admin, admin, station_manager),
 * as a real account of that role is once past its first sign-in. `totp: false` makes one
 * that still owes enrolment; `totp: true` enrols any role.
 */
export async function newStaff(
  db: Database,
  options: {
    role: StaffRole;
    stationIds: string[];
    password?: string;
    totp?: boolean;
    email?: string;
    isActive?: boolean;
    secrets?: StaffSecrets;
  },
): Promise<NewStaff> {
  staffSeq += 1;
  const secrets = options.secrets ?? testStaffSecrets;
  const password = options.password ?? STAFF_PASSWORD;
  const email =
    options.email ?? `${options.role}.${staffSeq}.${Math.floor(Math.random() * 1e9)}@teppan.test`;
  const hasTotp = options.totp ?? requiresTwoFactor(options.role);
  const totpSecret = hasTotp ? authenticator.generateSecret(20) : null;
  const name = `Staff ${staffSeq}`;
  const row = await db
    .insertInto('identity.staff')
    .values({
      email,
      name,
      role: options.role,
      password_hash: await hashPassword(password),
      is_active: options.isActive ?? true,
      totp_secret: totpSecret ? secrets.sealTotpSeed(totpSecret) : null,
      totp_enabled_at: totpSecret ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (options.stationIds.length)
    await db
      .insertInto('identity.staff_stations')
      .values(options.stationIds.map((stationId) => ({ staff_id: row.id, station_id: stationId })))
      .execute();
  const backupCodes = totpSecret ? Array.from({ length: 10 }, () => newBackupCode()) : [];
  if (backupCodes.length)
    await db
      .insertInto('identity.backup_codes')
      .values(
        backupCodes.map((code) => ({
          staff_id: row.id,
          code_hash: secrets.backupCodeHash(code),
          is_peppered: true,
        })),
      )
      .execute();
  if (totpSecret) totpAccounts.set(totpSecret, { db, id: row.id });
  return {
    id: row.id,
    email,
    name,
    password,
    role: options.role,
    stationIds: options.stationIds,
    totpSecret,
    backupCodes,
  };
}

/** An admin who has not enrolled two-factor yet, as after accepting an invitation. */
export function newUnenrolledAdmin(db: Database, stationIds: string[]): Promise<NewStaff> {
  return newStaff(db, { role: 'admin', stationIds, totp: false });
}

/** The `teppan_session=...` pair from a response's Set-Cookie, ready for a Cookie header. */
export function sessionCookieOf(setCookie: string | string[] | undefined): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = all.find((cookie) => cookie.startsWith('teppan_session='));
  return found?.split(';')[0];
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  /** Headers for a state-changing request of this session. */
  headers: { cookie: string; 'x-csrf-token': string };
}

/**
 * Tests sign one person in many times a minute, but the server accepts each 30-second TOTP
 * step once (replay protection); a person would wait for the next code. This forgets the
 * step last used by a newStaff member, as if that wait had passed. No-op for anyone else.
 */
export async function allowNextTotpCode(staff: { totpSecret?: string | null }): Promise<void> {
  const account = staff.totpSecret ? totpAccounts.get(staff.totpSecret) : undefined;
  if (!account) return;
  await account.db
    .updateTable('identity.staff')
    .set({ totp_last_step: null })
    .where('id', '=', account.id)
    .execute();
}

/** Signs in through the API, with a fresh TOTP code when the staff member has TOTP. */
export async function signIn(
  app: FastifyInstance,
  staff: { email: string; password: string; totpSecret?: string | null },
): Promise<SignedIn> {
  await allowNextTotpCode(staff);
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/staff/auth/login',
    payload: {
      email: staff.email,
      password: staff.password,
      ...(staff.totpSecret
        ? {
            // The code of the app's own time: a test clock may run ahead of the real one.
            totpCode: authenticator
              .clone({ epoch: clockOfApp.get(app)?.now().getTime() ?? Date.now() })
              .generate(staff.totpSecret),
          }
        : {}),
    },
  });
  if (response.statusCode !== 200)
    throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = sessionCookieOf(response.headers['set-cookie']);
  if (!cookie) throw new Error('sign-in set no session cookie');
  const { csrfToken } = response.json<{ csrfToken: string }>();
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

/** A new staff member (newStaff), signed in (signIn) to the test app. */
export async function signInNewStaff(
  t: TestApp,
  options: Parameters<typeof newStaff>[1],
): Promise<SignedIn> {
  return signIn(t.app, await newStaff(t.database.db, options));
}

/** A two-factor request of a signed-in session: enroll (password), confirm or disable (code). */
export function twoFactorStep(
  app: FastifyInstance,
  request: {
    step: 'enroll' | 'confirm' | 'disable';
    session: SignedIn;
    payload: Record<string, unknown>;
  },
) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/staff/auth/2fa/${request.step}`,
    headers: request.session.headers,
    payload: request.payload,
  });
}
