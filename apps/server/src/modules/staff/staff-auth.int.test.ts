import { contactIndex } from '@teppan/db/pii';
import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const staff = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
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
      twoFactorRequired: boolean;
    }>();
    expect(body.staff).toMatchObject({ id: staff.id, role: 'admin' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // An admin without 2FA is asked to enrol.
    expect(body.twoFactorRequired).toBe(true);
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
    const staff = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
    const other = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
    const session = await signIn(t.app, staff);
    const otherSession = await signIn(t.app, other);
    const url = '/api/v1/staff/auth/2fa/enroll';

    const missing = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie },
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ error: { code: 'CSRF_INVALID' } });

    const wrong = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': 'x'.repeat(43) },
    });
    expect(wrong.json()).toMatchObject({ error: { code: 'CSRF_INVALID' } });

    // A valid token of another session does not pass: the token is tied to the session.
    const foreign = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': otherSession.csrfToken },
    });
    expect(foreign.json()).toMatchObject({ error: { code: 'CSRF_INVALID' } });

    const ok = await t.app.inject({ method: 'POST', url, headers: session.headers });
    expect(ok.statusCode).toBe(200);

    // GET needs no token.
    const me = await t.app.inject({ method: 'GET', url: ME, headers: { cookie: session.cookie } });
    expect(me.statusCode).toBe(200);
  });
});

describe('lockout', () => {
  it('locks after 5 failures for 15 minutes, even for the right password, then resets', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await login({ email: staff.email, password: 'wrong password!!' });
      expect(response.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    }
    const fifth = await login({ email: staff.email, password: 'wrong password!!' });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json()).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });

    const right = await login({ email: staff.email, password: staff.password });
    expect(right.statusCode).toBe(423);
    expect(right.headers['set-cookie']).toBeUndefined();

    clock.advance(14 * 60_000);
    expect((await login({ email: staff.email, password: staff.password })).statusCode).toBe(423);

    clock.advance(61_000);
    const unlocked = await login({ email: staff.email, password: staff.password });
    expect(unlocked.statusCode).toBe(200);
    const row = await t.database.db
      .selectFrom('identity.staff')
      .select(['failed_attempts', 'locked_until'])
      .where('id', '=', staff.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_attempts: 0, locked_until: null });
    expect(await auditActions(staff.id)).toContain('staff.locked');

    // The count restarted: four more mistakes do not lock.
    for (let attempt = 1; attempt <= 4; attempt += 1)
      expect((await login({ email: staff.email, password: 'wrong password!!' })).statusCode).toBe(
        401,
      );
    expect((await login({ email: staff.email, password: staff.password })).statusCode).toBe(200);
    clock.advance(-(15 * 60_000 + 1000));
  });
});

describe('two-factor', () => {
  it('enrols with a QR code, confirms with a real code, then demands a code at sign-in', async () => {
    const staff = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
    const session = await signIn(t.app, staff);

    const enroll = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/2fa/enroll',
      headers: session.headers,
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
    });
    expect(again.json()).toMatchObject({ error: { code: 'TWO_FACTOR_ALREADY_ENABLED' } });

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
      expect(next.json()).toMatchObject({ twoFactorRequired: false });
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
    expect(wrongPassword.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
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

  it('rejects a new password shorter than 12 characters', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/confirm',
      payload: { token: 'x'.repeat(43), newPassword: 'short pass' },
    });
    expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});
