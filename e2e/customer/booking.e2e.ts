import { execFileSync } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from '@teppan/db/testing';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { dateAhead, newStation } from '../../apps/server/src/test/factories.ts';
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

// One whole journey through the real server (`main.ts`) and the built site, in Chromium.
// The station has one chef, so within 14 days every slot has exactly one place: the visitor
// books the last free place and a second visitor must see it taken.
let database: TestDatabase;
let server: ServerProcess;
let first: Browser;
const EVENT_DATE = dateAhead(6);
const RESCHEDULE_DATE = dateAhead(8);
const SLOT = '18:00';

beforeAll(async () => {
  execFileSync(process.execPath, ['--import', 'tsx', 'apps/customer/scripts/ensure-built.ts'], {
    stdio: 'inherit',
  });
  database = await createTestDatabase(inject('adminUrl'));
  await newStation(database.db, { chefs: 1 });
  server = await startServerProcess({ DATABASE_URL: database.url, STAFF_API_KEY: STAFF_KEY });
  first = await openBrowser();
});

afterAll(async () => {
  await first?.close();
  await server?.stop();
  await database?.drop();
});

// Vitest's expect has no Playwright matchers: these poll the page the same way.
async function expectText(locator: Locator, expected: string | RegExp) {
  await locator.first().waitFor({ timeout: 15_000 });
  const poll = expect.poll(async () => ((await locator.first().textContent()) ?? '').trim(), {
    timeout: 15_000,
  });
  if (typeof expected === 'string') await poll.toBe(expected);
  else await poll.toMatch(expected);
}

async function expectVisible(locator: Locator) {
  await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
}

async function expectAccessible(page: Page, step: string) {
  await screenshot(page, step);
  expectNoCspViolations(page, step);
  const violations = await seriousViolations(page);
  expect(violations, `${step}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function pickDate(page: Page, date: string) {
  const day = page.locator(`button[data-date="${date}"]`);
  for (let i = 0; i < 3 && (await day.count()) === 0; i += 1) {
    await page.getByRole('button', { name: 'Next month' }).click();
  }
  await expect.poll(() => day.isEnabled(), { timeout: 10_000 }).toBe(true);
  await day.click();
}

async function continueTo(page: Page, step: string, label = 'Continue') {
  await page.getByRole('button', { name: label }).click();
  await page.waitForURL(`**/book/${step}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

describe('customer site', () => {
  let quoteTotal = '';
  let managePath = '';

  it('gives a live quote that the server confirms to the cent', async () => {
    const { page } = first;
    await page.goto(`${server.url}/quote`);
    await page.getByLabel('ZIP code').fill('95112');
    await page.getByLabel('Chicken', { exact: true }).fill('10');
    await page.getByLabel('NY Strip', { exact: true }).fill('8');
    await page.getByLabel('Lobster Tail', { exact: true }).fill('2');
    await expect
      .poll(() => page.getByTestId('quote-status').textContent(), { timeout: 15_000 })
      .toMatch(/Confirmed by our server: quote/);
    quoteTotal = (await page.getByTestId('quote-total').textContent()) ?? '';
    expect(quoteTotal).toMatch(/^\$[\d,]+\.\d\d$/);
    await expectAccessible(page, '01-quote');
    await page.getByRole('link', { name: 'Book with these details' }).click();
    await page.waitForURL('**/book/venue');
  });

  it('books the last place of a slot through the wizard', async () => {
    const { page } = first;
    expect(await page.getByLabel('ZIP code').inputValue()).toBe('95112');
    await expectAccessible(page, '02-venue');
    await continueTo(page, 'date');

    await pickDate(page, EVENT_DATE);
    await page.getByLabel(/Early Evening/).check();
    await expectText(page.getByTestId(`slot-info-${SLOT}`), '1 of 1 open');
    await expectAccessible(page, '03-date');
    // A refresh keeps everything entered so far.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByLabel(/Early Evening/).isChecked()).toBe(true);
    await continueTo(page, 'menu');

    await expectVisible(page.getByText('20 of 20 picks chosen.'));
    await expect
      .poll(() => page.getByTestId('quote-total').textContent(), { timeout: 15_000 })
      .toBe(quoteTotal);
    await expectAccessible(page, '04-menu');
    await continueTo(page, 'allergens');

    await page.getByRole('button', { name: 'Continue' }).click();
    await expectText(page.getByRole('alert'), /ask all 10 guests/);
    await page.getByRole('button', { name: 'Add an allergy' }).click();
    await page.getByLabel('Guest name (optional)').fill('Sam');
    await page.getByLabel(/^Allergy/).fill('Shellfish');
    await page.getByLabel(/I have asked all 10 guests/).check();
    await expectAccessible(page, '05-allergens');
    await continueTo(page, 'contact');

    await page.getByLabel('Full name').fill('Avery Host');
    await page.getByRole('textbox', { name: /^Email/ }).fill('avery@example.com');
    await page.getByLabel('Mobile phone').fill('(510) 555-0199');
    await page.getByLabel(/Text me reminders/).check();
    await expectAccessible(page, '06-contact');
    // A double submit makes exactly one hold.
    const submit = page.getByRole('button', { name: 'Hold my date and continue' });
    await submit.dblclick();
    await page.waitForURL('**/book/agreement');
    const holds = await database.db.selectFrom('core.holds').select('id').execute();
    expect(holds).toHaveLength(1);
    // Only the ticked box is recorded, with the wording shown next to it.
    const consents = await database.db
      .selectFrom('marketing.consents')
      .select(['channel', 'status', 'text_shown'])
      .execute();
    expect(consents.map((c) => [c.channel, c.status])).toEqual([['sms', 'opted_in']]);
    expect(consents[0]?.text_shown).toContain('Text me reminders');

    await expectText(page.getByTestId('hold-countdown'), /Your place is held for/);
    // The text comes from the versioned templates with the station's policies filled in.
    await expectVisible(page.getByRole('heading', { name: 'Liability waiver' }));
    await expectVisible(page.getByText(/The deposit of \$100\.00 is deducted/));
    await page.getByRole('button', { name: 'Sign the agreement' }).click();
    await expectVisible(page.getByText('Accept the terms to continue.'));
    await page.getByLabel('I accept the terms of service.').check();
    await page.getByLabel('I accept the liability waiver.').check();
    await page.getByLabel('I have read the allergen disclosure.').check();
    await page.getByLabel('Type your full name to sign').fill('Avery Host');
    await expectAccessible(page, '07-agreement');
    await continueTo(page, 'deposit', 'Sign the agreement');

    expect(await page.getByLabel('Zelle').isChecked()).toBe(true);
    expect(await page.getByLabel(/Card/).count()).toBe(0);
    await expectAccessible(page, '08-deposit');
    await continueTo(page, 'confirmation', 'Confirm deposit method');

    await expectText(page.getByTestId('booking-total'), quoteTotal);
    await expectText(page.getByTestId('booking-status'), 'Waiting for your deposit');
    await expectText(page.getByTestId('payment-instructions'), /Zelle/);
    const reference = (await page.getByTestId('payment-reference').textContent()) ?? '';
    expect(reference.length).toBeGreaterThan(3);
    await expectAccessible(page, '09-confirmation');
    managePath = (await page.getByTestId('manage-link').getAttribute('href')) ?? '';
    expect(managePath).toMatch(/^\/manage\/[0-9a-f-]{36}\?token=/);
    // Add to calendar downloads the booking as an iCalendar event.
    const calendarHref = (await page.getByTestId('add-to-calendar').getAttribute('href')) ?? '';
    const ics = await fetch(`${server.url}${calendarHref}`);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(await ics.text()).toContain('BEGIN:VEVENT');

    // "I've sent it": the reference the customer used, before the deposit deadline.
    await expectText(page.getByTestId('deposit-sent-form'), /Send it by .+, then tell us here/);
    const sent = page.getByRole('button', { name: "I've sent the deposit" });
    await sent.click();
    await expectVisible(page.getByText(/Enter the reference or note you sent with the payment/));
    await page.getByLabel(/^Payment reference/).fill('DEP-TP-1');
    await sent.click();
    await expectVisible(
      page.getByText(`DEP-TP-1 is not this booking's reference`, { exact: false }),
    );
    expect(await page.getByLabel('Zelle').isChecked()).toBe(true);
    await page.getByLabel('Venmo').check();
    await page.getByLabel(/^Payment reference/).fill(reference);
    await expectAccessible(page, '09-deposit-sent-form');
    await sent.click();
    await expectText(
      page.getByTestId('deposit-confirm-by'),
      /^We'll confirm your payment by \w{3}, /,
    );
    await expectText(page.getByTestId('deposit-sent-reference'), reference);
    await expectText(
      page.getByTestId('booking-status'),
      'Deposit sent — waiting for our confirmation',
    );
    await expectAccessible(page, '09-deposit-sent');
    const reported = await database.db
      .selectFrom('core.bookings')
      .select(['deposit_reported_reference', 'deposit_reported_method'])
      .executeTakeFirstOrThrow();
    expect(reported).toEqual({
      deposit_reported_reference: reference,
      deposit_reported_method: 'venmo',
    });
  });

  it('turns confirmed when staff confirm the deposit, and the manage link shows it', async () => {
    const { page } = first;
    const [, id = '', token = ''] = /^\/manage\/([^?]+)\?token=(.+)$/.exec(managePath) ?? [];
    const booking = (await (
      await fetch(`${server.url}/api/v1/bookings/${id}`, {
        headers: { 'x-booking-token': decodeURIComponent(token) },
      })
    ).json()) as { payments: { id: string; kind: string }[]; allergens: string[] };
    expect(booking.allergens).toEqual(['Sam: Shellfish']);
    const deposit = booking.payments.find((p) => p.kind === 'deposit');
    const confirmed = await fetch(`${server.url}/api/v1/payments/${deposit?.id ?? ''}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STAFF_KEY}` },
    });
    expect(confirmed.status).toBe(200);

    // The confirmation email (recorded in the offline outbox) states the same total as the page.
    const outbox = (await (
      await fetch(`${server.url}/api/v1/dev/outbox?bookingId=${id}`)
    ).json()) as { messages: { template: string; body: string }[] };
    const email = outbox.messages.find((m) => m.template === 'booking.confirmation');
    expect(email?.body).toContain(quoteTotal);

    await page.getByTestId('manage-link').click();
    await page.waitForURL('**/manage/**');
    await expectText(page.getByTestId('manage-status'), 'Confirmed');
    await expectText(page.getByTestId('manage-total'), quoteTotal);
    await expectAccessible(page, '10-manage');
  });

  it('changes the menu from the manage page, and explains an edit conflict', async () => {
    const { page } = first;
    const [, id = '', token = ''] = /^\/manage\/([^?]+)\?token=(.+)$/.exec(managePath) ?? [];
    const headers = { 'x-booking-token': decodeURIComponent(token) };
    await page.getByRole('button', { name: 'Change guests or menu' }).click();
    await page.getByLabel('Edamame', { exact: true }).fill('2');
    // Meanwhile the booking changes elsewhere (another tab, or staff).
    const current = (await (
      await fetch(`${server.url}/api/v1/bookings/${id}`, { headers })
    ).json()) as { version: number };
    const other = await fetch(`${server.url}/api/v1/bookings/${id}`, {
      method: 'PATCH',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ version: current.version, specialRequests: 'Birthday cake at 8' }),
    });
    expect(other.status).toBe(200);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expectVisible(page.getByText('This booking was changed somewhere else.'));
    await screenshot(page, '11-manage-conflict');
    await page.getByRole('button', { name: 'Reload the booking' }).click();
    await page.getByRole('button', { name: 'Change guests or menu' }).click();
    await page.getByLabel('Edamame', { exact: true }).fill('2');
    await expectAccessible(page, '11-manage-change');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expectVisible(page.getByRole('status').filter({ hasText: 'Saved.' }));
  });

  it('shows the taken slot as unavailable to a second visitor', async () => {
    const second = await openBrowser();
    try {
      const { page } = second;
      await page.goto(`${server.url}/book/venue`);
      await page.getByLabel('ZIP code').fill('95112');
      await continueTo(page, 'date');
      await pickDate(page, EVENT_DATE);
      expect(await page.getByLabel(/Early Evening/).isDisabled()).toBe(true);
      await expectText(page.getByTestId(`slot-info-${SLOT}`), 'Fully booked.');
      await screenshot(page, '11-second-visitor-slot-taken');
      expectNoCspViolations(page, 'second visitor');
    } finally {
      await second.close();
    }
  });

  it('reschedules for free once, then cancels with the deposit refunded', async () => {
    const { page } = first;
    await page.goto(`${server.url}${managePath}`);
    await page.getByRole('button', { name: 'Reschedule' }).click();
    await expectText(page.getByTestId('reschedule-terms'), 'This reschedule is free.');
    await pickDate(page, RESCHEDULE_DATE);
    await page.getByLabel(/Early Evening/).check();
    await screenshot(page, '12-reschedule');
    await page.getByRole('button', { name: 'Move my booking' }).click();
    await expectVisible(page.getByRole('status').filter({ hasText: 'Moved to' }));

    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await expectText(page.getByTestId('cancel-outcome'), /is refunded/);
    await screenshot(page, '13-cancel');
    await page.getByRole('button', { name: 'Yes, cancel' }).click();
    await expectText(page.getByTestId('manage-status'), 'Cancelled');
    // The deposit comes back: told as a refund on its way, never as a payment to make — on
    // the answer to the cancel and on a fresh load of the manage link.
    for (const step of ['after cancel', 'reloaded']) {
      if (step === 'reloaded') await page.reload();
      await expectText(
        page.getByTestId('refund-on_its_way'),
        /A refund of \$[\d,.]+ is on its way/,
      );
      await expectText(page.getByTestId('manage-balance'), '$0.00');
      expect(await page.locator('main').innerText(), step).not.toMatch(/\bpay\b/i);
      expect(await page.getByRole('button', { name: /pay/i }).count(), step).toBe(0);
    }
    await screenshot(page, '14-cancelled-refund');
  });

  it('never met a Content-Security-Policy violation on any page of the journey', () => {
    expectNoCspViolations(first.page, 'whole journey');
  });
});
