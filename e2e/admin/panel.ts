import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@teppan/db/testing';
import { authenticator } from 'otplib';
import type { Locator, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { customer, quoteBody, SIGN_BODY } from '../../apps/server/src/test/factories.ts';
import { STAFF_KEY } from '../../apps/server/src/test/harness.ts';
import {
  startServerProcess,
  type ServerProcess,
} from '../../apps/server/src/test/server-process.ts';
import {
  allowNextTotpCode,
  type NewStaff,
} from '../../apps/server/src/modules/staff/staff.test-helper.ts';
import { expectNoCspViolations, screenshotDir, seriousViolations } from '../customer/browser.ts';

// What the admin panel journeys (e2e/admin/*.e2e.ts) share: the server they drive, the
// JSON API they seed through, signing in through the panel, screenshots and axe checks.

export const DESKTOP = { width: 1280, height: 900 };

/** Full-page screenshots under test-results/e2e/<dirName>, and the axe check after one. */
export function screenshots(dirName: string) {
  const dir = path.join(screenshotDir, dirName);
  async function shot(page: Page, name: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
  }
  /** Screenshot `step`, then fail on any CSP violation so far or serious/critical axe finding. */
  async function expectAccessible(page: Page, step: string): Promise<void> {
    await shot(page, step);
    expectNoCspViolations(page, step);
    const violations = await seriousViolations(page);
    expect(violations, `${step}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
  }
  return { shot, expectAccessible };
}

/** Vitest's expect has no Playwright matchers: poll the first match's trimmed text. */
export async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  await locator.first().waitFor({ timeout: 15_000 });
  const poll = expect.poll(async () => ((await locator.first().textContent()) ?? '').trim(), {
    timeout: 15_000,
  });
  if (typeof expected === 'string') await poll.toBe(expected);
  else await poll.toMatch(expected);
}

export interface ApiClient {
  /** POST JSON to `serverUrl + url`; throws with the status and body unless 2xx. */
  post<T = unknown>(url: string, body: unknown): Promise<T>;
}

export function apiClient(serverUrl: string): ApiClient {
  return {
    async post<T>(url: string, body: unknown): Promise<T> {
      const response = await fetch(`${serverUrl}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${url}: ${response.status} ${text}`);
      return JSON.parse(text) as T;
    },
  };
}

/**
 * A booking made the way a customer makes one, through the public API: quote, hold, sign,
 * offline deposit method. `quote` overrides the quote body (a station, say).
 */
export async function bookAsCustomer(
  api: ApiClient,
  booking: {
    date: string;
    slot: string;
    customer: { name: string; email?: string };
    quote?: Record<string, unknown>;
  },
): Promise<{ id: string; number: string }> {
  const quote = await api.post<{ id: string }>('/api/v1/quotes', quoteBody(booking.quote));
  const hold = await api.post<{ id: string }>('/api/v1/holds', {
    quoteId: quote.id,
    date: booking.date,
    slot: booking.slot,
    customer: customer(booking.customer),
  });
  await api.post(`/api/v1/holds/${hold.id}/sign`, {
    ...SIGN_BODY,
    signerName: booking.customer.name,
  });
  return api.post<{ id: string; number: string }>(`/api/v1/holds/${hold.id}/deposit`, {});
}

/**
 * Sign in through the panel's sign-in page: password, then the authenticator code when the
 * staff member has TOTP (newStaff enrols it for the roles that require it). `waitFor`, when given, is what must show once signed in.
 */
export async function signInThroughPanel(
  page: Page,
  serverUrl: string,
  staff: NewStaff,
  options: { waitFor?: (page: Page) => Locator } = {},
): Promise<void> {
  await page.goto(`${serverUrl}/admin`);
  await page.waitForURL('**/admin/sign-in');
  await page.getByLabel('Email').fill(staff.email);
  await page.getByLabel('Password').fill(staff.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (staff.totpSecret) {
    const code = page.getByLabel('Authenticator code');
    await code.waitFor({ timeout: 15_000 });
    // A person signing in twice within 30 s would wait for the next code; see the helper.
    await allowNextTotpCode(staff);
    await code.fill(authenticator.generate(staff.totpSecret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
  }
  if (options.waitFor) await options.waitFor(page).waitFor({ timeout: 15_000 });
}

/** What to wait for after signing in: the dashboard, or the "signed in as" badge. */
export const dashboardHeading = (page: Page): Locator =>
  page.getByRole('heading', { name: 'Dashboard' });
export const signedInAs = (page: Page): Locator => page.getByTestId('signed-in-as');

export interface PanelServer extends ApiClient {
  database: TestDatabase;
  server: ServerProcess;
  /** The server's base URL, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** Stop the server, then drop the database. */
  stop(): Promise<void>;
}

/**
 * Build the front ends if needed, create a test database, run `seed` on it, then start a
 * real server process (with the staff API key) on it. If seeding or the start fails, the
 * database is dropped before the error is rethrown.
 */
export async function startPanelServer(
  seed: (database: TestDatabase) => Promise<void> = async () => {},
): Promise<PanelServer> {
  execFileSync(process.execPath, ['--import', 'tsx', 'apps/customer/scripts/ensure-built.ts'], {
    stdio: 'inherit',
  });
  const database = await createTestDatabase(inject('adminUrl'));
  let server: ServerProcess;
  try {
    await seed(database);
    server = await startServerProcess({ DATABASE_URL: database.url, STAFF_API_KEY: STAFF_KEY });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    database,
    server,
    url: server.url,
    ...apiClient(server.url),
    async stop() {
      await server.stop();
      await database.drop();
    },
  };
}
