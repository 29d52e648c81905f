import type { Database } from '@teppan/db';
import { createTestDatabase } from '@teppan/db/testing';
import type { FastifyInstance } from 'fastify';
import { authenticator } from 'otplib';
import pino from 'pino';
import { inject } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { createContainer } from '../../container.ts';
import { openAppDatabase } from '../../lib/app-database.ts';
import { createMetrics } from '../../lib/metrics.ts';
import { STAFF_KEY, type TestApp } from '../../test/harness.ts';
import type { StaffRole } from './permissions.ts';
import { hashPassword } from './staff-passwords.ts';
import { hashBackupCode, newBackupCode } from './staff-secrets.ts';

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

/** Like createTestApp, but the container's `now` is the given clock. */
export async function createClockedTestApp(options: {
  clock: TestClock;
  env?: Record<string, string>;
}): Promise<TestApp> {
  const database = await createTestDatabase(inject('adminUrl'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    STAFF_API_KEY: STAFF_KEY,
    // As in createTestApp: limits high unless a test asks for low ones.
    STAFF_RATE_LIMIT_PER_MINUTE: '1000000',
    PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
    ...options.env,
  });
  // The app's own pool, with the configured bounds, as in production (lib/app-database.ts).
  const { db: appDb } = openAppDatabase(config, { url: database.url });
  const container = createContainer({
    config,
    db: appDb,
    metrics: createMetrics(),
    logger: pino({ level: 'silent' }),
    now: options.clock.now,
  });
  const app = await buildApp(container, { logger: false });
  return {
    app,
    container,
    database,
    config,
    async close() {
      await app.close();
      await appDb.destroy();
      await database.drop();
    },
  };
}

let staffSeq = 0;

export interface NewStaff {
  id: string;
  email: string;
  password: string;
  role: StaffRole;
  stationIds: string[];
  totpSecret: string | null;
  backupCodes: string[];
}

/** A staff member straight in the database; `totp: true` enables 2FA with backup codes. */
export async function newStaff(
  db: Database,
  options: {
    role: StaffRole;
    stationIds: string[];
    password?: string;
    totp?: boolean;
    email?: string;
    isActive?: boolean;
  },
): Promise<NewStaff> {
  staffSeq += 1;
  const password = options.password ?? STAFF_PASSWORD;
  const email =
    options.email ?? `${options.role}.${staffSeq}.${Math.floor(Math.random() * 1e9)}@teppan.test`;
  const totpSecret = options.totp ? authenticator.generateSecret(20) : null;
  const row = await db
    .insertInto('identity.staff')
    .values({
      email,
      name: `Staff ${staffSeq}`,
      role: options.role,
      password_hash: await hashPassword(password),
      is_active: options.isActive ?? true,
      totp_secret: totpSecret,
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
      .values(backupCodes.map((code) => ({ staff_id: row.id, code_hash: hashBackupCode(code) })))
      .execute();
  return {
    id: row.id,
    email,
    password,
    role: options.role,
    stationIds: options.stationIds,
    totpSecret,
    backupCodes,
  };
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

export async function signIn(
  app: FastifyInstance,
  staff: { email: string; password: string; totpSecret?: string | null },
): Promise<SignedIn> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/staff/auth/login',
    payload: {
      email: staff.email,
      password: staff.password,
      ...(staff.totpSecret ? { totpCode: authenticator.generate(staff.totpSecret) } : {}),
    },
  });
  if (response.statusCode !== 200)
    throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = sessionCookieOf(response.headers['set-cookie']);
  if (!cookie) throw new Error('sign-in set no session cookie');
  const { csrfToken } = response.json<{ csrfToken: string }>();
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}
