import { execFileSync } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from '@teppan/db/testing';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { dateAhead, newStation, quoteBody } from '../../apps/server/src/test/factories.ts';
import {
  newStaff,
  sessionCookieOf,
  STAFF_PASSWORD,
} from '../../apps/server/src/modules/staff/staff.test-helper.ts';
import { STAFF_KEY } from '../../apps/server/src/test/harness.ts';
import {
  startServerProcess,
  type ServerProcess,
} from '../../apps/server/src/test/server-process.ts';
import {
  expectNoCspViolations,
  openBrowser,
  screenshot,
  seriousViolations,
  type Browser,
} from './browser.ts';

// The link staff's "hold a date" (and the assistant, and the hold emails) send a host who
// books by phone or chat: /book/hold/:id must open the wizard at the agreement with the hold's
// countdown, and a released hold must say so and offer the time again.
let database: TestDatabase;
let server: ServerProcess;
let browser: Browser;
let stationId: string;
const EVENT_DATE = dateAhead(30);
const SLOT = '18:00';
let staff: Record<string, string>;

beforeAll(async () => {
  execFileSync(process.execPath, ['--import', 'tsx', 'apps/customer/scripts/ensure-built.ts'], {
    stdio: 'inherit',
  });
  database = await createTestDatabase(inject('adminUrl'));
  ({ stationId } = await newStation(database.db, { chefs: 1 }));
  server = await startServerProcess({ DATABASE_URL: database.url, STAFF_API_KEY: STAFF_KEY });
  browser = await openBrowser();
  // Leads are managed by a signed-in staff member (session cookie + CSRF token).
  const member = await newStaff(database.db, { role: 'customer_support', stationIds: [stationId] });
  const login = await fetch(`${server.url}/api/v1/staff/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: member.email, password: STAFF_PASSWORD }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = sessionCookieOf(login.headers.getSetCookie());
  if (login.status !== 200 || !cookie) throw new Error(`sign-in failed: ${login.status}`);
  staff = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

async function expectText(locator: Locator, expected: RegExp) {
  await locator.first().waitFor({ timeout: 15_000 });
  await expect
    .poll(async () => ((await locator.first().textContent()) ?? '').trim(), { timeout: 15_000 })
    .toMatch(expected);
}

async function expectAccessible(page: Page, step: string) {
  await screenshot(page, step);
  expectNoCspViolations(page, step);
  const violations = await seriousViolations(page);
  expect(violations, `${step}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** Staff's "hold a date" for a phone lead: the hold and the link the customer is sent. */
async function holdForPhoneLead(): Promise<{ id: string; link: string }> {
  const created = await fetch(`${server.url}/api/v1/admin/leads`, {
    method: 'POST',
    headers: staff,
    body: JSON.stringify({
      stationId,
      source: 'phone',
      name: 'Pat Phone',
      email: `pat.phone.${Date.now()}@example.com`,
      phone: '(510) 555-0199',
    }),
  });
  const lead = (await created.json()) as { id: string; version: number };
  expect(created.status, JSON.stringify(lead)).toBe(201);
  const converted = await fetch(`${server.url}/api/v1/admin/leads/${lead.id}/convert`, {
    method: 'POST',
    headers: staff,
    body: JSON.stringify({
      mode: 'hold',
      version: lead.version,
      date: EVENT_DATE,
      slot: SLOT,
      party: quoteBody(),
    }),
  });
  const body = (await converted.json()) as { hold: { id: string; link: string } };
  expect(converted.status, JSON.stringify(body)).toBe(200);
  return body.hold;
}

describe('a hold link', () => {
  let hold: { id: string; link: string };

  it('is exactly the route the site serves', async () => {
    hold = await holdForPhoneLead();
    expect(new URL(hold.link).pathname).toBe(`/book/hold/${hold.id}`);
  });

  it('opens the agreement step with the countdown', async () => {
    const { page } = browser;
    const response = await page.goto(`${server.url}/book/hold/${hold.id}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    await page.waitForURL('**/book/agreement');
    await expectText(page.getByRole('heading', { level: 1 }), /Review and sign the agreement/);
    await expectText(page.getByTestId('hold-countdown'), /Your place is held for \d/);
    await expectText(page.locator('[aria-current="step"]'), /Agreement/);
    await expectAccessible(page, 'hold-link-agreement');
  });

  it('after signing, the same link opens the deposit step', async () => {
    const signed = await fetch(`${server.url}/api/v1/holds/${hold.id}/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        signerName: 'Pat Phone',
        acceptTerms: true,
        acceptLiabilityWaiver: true,
        acceptAllergenDisclosure: true,
      }),
    });
    expect(signed.status).toBe(200);
    const { page } = browser;
    await page.goto(`${server.url}/book/hold/${hold.id}`);
    await page.waitForURL('**/book/deposit');
    await expectText(page.getByTestId('hold-countdown'), /Choose how to pay the deposit/);
  });

  it('once released, explains and offers the still-free time again', async () => {
    const released = await fetch(`${server.url}/api/v1/holds/${hold.id}/release`, {
      method: 'POST',
    });
    expect(released.status).toBe(200);
    const { page } = browser;
    await page.goto(`${server.url}/book/hold/${hold.id}`);
    await expectText(page.getByRole('heading', { level: 1 }), /This hold was released/);
    const again = page.getByRole('button', { name: 'Hold it again' });
    await again.waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'hold-link-released');
    // Keyboard: Enter on the focused button follows it.
    await again.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/book/allergens');
  });

  it('a mistyped link says so; an unknown page is the site not-found page with 404', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/book/hold/00000000-0000-4000-8000-000000000000`);
    await expectText(page.getByRole('heading', { level: 1 }), /We could not find this hold/);
    const missing = await page.goto(`${server.url}/no-such-page`);
    expect(missing?.status()).toBe(404);
    await expectText(page.getByRole('heading', { level: 1 }), /Page not found/);
    const api = await fetch(`${server.url}/api/v1/nope`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('ROUTE_NOT_FOUND');
  });
});
