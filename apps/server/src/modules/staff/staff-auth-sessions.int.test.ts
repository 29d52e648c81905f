// Staff sign-in, sessions, CSRF and sign-out.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';
import { newStaff, sessionCookieOf, signIn, newUnenrolledAdmin } from './staff.test-helper.ts';
import {
  LOGIN,
  ME,
  t,
  clock,
  stationId,
  login,
  auditActions,
  useTestApp,
} from './staff-auth.test-helper.ts';

useTestApp();

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax, Path=/ session cookie and returns the CSRF token', async () => {
    const staff = await newUnenrolledAdmin(t.database.db, [stationId]);
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
    const staff = await newUnenrolledAdmin(t.database.db, [stationId]);
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
