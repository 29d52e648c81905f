import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';
import { auditEntryOf } from '../../test/audit-log.ts';
import { linkTokenFromDevOutbox } from '../../test/dev-outbox.ts';
import { newStaff, signIn, type NewStaff, type SignedIn } from './staff.test-helper.ts';

let t: TestApp;
let stationA: string;
let stationB: string;
let superAdmin: NewStaff;
let adminA: NewStaff;
let superSession: SignedIn;
let adminSession: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  ({ stationId: stationA } = await newStation(t.database.db, { code: 'CA-A', chefs: 0 }));
  ({ stationId: stationB } = await newStation(t.database.db, { code: 'CA-B', chefs: 0 }));
  superAdmin = await newStaff(t.database.db, { role: 'super_admin', stationIds: [stationA] });
  adminA = await newStaff(t.database.db, { role: 'admin', stationIds: [stationA] });
  superSession = await signIn(t.app, superAdmin);
  adminSession = await signIn(t.app, adminA);
});
afterAll(async () => t.close());

const invitationTokenFor = (email: string) =>
  linkTokenFromDevOutbox(t.app, { recipient: email, template: 'staff.invitation' });

function invite(session: SignedIn, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/staff/invitations',
    headers: session.headers,
    payload,
  });
}

describe('invitations', () => {
  it('emails a one-time link; accepting creates the account with its role and stations', async () => {
    const email = 'New.Chef@Teppan.test';
    const response = await invite(adminSession, {
      email,
      name: 'New Chef',
      role: 'chef',
      stationIds: [stationA],
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ email: 'new.chef@teppan.test' });
    const token = await invitationTokenFor('new.chef@teppan.test');

    const tooShort = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/invitations/accept',
      payload: { token, password: 'short' },
    });
    expect(tooShort.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });

    const accept = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/invitations/accept',
      payload: { token, password: 'a long chef passphrase' },
    });
    expect(accept.statusCode).toBe(201);
    expect(accept.json()).toMatchObject({
      staff: { email: 'new.chef@teppan.test', role: 'chef', stationIds: [stationA] },
    });
    await signIn(t.app, { email, password: 'a long chef passphrase' });

    const reused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/invitations/accept',
      payload: { token, password: 'another long passphrase' },
    });
    expect(reused.json()).toMatchObject({ error: { code: 'TOKEN_INVALID' } });

    const audit = await t.database.db
      .selectFrom('audit.log')
      .select(['actor', 'action', 'after', 'request_id', 'ip'])
      .where('action', '=', 'staff.invite')
      .executeTakeFirstOrThrow();
    expect(audit.actor).toBe(`staff:${adminA.id}`);
    expect(audit.request_id).toBeTruthy();
    expect(JSON.stringify(audit.after)).not.toContain(token);
  });

  it('refuses an email that is already staff', async () => {
    const response = await invite(adminSession, {
      email: adminA.email,
      name: 'Dup',
      role: 'chef',
      stationIds: [stationA],
    });
    expect(response.json()).toMatchObject({ error: { code: 'STAFF_EMAIL_TAKEN' } });
  });

  it('lets only a super admin invite a super admin, and admins only to their stations', async () => {
    const asAdmin = await invite(adminSession, {
      email: 'boss@teppan.test',
      name: 'Boss',
      role: 'super_admin',
      stationIds: [stationA],
    });
    expect(asAdmin.json()).toMatchObject({ error: { code: 'ROLE_NOT_GRANTABLE' } });
    const otherStation = await invite(adminSession, {
      email: 'b.chef@teppan.test',
      name: 'B Chef',
      role: 'chef',
      stationIds: [stationB],
    });
    expect(otherStation.statusCode).toBe(403);
    const asSuper = await invite(superSession, {
      email: 'boss@teppan.test',
      name: 'Boss',
      role: 'super_admin',
      stationIds: [stationA, stationB],
    });
    expect(asSuper.statusCode).toBe(201);
  });
});

describe('withdrawing invitations', () => {
  const accept = (token: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/invitations/accept',
      payload: { token, password: 'a long invitee passphrase' },
    });
  const revoke = (session: SignedIn, id: string) =>
    t.app.inject({
      method: 'DELETE',
      url: `/api/v1/staff/invitations/${id}`,
      headers: session.headers,
    });
  const listIds = async (session: SignedIn) =>
    (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/staff/invitations',
        headers: { cookie: session.cookie },
      })
    )
      .json<{ items: { id: string }[] }>()
      .items.map((item) => item.id);

  async function invited(email: string, stationIds = [stationA]) {
    const response = await invite(adminSession, {
      email,
      name: 'Invitee',
      role: 'chef',
      stationIds,
    });
    expect(response.statusCode, response.body).toBe(201);
    const { invitationId } = response.json<{ invitationId: string }>();
    return { id: invitationId, token: await invitationTokenFor(email) };
  }

  it('lists the open invitation, withdraws it, and its link then answers a clear error', async () => {
    const { id, token } = await invited('withdrawn.chef@teppan.test');
    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/invitations',
      headers: { cookie: adminSession.cookie },
    });
    expect(listed.json<{ items: unknown[] }>().items).toContainEqual(
      expect.objectContaining({
        id,
        email: 'withdrawn.chef@teppan.test',
        role: 'chef',
        stationIds: [stationA],
        invitedByName: expect.any(String) as unknown,
      }),
    );
    const withdrawn = await revoke(adminSession, id);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ id, revokedAt: expect.any(String) as unknown });
    expect(await listIds(adminSession)).not.toContain(id);

    const refused = await accept(token);
    expect(refused.statusCode).toBe(410);
    expect(refused.json()).toMatchObject({
      error: { code: 'INVITATION_REVOKED', message: expect.stringMatching(/withdrawn/) as unknown },
    });
    const account = await t.database.db
      .selectFrom('identity.staff')
      .select('id')
      .where('email', '=', 'withdrawn.chef@teppan.test')
      .execute();
    expect(account).toEqual([]);
    expect((await revoke(adminSession, id)).json()).toMatchObject({
      error: { code: 'INVITATION_CLOSED' },
    });
    const audit = await auditEntryOf(t.database.db, {
      action: 'staff.invitation_revoke',
      entityId: id,
    });
    expect(audit.actor).toBe(`staff:${adminA.id}`);
  });

  it('cannot withdraw an accepted invitation, nor one of another station', async () => {
    const { id, token } = await invited('accepted.chef@teppan.test');
    expect((await accept(token)).statusCode).toBe(201);
    expect((await revoke(adminSession, id)).json()).toMatchObject({
      error: { code: 'INVITATION_CLOSED' },
    });
    const both = await invite(superSession, {
      email: 'two.stations@teppan.test',
      name: 'Two Stations',
      role: 'chef',
      stationIds: [stationA, stationB],
    });
    const { invitationId } = both.json<{ invitationId: string }>();
    expect(await listIds(adminSession)).not.toContain(invitationId);
    expect(await listIds(superSession)).toContain(invitationId);
    expect((await revoke(adminSession, invitationId)).statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: '/api/v1/staff/invitations/00000000-0000-4000-8000-000000000000',
          headers: adminSession.headers,
        })
      ).json(),
    ).toMatchObject({ error: { code: 'INVITATION_NOT_FOUND' } });
  });

  it('withdrawal racing acceptance: exactly one wins', async () => {
    for (let round = 0; round < 4; round += 1) {
      const email = `race.${round}@teppan.test`;
      const { id, token } = await invited(email);
      const [revoked, accepted] = await Promise.all([revoke(adminSession, id), accept(token)]);
      const outcome = [revoked.statusCode, accepted.statusCode].sort();
      // Withdrawn first: 200 + 410; accepted first: 409 + 201.
      expect([
        [200, 410],
        [201, 409],
      ]).toContainEqual(outcome);
      const account = await t.database.db
        .selectFrom('identity.staff')
        .select('id')
        .where('email', '=', email)
        .execute();
      expect(account).toHaveLength(accepted.statusCode === 201 ? 1 : 0);
    }
  });
});

describe('staff management', () => {
  it('lists only staff of the caller’s stations (all for a super admin)', async () => {
    const chefB = await newStaff(t.database.db, { role: 'chef', stationIds: [stationB] });
    const byAdmin = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/staff',
      headers: { cookie: adminSession.cookie },
    });
    const adminIds = byAdmin.json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(adminIds).toContain(adminA.id);
    expect(adminIds).not.toContain(chefB.id);
    const bySuper = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/staff',
      headers: { cookie: superSession.cookie },
    });
    expect(bySuper.json<{ items: { id: string }[] }>().items.map((item) => item.id)).toContain(
      chefB.id,
    );
    expect(bySuper.body).not.toMatch(/password|argon2|totp_secret/);
  });

  it('changes role and stations with an audit entry; an admin cannot grant super_admin', async () => {
    const chef = await newStaff(t.database.db, { role: 'chef', stationIds: [stationA] });
    const patch = (session: SignedIn, payload: Record<string, unknown>, id = chef.id) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/staff/staff/${id}`,
        headers: session.headers,
        payload,
      });

    const promoted = await patch(adminSession, { role: 'station_manager' });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ role: 'station_manager', stationIds: [stationA] });

    const toSuper = await patch(adminSession, { role: 'super_admin' });
    expect(toSuper.json()).toMatchObject({ error: { code: 'ROLE_NOT_GRANTABLE' } });
    const editSuper = await patch(adminSession, { isActive: false }, superAdmin.id);
    expect(editSuper.statusCode).toBe(403);
    const selfDemote = await patch(adminSession, { role: 'chef' }, adminA.id);
    expect(selfDemote.statusCode).toBe(403);
    const toStationB = await patch(adminSession, { stationIds: [stationB] });
    expect(toStationB.statusCode).toBe(403);
    const missing = await patch(adminSession, { isActive: true }, crypto.randomUUID());
    expect(missing.json()).toMatchObject({ error: { code: 'STAFF_NOT_FOUND' } });

    const audit = await auditEntryOf(t.database.db, { action: 'staff.update', entityId: chef.id });
    expect(audit.actor).toBe(`staff:${adminA.id}`);
    expect(audit.before).toMatchObject({ role: 'chef' });
    expect(audit.after).toMatchObject({ role: 'station_manager' });
  });

  it('deactivating someone ends their sessions at once', async () => {
    const chef = await newStaff(t.database.db, { role: 'chef', stationIds: [stationA] });
    const chefSession = await signIn(t.app, chef);
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/staff/${chef.id}`,
      headers: adminSession.headers,
      payload: { isActive: false },
    });
    expect(response.statusCode).toBe(200);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/auth/me',
      headers: { cookie: chefSession.cookie },
    });
    expect(me.statusCode).toBe(401);
  });
});
