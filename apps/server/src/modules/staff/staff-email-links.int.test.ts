// The links in the staff emails open the admin panel as the server serves it, and the
// token in them works once. Needs the admin build (`npm run build:web`; CI builds it first).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BRAND } from '../notifications/brand.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { adminDistDir } from '../web-admin/web-admin.routes.ts';
import { newStation } from '../../test/factories.ts';
import type { TestApp } from '../../test/harness.ts';
import {
  createClockedTestApp,
  createTestClock,
  newStaff,
  signIn,
  type NewStaff,
  type SignedIn,
  type TestClock,
} from './staff.test-helper.ts';
import { INVITATION_TTL_MS } from './staff-admin.service.ts';

let t: TestApp;
let clock: TestClock;
let stationId: string;
let admin: NewStaff;
let adminSession: SignedIn;
const BASE = 'http://localhost:3000';

beforeAll(async () => {
  if (!existsSync(path.join(adminDistDir, 'index.html')))
    throw new Error(`no admin build at ${adminDistDir}: run npm run build:web first`);
  clock = createTestClock();
  t = await createClockedTestApp({ clock, env: { PUBLIC_BASE_URL: BASE } });
  ({ stationId } = await newStation(t.database.db, { code: 'CA-LINK', chefs: 0 }));
  admin = await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] });
  adminSession = await signIn(t.app, admin);
});
afterAll(async () => t.close());

/** The newest `template` message to `recipient`: its stored row and its sealed original. */
async function outboxMessage(recipient: string, template: string) {
  const rows = await new OutboxRepository(t.database.db, t.container.fieldCrypto).list({
    limit: 20,
    recipient,
  });
  const row = rows.find((r) => r.template === template);
  if (!row?.original) throw new Error(`no sealed ${template} message to ${recipient}`);
  const link = new RegExp(`${BASE}/admin/[\\w-]+\\?token=[\\w%-]+`).exec(row.original.body)?.[0];
  if (!link) throw new Error(`no link in ${row.original.body}`);
  return { row, original: row.original, link, token: decodeURIComponent(link.split('=')[1]!) };
}

// The server answers every /admin/* path with the panel; the panel's router decides what
// shows. Read as text (the server imports no front-end code): a route by the link's name.
const adminRouter = readFileSync(
  new URL('../../../../admin/src/router.tsx', import.meta.url),
  'utf8',
);

/** Opens the link as a browser does: the page, then each script and stylesheet it loads. */
async function openInBrowser(link: string) {
  const url = new URL(link);
  expect(adminRouter).toContain("basename: '/admin'");
  expect(adminRouter).toContain(`path: '${url.pathname.replace(/^\/admin\//, '')}'`);
  const page = await t.app.inject({
    method: 'GET',
    url: `${url.pathname}${url.search}`,
    headers: { accept: 'text/html,application/xhtml+xml' },
  });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toContain('text/html');
  expect(page.body).toContain('<div id="root">');
  const assets = [...page.body.matchAll(/(?:src|href)="(\/admin\/assets\/[^"]+)"/g)].map(
    (m) => m[1]!,
  );
  expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
  for (const asset of assets)
    expect((await t.app.inject({ method: 'GET', url: asset })).statusCode).toBe(200);
}

function expectNoTokenKept(
  row: { body: string; html: string | null; data: unknown },
  token: string,
) {
  expect(row.body).not.toContain(token);
  expect(row.html ?? '').not.toContain(token);
  expect(JSON.stringify(row.data)).not.toContain(token);
  expect(row.body).toContain('[removed]');
}

describe('the staff invitation email', () => {
  it('names inviter, role, stations and expiry; its link opens the panel and works once', async () => {
    const email = 'linked.chef@teppan.test';
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/invitations',
      headers: adminSession.headers,
      payload: { email, name: 'Lin Chef', role: 'chef', stationIds: [stationId] },
    });
    expect(invited.statusCode).toBe(201);
    const { row, original, link, token } = await outboxMessage(email, 'staff.invitation');
    expect(link.startsWith(`${BASE}/admin/accept-invitation?token=`)).toBe(true);
    expect(original.body).toContain(`${admin.name} invited you`);
    expect(original.body).toContain('Role: Chef');
    expect(original.body).toMatch(/Stations: .+/);
    expect(original.body).toContain('7 days (until ');
    expect(original.body).toContain(`Accept the invitation: ${link}`);
    expect(original.html).toContain(`href="${link}"`);
    expect(original.html).toContain(DEFAULT_BRAND.primaryColor);
    expectNoTokenKept(row, token);

    await openInBrowser(link);

    const accept = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/staff/invitations/accept',
        payload: { token, password },
      });
    expect((await accept('a long chef passphrase')).statusCode).toBe(201);
    const reused = await accept('another long passphrase');
    expect(reused.statusCode).toBe(400);
    expect(reused.json()).toMatchObject({ error: { code: 'TOKEN_INVALID' } });
  });

  it('answers an expired invitation link with a clear 400', async () => {
    const email = 'late.chef@teppan.test';
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/invitations',
      headers: adminSession.headers,
      payload: { email, name: 'Late Chef', role: 'chef', stationIds: [stationId] },
    });
    const { token } = await outboxMessage(email, 'staff.invitation');
    clock.advance(INVITATION_TTL_MS + 60_000);
    const late = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/invitations/accept',
      payload: { token, password: 'a long chef passphrase' },
    });
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({
      error: { code: 'TOKEN_INVALID', message: expect.stringMatching(/expired/) as unknown },
    });
  });
});

describe('the password reset email', () => {
  async function requestReset(email: string) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/request',
      payload: { email },
    });
    expect(response.statusCode).toBe(202);
    return outboxMessage(email, 'staff.password_reset');
  }
  const confirm = (token: string, newPassword: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/confirm',
      payload: { token, newPassword },
    });

  it('says when it expires; its link opens the panel and works once', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const { row, original, link, token } = await requestReset(staff.email);
    expect(link.startsWith(`${BASE}/admin/reset-password?token=`)).toBe(true);
    expect(original.body).toContain('1 hour (until ');
    expect(original.body).toContain(`Choose a new password: ${link}`);
    expect(original.html).toContain(`href="${link}"`);
    expect(original.html).toContain(DEFAULT_BRAND.primaryColor);
    expectNoTokenKept(row, token);

    await openInBrowser(link);

    expect((await confirm(token, 'a brand new passphrase')).statusCode).toBe(204);
    const reused = await confirm(token, 'yet another passphrase');
    expect(reused.statusCode).toBe(400);
    expect(reused.json()).toMatchObject({ error: { code: 'TOKEN_INVALID' } });
  });

  it('answers an expired reset link with a clear 400', async () => {
    const staff = await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] });
    const { token } = await requestReset(staff.email);
    clock.advance(61 * 60_000);
    const late = await confirm(token, 'a brand new passphrase');
    expect(late.statusCode).toBe(400);
    expect(late.json()).toMatchObject({ error: { code: 'TOKEN_INVALID' } });
  });
});
