import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@teppan/db/testing';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  customer,
  dateAhead,
  newStation,
  quoteBody,
} from '../../apps/server/src/test/factories.ts';
import { STAFF_KEY } from '../../apps/server/src/test/harness.ts';
import {
  startServerProcess,
  type ServerProcess,
} from '../../apps/server/src/test/server-process.ts';
import { newStaff, type NewStaff } from '../../apps/server/src/modules/staff/staff.test-helper.ts';
import {
  openBrowser,
  screenshotDir,
  seriousViolations,
  type Browser,
} from '../customer/browser.ts';

// The CRM screens in Chromium: customers (search, lifetime value, consents) and the leads
// board (create, move by keyboard, lost needs a reason, a conflict explained, convert).
let database: TestDatabase;
let server: ServerProcess;
let admin: NewStaff;
let browser: Browser;
let stationId = '';
const ines = { id: '', number: '', depositCents: 0 };

async function expectAccessible(page: Page, step: string) {
  const dir = path.join(screenshotDir, 'admin-crm');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${step}.png`), fullPage: true });
  const violations = await seriousViolations(page);
  expect(violations, `${step}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function expectText(locator: Locator, expected: string | RegExp) {
  await locator.first().waitFor({ timeout: 15_000 });
  const poll = expect.poll(async () => ((await locator.first().textContent()) ?? '').trim(), {
    timeout: 15_000,
  });
  if (typeof expected === 'string') await poll.toBe(expected);
  else await poll.toMatch(expected);
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(`${server.url}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

beforeAll(async () => {
  execFileSync(process.execPath, ['--import', 'tsx', 'apps/customer/scripts/ensure-built.ts'], {
    stdio: 'inherit',
  });
  database = await createTestDatabase(inject('adminUrl'));
  stationId = (await newStation(database.db, { chefs: 2 })).stationId;
  admin = await newStaff(database.db, { role: 'admin', stationIds: [stationId] });
  server = await startServerProcess({ DATABASE_URL: database.url, STAFF_API_KEY: STAFF_KEY });
  const quote = await post<{ id: string }>('/api/v1/quotes', { ...quoteBody(), stationId });
  const hold = await post<{ id: string }>('/api/v1/holds', {
    quoteId: quote.id,
    date: dateAhead(30),
    slot: '18:00',
    customer: customer({ name: 'Ines Ortega', email: 'ines.ortega@example.com' }),
  });
  await post(`/api/v1/holds/${hold.id}/sign`, {
    signerName: 'Ines Ortega',
    acceptTerms: true,
    acceptLiabilityWaiver: true,
    acceptAllergenDisclosure: true,
  });
  const booking = await post<{ id: string; number: string }>(
    `/api/v1/holds/${hold.id}/deposit`,
    {},
  );
  const deposit = await database.db
    .updateTable('core.payments')
    .set({ status: 'succeeded' })
    .where('booking_id', '=', booking.id)
    .returning('amount_cents')
    .executeTakeFirstOrThrow();
  Object.assign(ines, { ...booking, depositCents: deposit.amount_cents });
  browser = await openBrowser({ viewport: { width: 1366, height: 900 } });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

describe('CRM screens', () => {
  it('finds a customer and shows bookings, lifetime value and consents', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/admin`);
    await page.waitForURL('**/admin/sign-in');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).fill('ortega');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expectText(page.getByTestId('customer-row'), /Ines Ortega/);
    await expectAccessible(page, '01-customers');
    await page.getByRole('link', { name: 'Ines Ortega' }).click();
    await page.getByRole('heading', { name: 'Ines Ortega' }).waitFor();
    const dollars = (ines.depositCents / 100).toFixed(2);
    await expectText(page.getByTestId('ltv-net'), `$${dollars}`);
    await expectText(page.getByRole('link', { name: ines.number }), ines.number);
    await expectText(page.getByRole('table', { name: /Consent in force/ }), /Email.*No answer/s);
    await expectAccessible(page, '02-customer-detail');
  });

  it('works a lead through the board by keyboard, with a reason to lose it and a conflict explained', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Leads' }).click();
    await page.getByRole('heading', { name: 'Leads', exact: true }).waitFor();
    await page.getByRole('button', { name: 'New lead' }).click();
    const form = page.getByRole('form', { name: 'New lead' });
    await form.getByLabel('Name').fill('Pat Lead');
    await form.getByLabel('Phone').fill('(510) 555-0142');
    await form.getByLabel('Source').selectOption('referral');
    await form.getByRole('button', { name: 'Create lead' }).click();
    const panel = page.getByTestId('lead-panel');
    await expectText(panel.getByRole('heading', { level: 2 }).first(), /Pat Lead\s*New/);
    await expectText(page.getByTestId('lead-column-new').getByTestId('lead-count'), '(1)');
    await expectAccessible(page, '03-leads-board');

    // Move from the card with the keyboard-usable select.
    await page.getByLabel('Move Pat Lead to').selectOption('working');
    await expectText(page.getByRole('status').filter({ hasText: 'moved' }), /moved to Working/);
    await expectText(page.getByTestId('lead-column-working').getByTestId('lead-count'), '(1)');

    // Lost needs a reason.
    await panel.getByRole('button', { name: 'Lost', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Mark lost' }).click();
    await expectText(dialog.getByText('Say why the lead was lost.'), 'Say why the lead was lost.');
    await dialog.getByLabel(/Why was it lost/).fill('Chose a restaurant');
    await dialog.getByRole('button', { name: 'Mark lost' }).click();
    await expectText(panel.getByText(/^Lost: /), 'Lost: Chose a restaurant');
    await panel.getByRole('button', { name: 'Reopen (working)' }).click();
    await expectText(page.getByTestId('lead-column-working').getByTestId('lead-count'), '(1)');

    // Someone else saves first: the save is refused with an explanation, then goes through.
    await panel.getByLabel('Score (0–100)').fill('80');
    await database.db
      .updateTable('crm.leads')
      .set((eb) => ({ notes: 'Called from the other tab', version: eb('version', '+', 1) }))
      .where('name', '=', 'Pat Lead')
      .execute();
    await panel.getByRole('button', { name: 'Save changes' }).click();
    await expectText(panel.getByRole('alert'), /saved this lead first/);
    await expectText(panel.getByLabel('Notes'), 'Called from the other tab');
    await panel.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(async () => {
        const row = await database.db
          .selectFrom('crm.leads')
          .select(['score', 'notes'])
          .where('name', '=', 'Pat Lead')
          .executeTakeFirstOrThrow();
        return row;
      })
      .toEqual({ score: 80, notes: 'Called from the other tab' });
    await expectAccessible(page, '04-lead-panel');

    // Convert by linking a booking of another customer, confirmed.
    await panel.getByLabel('Booking number').fill(ines.number);
    await panel.getByRole('button', { name: 'Link and convert' }).click();
    const confirm = page.getByRole('dialog');
    await expectText(confirm.getByRole('heading'), 'Another customer’s booking');
    await confirm.getByRole('button', { name: 'Link anyway' }).click();
    await expectText(panel.getByText(/Converted to/), new RegExp(`Converted to\\s*${ines.number}`));
    await expectText(page.getByTestId('lead-column-converted').getByTestId('lead-count'), '(1)');
  });
  it('holds a date for a lead and shows the checkout link to send', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'New lead' }).click();
    const form = page.getByRole('form', { name: 'New lead' });
    await form.getByLabel('Name').fill('Hal Holder');
    await form.getByLabel('Email').fill('hal.holder@example.com');
    await form.getByLabel('Phone').fill('(510) 555-0177');
    await form.getByLabel('Guests').fill('12');
    await form.getByLabel('ZIP').fill('95112');
    await form.getByRole('button', { name: 'Create lead' }).click();
    const panel = page.getByTestId('lead-panel');
    await expectText(panel.getByRole('heading', { level: 2 }).first(), /Hal Holder\s*New/);
    await panel.getByLabel('Hold a date for the customer').check();
    const hold = panel.getByRole('form', { name: 'Hold a date' });
    await hold.getByLabel('Event date').fill(dateAhead(45));
    await hold.getByLabel('Time slot').selectOption('15:00');
    await hold.getByRole('button', { name: 'Quote and hold the date' }).click();
    await expectText(panel.getByRole('status'), /Held .* at 15:00 \(quote/);
    await expectText(panel.getByRole('heading', { level: 2 }).first(), /Hal Holder\s*Qualified/);
    await expectText(panel.getByText(/\/book\/hold\//), /\/book\/hold\/[0-9a-f-]{36}$/);
    const row = await database.db
      .selectFrom('core.holds')
      .select(['source_channel', 'slot'])
      .where('date', '=', dateAhead(45))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ source_channel: 'staff', slot: '15:00' });
    await expectAccessible(page, '05-lead-held');
  });
});
