import { contactIndex } from '@teppan/db/pii';
import { authenticator } from 'otplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';
import { linkTokenFromDevOutbox } from '../../test/dev-outbox.ts';
import {
  createClockedTestApp,
  createTestClock,
  newStaff,
  sessionCookieOf,
  signIn,
  STAFF_PASSWORD,
  type TestClock,
} from './staff.test-helper.ts';

const LOGIN = '/api/v1/staff/auth/login';
const ME = '/api/v1/staff/auth/me';

let t: TestApp;
let clock: TestClock;
let stationId: string;

beforeAll(async () => {
  clock = createTestClock();
  t = await createClockedTestApp({ clock });
  ({ stationId } = await newStation(t.database.db));
});
afterAll(async () => t.close());

function login(payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: LOGIN, payload, headers });
}

async function auditActions(staffId: string): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('audit.log')
    .select('action')
    .where('entity_id', '=', staffId)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.action);
}

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax, Path=/ session cookie and returns the CSRF token', async () => {
    const staff = await newStaff(t.database.db, {
      role: 'admin',
      stationIds: [stationId],
      totp: false,
    });
    const response = await login({ email: staff.email.toUpperCase(), password: staff.password });
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^teppan_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    // Not configured as secure in tests (plain http in development).
    expect(setCookie).not.toContain('Secure');
    const body = response.json<{
      staff: { id: string; role: string };
      csrfToken: string;
      twoFactorEnrolmentRequired: boolean;
    }>();
    expect(body.staff).toMatchObject({ id: staff.id, role: 'admin' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // An admin without 2FA must enrol before anything else.
    expect(body.twoFactorEnrolmentRequired).toBe(true);
    expect(JSON.stringify(body)).not.toMatch(/password|argon2|totp_secret/i);

    const me = await t.app.inject({
      method: 'GET',
      url: ME,
      headers: { cookie: sessionCookieOf(response.headers['set-cookie']) ?? '' },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      role: 'admin',
      csrfToken: body.csrfToken,
      stations: [{ id: stationId }],
      permissions: expect.arrayContaining(['staff.manage', 'bookings.read']) as unknown,
      twoFactorEnrolmentRequired: true,
    });
    expect(await auditActions(staff.id)).toContain('staff.login');
  });

  it('marks the cookie Secure when COOKIE_SECURE is on', async () => {
    const secure = await createTestApp({ env: { COOKIE_SECURE: 'true' } });
    try {
      const { stationId: station } = await newStation(secure.database.db);
      const staff = await newStaff(secure.database.db, { role: 'chef', stationIds: [station] });
      const response = await secure.app.inject({
        method: 'POST',
        url: LOGIN,
        payload: { email: staff.email, password: staff.password },
      });
      expect(response.statusCode).toBe(200);
      expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await secure.close();
    }
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const wrong = await login({ email: staff.email, password: 'not the password' });
    const unknown = await login({ email: 'nobody@teppan.test', password: 'not the password' });
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(wrong.json<{ error: unknown }>().error).toEqual(
      unknown.json<{ error: unknown }>().error,
    );
  });

  it('refuses a deactivated account like a wrong password', async () => {
    const staff = await newStaff(t.database.db, {
      role: 'chef',
      stationIds: [stationId],
      isActive: false,
    });
    const response = await login({ email: staff.email, password: staff.password });
    expect(response.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('never adopts a session id the client brings (fixation) and issues a new one each time', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const planted = 'teppan_session=attacker-chosen-value-0123456789abcdefghijklmnop';
    const first = await login(
      { email: staff.email, password: staff.password },
      { cookie: planted },
    );
    const firstCookie = sessionCookieOf(first.headers['set-cookie']);
    expect(firstCookie).toBeDefined();
    expect(firstCookie).not.toBe(planted);
    const stillAnonymous = await t.app.inject({
      method: 'GET',
      url: ME,
      headers: { cookie: planted },
    });
    expect(stillAnonymous.statusCode).toBe(401);

    // Signing in again over a live session replaces it: the old id stops working.
    const second = await login(
      { email: staff.email, password: staff.password },
      { cookie: firstCookie ?? '' },
    );
    const secondCookie = sessionCookieOf(second.headers['set-cookie']);
    expect(secondCookie).not.toBe(firstCookie);
    const old = await t.app.inject({
      method: 'GET',
      url: ME,
      headers: { cookie: firstCookie ?? '' },
    });
    expect(old.statusCode).toBe(401);
    const current = await t.app.inject({
      method: 'GET',
      url: ME,
      headers: { cookie: secondCookie ?? '' },
    });
    expect(current.statusCode).toBe(200);
  });

  it('stores only a hash of the session token', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const session = await signIn(t.app, staff);
    const token = session.cookie.split('=')[1] ?? '';
    const rows = await t.database.db
      .selectFrom('identity.sessions')
      .select(['id', 'csrf_token_hash'])
      .where('staff_id', '=', staff.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.id).not.toBe(token);
    expect(rows[0]?.csrf_token_hash).not.toBe(session.csrfToken);
  });

  it('rejects an expired session', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const session = await signIn(t.app, staff);
    clock.advance(t.config.session.ttlHours * 3_600_000 + 1000);
    try {
      const me = await t.app.inject({
        method: 'GET',
        url: ME,
        headers: { cookie: session.cookie },
      });
      expect(me.statusCode).toBe(401);
      expect(me.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    } finally {
      clock.advance(-(t.config.session.ttlHours * 3_600_000 + 1000));
    }
  });
});

describe('CSRF', () => {
  it('requires the session-bound token on every state change', async () => {
    const staff = await newStaff(t.database.db, {
      role: 'admin',
      stationIds: [stationId],
      totp: false,
    });
    const other = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
    const session = await signIn(t.app, staff);
    const otherSession = await signIn(t.app, other);
    const url = '/api/v1/staff/auth/2fa/enroll';

    const payload = { password: staff.password };
    const missing = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie },
      payload,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ error: { code: 'CSRF_INVALID' } });

    const wrong = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': 'x'.repeat(43) },
      payload,
    });
    expect(wrong.json()).toMatchObject({ error: { code: 'CSRF_INVALID' } });

    // A valid token of another session does not pass: the token is tied to the session.
    const foreign = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': otherSession.csrfToken },
      payload,
    });
    expect(foreign.json()).toMatchObject({ error: { code: 'CSRF_INVALID' } });

    const ok = await t.app.inject({ method: 'POST', url, headers: session.headers, payload });
    expect(ok.statusCode).toBe(200);

    // GET needs no token.
    const me = await t.app.inject({ method: 'GET', url: ME, headers: { cookie: session.cookie } });
    expect(me.statusCode).toBe(200);
  });
});

describe('lockout per account and address', () => {
  const IP_A = '198.51.100.7';
  const IP_B = '203.0.113.9';
  const from = (ip: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: LOGIN, payload, remoteAddress: ip });
  const lockedForMs = (response: Awaited<ReturnType<typeof from>>) => {
    expect(response.statusCode, response.body).toBe(423);
    const { error } = response.json<{
      error: { code: string; details: { lockedUntil: string } };
    }>();
    expect(error.code).toBe('ACCOUNT_LOCKED');
    return Date.parse(error.details.lockedUntil) - clock.now().getTime();
  };

  // Every test moves the clock forward and back again: TOTP codes come from the real clock.
  let moved = 0;
  const wait = (ms: number) => {
    clock.advance(ms);
    moved += ms;
  };
  afterEach(() => {
    clock.advance(-moved);
    moved = 0;
  });

  it('locks one address after 5 failures, with growing delays, while another address signs in', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const wrong = { email: staff.email, password: 'wrong password!!' };
    const right = { email: staff.email, password: staff.password };
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await from(IP_A, wrong);
      expect(response.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    }
    // The 5th failure locks address A for a minute…
    const first = lockedForMs(await from(IP_A, wrong));
    expect(first).toBeGreaterThan(50_000);
    expect(first).toBeLessThanOrEqual(60_000);
    const refused = await from(IP_A, right);
    expect(lockedForMs(refused)).toBeLessThanOrEqual(60_000);
    expect(refused.headers['set-cookie']).toBeUndefined();
    // …but not the account: the same person (or anyone) elsewhere signs in as usual, and that
    // success does not unlock address A.
    expect((await from(IP_B, right)).statusCode).toBe(200);
    expect(lockedForMs(await from(IP_A, right))).toBeGreaterThan(0);

    // Each further failure from A doubles the wait: 2, then 4 minutes.
    const delays: number[] = [first];
    for (const ms of [61_000, 121_000]) {
      wait(ms);
      delays.push(lockedForMs(await from(IP_A, wrong)));
    }
    expect(delays[1]).toBeGreaterThan(110_000);
    expect(delays[1]).toBeLessThanOrEqual(120_000);
    expect(delays[2]).toBeGreaterThan(230_000);
    expect(delays[2]).toBeLessThanOrEqual(240_000);

    // Once the lock runs out, the right password works from A and starts its count again.
    wait(241_000);
    expect((await from(IP_A, right)).statusCode).toBe(200);
    const row = await t.database.db
      .selectFrom('identity.login_throttle')
      .select('ip')
      .where('ip', '=', IP_A)
      .execute();
    expect(row).toEqual([]);
    for (let attempt = 1; attempt <= 4; attempt += 1)
      expect((await from(IP_A, wrong)).statusCode).toBe(401);
    expect((await from(IP_A, right)).statusCode).toBe(200);
    expect(await auditActions(staff.id)).toContain('staff.locked');
  });

  it('failures from one address never lock the account for another', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const wrong = { email: staff.email, password: 'wrong password!!' };
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const response = await from(IP_A, wrong);
      expect([401, 423]).toContain(response.statusCode);
      if (response.statusCode === 423) wait(lockedForMs(response) + 1000);
    }
    // Twelve failures from A: B still has all of its attempts, and a success.
    for (let attempt = 1; attempt <= 4; attempt += 1)
      expect((await from(IP_B, wrong)).statusCode).toBe(401);
    expect((await from(IP_B, { email: staff.email, password: staff.password })).statusCode).toBe(
      200,
    );
  });

  it('a burst of parallel guesses from one address gets 5 checks, not more', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const responses = await Promise.all(
      Array.from({ length: 16 }, () =>
        from('192.0.2.44', { email: staff.email, password: 'wrong password!!' }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(4);
    expect(statuses.filter((status) => status === 423)).toHaveLength(12);
  });
});

describe('unknown accounts', () => {
  /** Everything a client sees but the request id and the clock. */
  function visible(response: Awaited<ReturnType<typeof login>>) {
    const { requestId, ...body } = response.json<{
      requestId: string;
      error: { details?: { lockedUntil?: string } };
    }>();
    expect(requestId).toEqual(expect.any(String));
    // The lock runs from each request's own instant: same shape, same minute, not same ms.
    const lockedUntil = body.error.details?.lockedUntil;
    if (lockedUntil) {
      const inMs = Date.parse(lockedUntil) - clock.now().getTime();
      expect(inMs).toBeGreaterThan(30_000);
      expect(inMs).toBeLessThanOrEqual(60_000);
      body.error.details = { lockedUntil: 'about a minute from now' };
    }
    // The per-address request counter counts down with every request, whoever it names.
    const volatile = ['date', 'x-request-id', 'content-length', 'x-ratelimit-remaining'];
    const headers = Object.fromEntries(
      Object.entries(response.headers).filter(([name]) => !volatile.includes(name)),
    );
    return { status: response.statusCode, body, headers };
  }

  it('answer exactly like a known one: wrong password, deactivated, and once locked', async () => {
    const known = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
    const inactive = await newStaff(t.database.db, {
      role: 'chef',
      stationIds: [stationId],
      isActive: false,
    });
    const emails = [known.email, inactive.email, `ghost.${known.id}@teppan.test`];
    const attempt = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: LOGIN,
        payload: { email, password: 'not the password' },
        remoteAddress: '192.0.2.80',
      });
    // Five failures each from one address: the same answers, the fifth a lock for all three.
    for (let round = 1; round <= 6; round += 1) {
      const answers = [];
      for (const email of emails) answers.push(visible(await attempt(email)));
      const [first, ...rest] = answers;
      for (const other of rest) expect({ round, ...other }).toEqual({ round, ...first });
      expect(first?.status).toBe(round < 5 ? 401 : 423);
      expect(first?.headers['set-cookie']).toBeUndefined();
    }
  });

  it('take about as long as a known one (the password hash is checked against a dummy)', async () => {
    const known = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const time = async (email: string, ip: string) => {
      const started = performance.now();
      await t.app.inject({
        method: 'POST',
        url: LOGIN,
        payload: { email, password: 'not the password' },
        remoteAddress: ip,
      });
      return performance.now() - started;
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    // Alternating, from fresh addresses, so neither side meets a lock or a warmer cache.
    for (let i = 0; i < 5; i += 1) {
      knownTimes.push(await time(known.email, `192.0.2.${100 + i}`));
      unknownTimes.push(await time(`nobody.${i}.${known.id}@teppan.test`, `192.0.2.${150 + i}`));
    }
    // Generous: the machine is shared. Without the dummy check an unknown email answers in
    // a few milliseconds against hundreds for argon2.
    expect(median(unknownTimes)).toBeGreaterThan(median(knownTimes) * 0.5);
    expect(median(unknownTimes)).toBeLessThan(median(knownTimes) * 2);
  });
});

describe('two-factor', () => {
  it('enrols with a QR code, confirms with a real code, then demands a code at sign-in', async () => {
    const staff = await newStaff(t.database.db, {
      role: 'admin',
      stationIds: [stationId],
      totp: false,
    });
    const session = await signIn(t.app, staff);

    // Enrolling asks for the password again: an open session alone cannot bind a device.
    const withoutPassword = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/2fa/enroll',
      headers: session.headers,
      payload: {},
    });
    expect(withoutPassword.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const wrongPassword = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/2fa/enroll',
      headers: session.headers,
      payload: { password: 'not my password' },
    });
    expect(wrongPassword.statusCode).toBe(403);
    expect(wrongPassword.json()).toMatchObject({ error: { code: 'PASSWORD_INCORRECT' } });
    const untouched = await t.database.db
      .selectFrom('identity.staff')
      .select('totp_secret')
      .where('id', '=', staff.id)
      .executeTakeFirstOrThrow();
    expect(untouched.totp_secret).toBeNull();

    const enroll = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/2fa/enroll',
      headers: session.headers,
      payload: { password: staff.password },
    });
    expect(enroll.statusCode).toBe(200);
    const { secret, otpauthUrl, qrCodeDataUrl } = enroll.json<{
      secret: string;
      otpauthUrl: string;
      qrCodeDataUrl: string;
    }>();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Teppan:/);
    expect(otpauthUrl).toContain(`secret=${secret}`);
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);

    // Pending: sign-in still works without a code.
    await signIn(t.app, staff);

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/2fa/confirm',
      headers: session.headers,
      payload: { code: authenticator.generate(secret) === '000000' ? '111111' : '000000' },
    });
    expect(wrong.json()).toMatchObject({ error: { code: 'TWO_FACTOR_INVALID' } });

    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/2fa/confirm',
      headers: session.headers,
      payload: { code: authenticator.generate(secret) },
    });
    expect(confirm.statusCode).toBe(200);
    const { backupCodes } = confirm.json<{ backupCodes: string[] }>();
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    const stored = await t.database.db
      .selectFrom('identity.backup_codes')
      .select('code_hash')
      .where('staff_id', '=', staff.id)
      .execute();
    expect(stored).toHaveLength(10);
    for (const code of backupCodes) expect(stored.map((row) => row.code_hash)).not.toContain(code);

    // The confirming session keeps working; enrolling again is refused.
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/2fa/enroll',
      headers: session.headers,
      payload: { password: staff.password },
    });
    expect(again.json()).toMatchObject({ error: { code: 'TWO_FACTOR_ALREADY_ENABLED' } });
    // Confirmed, the session reaches the rest of the API.
    const staffList = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/staff',
      headers: { cookie: session.cookie },
    });
    expect(staffList.statusCode).toBe(200);

    const noCode = await login({ email: staff.email, password: staff.password });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json()).toMatchObject({ error: { code: 'TWO_FACTOR_REQUIRED' } });
    expect(noCode.headers['set-cookie']).toBeUndefined();

    // The code used to confirm cannot be replayed to sign in within its window.
    const replay = await login({
      email: staff.email,
      password: staff.password,
      totpCode: authenticator.generate(secret),
    });
    expect(replay.json()).toMatchObject({ error: { code: 'TWO_FACTOR_INVALID' } });

    // The next time step's code signs in (one step of drift is allowed).
    clock.advance(30_000);
    try {
      const next = await login({
        email: staff.email,
        password: staff.password,
        totpCode: authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret),
      });
      expect(next.statusCode).toBe(200);
      expect(next.json()).toMatchObject({ twoFactorEnrolmentRequired: false });
    } finally {
      clock.advance(-30_000);
    }
  });

  it('signs in with a fresh TOTP code from authenticator.generate', async () => {
    const staff = await newStaff(t.database.db, {
      role: 'station_manager',
      stationIds: [stationId],
      totp: true,
    });
    const response = await login({
      email: staff.email,
      password: staff.password,
      totpCode: authenticator.generate(staff.totpSecret ?? ''),
    });
    expect(response.statusCode).toBe(200);
    const session = sessionCookieOf(response.headers['set-cookie']) ?? '';
    const me = await t.app.inject({ method: 'GET', url: ME, headers: { cookie: session } });
    expect(me.json()).toMatchObject({ staff: { isTwoFactorEnabled: true } });
  });

  it('accepts each backup code once', async () => {
    const staff = await newStaff(t.database.db, {
      role: 'chef',
      stationIds: [stationId],
      totp: true,
    });
    const [code] = staff.backupCodes;
    const first = await login({
      email: staff.email,
      password: staff.password,
      backupCode: code?.toLowerCase(),
    });
    expect(first.statusCode).toBe(200);
    const second = await login({ email: staff.email, password: staff.password, backupCode: code });
    expect(second.statusCode).toBe(401);
    expect(second.json()).toMatchObject({ error: { code: 'TWO_FACTOR_INVALID' } });
    const third = await login({
      email: staff.email,
      password: staff.password,
      backupCode: staff.backupCodes[1],
    });
    expect(third.statusCode).toBe(200);
  });

  it('counts wrong codes towards the lockout', async () => {
    const staff = await newStaff(t.database.db, {
      role: 'chef',
      stationIds: [stationId],
      totp: true,
    });
    let last = 0;
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await login({
        email: staff.email,
        password: staff.password,
        backupCode: 'AAAA-AAAA-AAAA',
      });
      last = response.statusCode;
    }
    expect(last).toBe(423);
    clock.advance(16 * 60_000);
    try {
      expect(
        (
          await login({
            email: staff.email,
            password: staff.password,
            backupCode: staff.backupCodes[0],
          })
        ).statusCode,
      ).toBe(200);
    } finally {
      clock.advance(-16 * 60_000);
    }
  });

  it('invalidates sessions opened before 2FA was switched on', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const older = await signIn(t.app, staff);
    const current = await signIn(t.app, staff);
    const { secret } = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/auth/2fa/enroll',
        headers: current.headers,
        payload: { password: staff.password },
      })
    ).json<{ secret: string }>();
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/2fa/confirm',
      headers: current.headers,
      payload: { code: authenticator.generate(secret) },
    });
    const stale = await t.app.inject({ method: 'GET', url: ME, headers: { cookie: older.cookie } });
    expect(stale.json()).toMatchObject({ error: { code: 'TWO_FACTOR_REQUIRED' } });
    const fresh = await t.app.inject({
      method: 'GET',
      url: ME,
      headers: { cookie: current.cookie },
    });
    expect(fresh.statusCode).toBe(200);
  });

  it('disables 2FA only with the password and a code', async () => {
    const staff = await newStaff(t.database.db, {
      role: 'chef',
      stationIds: [stationId],
      totp: true,
    });
    const session = await signIn(t.app, staff);
    const url = '/api/v1/staff/auth/2fa/disable';
    const wrongPassword = await t.app.inject({
      method: 'POST',
      url,
      headers: session.headers,
      payload: { password: 'not my password', code: staff.backupCodes[0] },
    });
    expect(wrongPassword.statusCode).toBe(403);
    expect(wrongPassword.json()).toMatchObject({ error: { code: 'PASSWORD_INCORRECT' } });
    // The refused attempt did not spend the backup code.
    expect(
      await t.database.db
        .selectFrom('identity.backup_codes')
        .select('id')
        .where('staff_id', '=', staff.id)
        .where('used_at', 'is not', null)
        .execute(),
    ).toEqual([]);
    const wrongCode = await t.app.inject({
      method: 'POST',
      url,
      headers: session.headers,
      payload: { password: staff.password, code: '000000' },
    });
    expect(wrongCode.json()).toMatchObject({ error: { code: 'TWO_FACTOR_INVALID' } });
    const ok = await t.app.inject({
      method: 'POST',
      url,
      headers: session.headers,
      payload: { password: staff.password, code: staff.backupCodes[0] },
    });
    expect(ok.statusCode).toBe(204);
    expect((await login({ email: staff.email, password: staff.password })).statusCode).toBe(200);
    expect(await auditActions(staff.id)).toContain('staff.2fa_disable');
  });

  it('for a role that requires it, disabling is a reset: enrolment only until a new device', async () => {
    const staff = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
    const session = await signIn(t.app, staff);
    const off = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/2fa/disable',
      headers: session.headers,
      payload: { password: staff.password, code: staff.backupCodes[0] },
    });
    expect(off.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: ME, headers: { cookie: session.cookie } });
    expect(me.json()).toMatchObject({ twoFactorEnrolmentRequired: true });
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/staff',
      headers: { cookie: session.cookie },
    });
    expect(list.statusCode).toBe(403);
    expect(list.json()).toMatchObject({ error: { code: 'TWO_FACTOR_ENROLMENT_REQUIRED' } });
  });
});

describe('sign-out', () => {
  it('logout ends this session only; logout-all ends every session', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const a = await signIn(t.app, staff);
    const b = await signIn(t.app, staff);
    const c = await signIn(t.app, staff);

    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/logout',
      headers: a.headers,
    });
    expect(logout.statusCode).toBe(204);
    expect(String(logout.headers['set-cookie'])).toMatch(
      /teppan_session=;.*Expires=Thu, 01 Jan 1970/,
    );
    expect(
      (await t.app.inject({ method: 'GET', url: ME, headers: { cookie: a.cookie } })).statusCode,
    ).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: ME, headers: { cookie: b.cookie } })).statusCode,
    ).toBe(200);

    const all = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/logout-all',
      headers: b.headers,
    });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ revokedSessions: 2 });
    for (const session of [b, c])
      expect(
        (await t.app.inject({ method: 'GET', url: ME, headers: { cookie: session.cookie } }))
          .statusCode,
      ).toBe(401);
    expect(await auditActions(staff.id)).toEqual(
      expect.arrayContaining(['staff.logout', 'staff.logout_all']),
    );
  });
});

describe('password reset', () => {
  async function requestReset(email: string) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/request',
      payload: { email },
    });
  }

  const tokenFromOutbox = (email: string) =>
    linkTokenFromDevOutbox(t.app, { recipient: email, template: 'staff.password_reset' });

  it('answers 202 for known and unknown emails; only a known one gets an email', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const known = await requestReset(staff.email);
    const unknown = await requestReset('ghost@teppan.test');
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const ghostMail = await t.database.db
      .selectFrom('marketing.outbox')
      .select('id')
      .where(
        'recipient_index',
        '=',
        contactIndex(t.container.fieldCrypto, 'email', 'ghost@teppan.test'),
      )
      .execute();
    expect(ghostMail).toHaveLength(0);
    const token = await tokenFromOutbox(staff.email);
    const stored = await t.database.db
      .selectFrom('identity.one_time_tokens')
      .select('token_hash')
      .where('staff_id', '=', staff.id)
      .execute();
    expect(stored.map((row) => row.token_hash)).not.toContain(token);
  });

  it('sets the new password once, signs out every session, and refuses reuse', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const session = await signIn(t.app, staff);
    await requestReset(staff.email);
    const token = await tokenFromOutbox(staff.email);
    const newPassword = 'a brand new passphrase';
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/confirm',
      payload: { token, newPassword },
    });
    expect(confirm.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: ME, headers: { cookie: session.cookie } }))
        .statusCode,
    ).toBe(401);
    expect((await login({ email: staff.email, password: STAFF_PASSWORD })).statusCode).toBe(401);
    expect((await login({ email: staff.email, password: newPassword })).statusCode).toBe(200);

    const reused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/confirm',
      payload: { token, newPassword: 'yet another passphrase' },
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json()).toMatchObject({ error: { code: 'TOKEN_INVALID' } });
    expect(await auditActions(staff.id)).toContain('staff.password_reset');
  });

  it('refuses an expired token', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    await requestReset(staff.email);
    const token = await tokenFromOutbox(staff.email);
    clock.advance(61 * 60_000);
    try {
      const expired = await t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/auth/password-reset/confirm',
        payload: { token, newPassword: 'a brand new passphrase' },
      });
      expect(expired.statusCode).toBe(400);
      expect(expired.json()).toMatchObject({ error: { code: 'TOKEN_INVALID' } });
    } finally {
      clock.advance(-61 * 60_000);
    }
    expect((await login({ email: staff.email, password: staff.password })).statusCode).toBe(200);
  });

  it('only the newest link works: a new request supersedes every older one', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    await requestReset(staff.email);
    const older = await tokenFromOutbox(staff.email);
    await requestReset(staff.email);
    const newer = await tokenFromOutbox(staff.email);
    expect(newer).not.toBe(older);
    const stale = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/confirm',
      payload: { token: older, newPassword: 'an older link passphrase' },
    });
    expect(stale.statusCode).toBe(410);
    expect(stale.json()).toMatchObject({ error: { code: 'RESET_LINK_SUPERSEDED' } });
    expect((await login({ email: staff.email, password: staff.password })).statusCode).toBe(200);
    const fresh = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/confirm',
      payload: { token: newer, newPassword: 'the newest link passphrase' },
    });
    expect(fresh.statusCode).toBe(204);
  });

  it('leaves exactly one live link when requests race', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const answers = await Promise.all(Array.from({ length: 6 }, () => requestReset(staff.email)));
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(6).fill(202));
    const open = await t.database.db
      .selectFrom('identity.one_time_tokens')
      .select('id')
      .where('staff_id', '=', staff.id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute();
    expect(open).toHaveLength(1);
  });

  it('rejects a new password shorter than 12 characters', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/confirm',
      payload: { token: 'x'.repeat(43), newPassword: 'short pass' },
    });
    expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});
