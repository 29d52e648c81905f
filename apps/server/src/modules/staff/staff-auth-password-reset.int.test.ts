// Password reset links.
import { contactIndex } from '@teppan/db/pii';
import { describe, expect, it } from 'vitest';
import { linkTokenFromDevOutbox } from '../../test/dev-outbox.ts';
import { newStaff, signIn, STAFF_PASSWORD } from './staff.test-helper.ts';
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

describe('password reset', () => {
  async function requestReset(email: string) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/request',
      payload: { email },
    });
  }

  function confirmReset(payload: { token: string; newPassword: string }) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/confirm',
      payload,
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
    const confirm = await confirmReset({ token, newPassword });
    expect(confirm.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: ME, headers: { cookie: session.cookie } }))
        .statusCode,
    ).toBe(401);
    expect((await login({ email: staff.email, password: STAFF_PASSWORD })).statusCode).toBe(401);
    expect((await login({ email: staff.email, password: newPassword })).statusCode).toBe(200);

    const reused = await confirmReset({ token, newPassword: 'yet another passphrase' });
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
      const expired = await confirmReset({ token, newPassword: 'a brand new passphrase' });
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
    const stale = await confirmReset({ token: older, newPassword: 'an older link passphrase' });
    expect(stale.statusCode).toBe(410);
    expect(stale.json()).toMatchObject({ error: { code: 'RESET_LINK_SUPERSEDED' } });
    expect((await login({ email: staff.email, password: staff.password })).statusCode).toBe(200);
    const fresh = await confirmReset({ token: newer, newPassword: 'the newest link passphrase' });
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
    const response = await confirmReset({ token: 'x'.repeat(43), newPassword: 'short pass' });
    expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});
