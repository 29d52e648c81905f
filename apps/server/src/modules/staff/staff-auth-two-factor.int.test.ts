// Two-factor enrolment, sign-in with codes, and switching it off.
import { authenticator } from 'otplib';
import { describe, expect, it } from 'vitest';
import {
  newStaff,
  sessionCookieOf,
  signIn,
  newUnenrolledAdmin,
  twoFactorStep,
} from './staff.test-helper.ts';
import {
  ME,
  t,
  clock,
  stationId,
  login,
  auditActions,
  useTestApp,
} from './staff-auth.test-helper.ts';

useTestApp();

describe('two-factor', () => {
  it('enrols with a QR code, confirms with a real code, then demands a code at sign-in', async () => {
    const staff = await newUnenrolledAdmin(t.database.db, [stationId]);
    const session = await signIn(t.app, staff);

    // Enrolling asks for the password again: an open session alone cannot bind a device.
    const withoutPassword = await twoFactorStep(t.app, { step: 'enroll', session, payload: {} });
    expect(withoutPassword.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const wrongPassword = await twoFactorStep(t.app, {
      step: 'enroll',
      session,
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

    const enroll = await twoFactorStep(t.app, {
      step: 'enroll',
      session,
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

    const wrong = await twoFactorStep(t.app, {
      step: 'confirm',
      session,
      payload: { code: authenticator.generate(secret) === '000000' ? '111111' : '000000' },
    });
    expect(wrong.json()).toMatchObject({ error: { code: 'TWO_FACTOR_INVALID' } });

    const confirm = await twoFactorStep(t.app, {
      step: 'confirm',
      session,
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
    const again = await twoFactorStep(t.app, {
      step: 'enroll',
      session,
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
      await twoFactorStep(t.app, {
        step: 'enroll',
        session: current,
        payload: { password: staff.password },
      })
    ).json<{ secret: string }>();
    await twoFactorStep(t.app, {
      step: 'confirm',
      session: current,
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
    const wrongPassword = await twoFactorStep(t.app, {
      step: 'disable',
      session,
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
    const wrongCode = await twoFactorStep(t.app, {
      step: 'disable',
      session,
      payload: { password: staff.password, code: '000000' },
    });
    expect(wrongCode.json()).toMatchObject({ error: { code: 'TWO_FACTOR_INVALID' } });
    const ok = await twoFactorStep(t.app, {
      step: 'disable',
      session,
      payload: { password: staff.password, code: staff.backupCodes[0] },
    });
    expect(ok.statusCode).toBe(204);
    expect((await login({ email: staff.email, password: staff.password })).statusCode).toBe(200);
    expect(await auditActions(staff.id)).toContain('staff.2fa_disable');
  });

  it('for a role that requires it, disabling is a reset: enrolment only until a new device', async () => {
    const staff = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
    const session = await signIn(t.app, staff);
    const off = await twoFactorStep(t.app, {
      step: 'disable',
      session,
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
