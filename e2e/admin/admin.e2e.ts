import { authenticator } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateAhead, newStation } from '../../apps/server/src/test/factories.ts';
import { newStaff, type NewStaff } from '../../apps/server/src/modules/staff/staff.test-helper.ts';
import { expectNoCspViolations, openBrowser, type Browser } from '../customer/browser.ts';
import {
  bookAsCustomer,
  DESKTOP,
  expectText,
  screenshots,
  signInThroughPanel,
  startPanelServer,
  type PanelServer,
} from './panel.ts';

// The staff journey through the real server and the built panel, in Chromium: an admin
// signs in with password + TOTP and finds a booking; customer support (a second browser)
// asks to cancel it; the admin approves; the freed place shows in the calendar. The station
// has one chef, so within 14 days each slot has exactly one place.
let backend: PanelServer;
let admin: NewStaff;
let support: NewStaff;
let manager: NewStaff;
let adminBrowser: Browser;
let bookingId = '';
/** The first guest's booking: its customer says the offline deposit is sent. */
let reported: { id: string; number: string; reference: string };
const EVENT_DATE = dateAhead(6);
const SLOT = '18:00';
const { shot, expectAccessible } = screenshots('admin');

function signIn(page: Page, staff: NewStaff) {
  return signInThroughPanel(page, backend.url, staff);
}

/**
 * Opens the month calendar on the event's month, whatever the run date. The grid renders
 * only once the month's capacity has loaded, so wait for it before deciding to move on:
 * deciding on an empty page skipped past the event's month.
 */
async function openCalendarAt(page: Page) {
  await page.getByRole('link', { name: 'Calendar', exact: true }).click();
  await page.waitForURL('**/admin/calendar**');
  const month = page.getByRole('table', { name: /^Capacity in / });
  for (let step = 0; step < 13; step += 1) {
    await month.waitFor();
    if ((await page.locator(`[role="cell"][data-date="${EVENT_DATE}"]`).count()) > 0) break;
    const shown = await month.getAttribute('aria-label');
    await page.getByRole('button', { name: 'Next month' }).click();
    await expect.poll(() => month.getAttribute('aria-label')).not.toBe(shown);
  }
  return page.getByTestId(`slot-${EVENT_DATE}-${SLOT}`);
}

beforeAll(async () => {
  backend = await startPanelServer(async (database) => {
    const { stationId } = await newStation(database.db, { chefs: 1 });
    admin = await newStaff(database.db, { role: 'admin', stationIds: [stationId], totp: true });
    support = await newStaff(database.db, {
      role: 'customer_support',
      stationIds: [stationId],
      totp: true,
    });
    // A super admin past the first password, before setting up two-factor.
    manager = await newStaff(database.db, {
      role: 'super_admin',
      stationIds: [stationId],
      totp: false,
    });
  });
  const before = { name: 'Guest Before' };
  const first = (await bookAsCustomer(backend, {
    date: dateAhead(7),
    slot: SLOT,
    customer: before,
  })) as { id: string; number: string; manageToken: string; payments: { reference: string }[] };
  const reference = first.payments[0]?.reference ?? '';
  const sent = await fetch(`${backend.url}/api/v1/bookings/${first.id}/deposit-sent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-booking-token': first.manageToken },
    body: JSON.stringify({ reference, method: 'venmo' }),
  });
  expect(sent.status).toBe(200);
  reported = { id: first.id, number: first.number, reference };
  const hiroko = { name: 'Hiroko Tanaka' };
  const booking = await bookAsCustomer(backend, { date: EVENT_DATE, slot: SLOT, customer: hiroko });
  bookingId = booking.id;
  adminBrowser = await openBrowser({ viewport: DESKTOP });
});

afterAll(async () => {
  await adminBrowser?.close();
  await backend?.stop();
});

describe('admin panel', () => {
  it('keeps the panel behind sign-in and signs an admin in with password + TOTP', async () => {
    const { page } = adminBrowser;
    await page.goto(`${backend.url}/admin/bookings`);
    await page.waitForURL('**/admin/sign-in');
    await expectAccessible(page, '01-sign-in');

    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.getByRole('alert'), /TWO_FACTOR|code|not correct/i);

    await signIn(page, admin);
    // Signed in, staff land on the dashboard; the bookings list is one click away.
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: 15_000 });
    await expectText(page.getByTestId('signed-in-as'), /admin/);
    await page.getByRole('link', { name: 'Bookings', exact: true }).click();
    await page.waitForURL('**/admin/bookings');
    await page.getByTestId('booking-row').first().waitFor();
    await expectAccessible(page, '02-bookings');
  });

  it('shows a customer\'s "I\'ve sent it" on the dashboard and the booking, with the deadline', async () => {
    const { page } = adminBrowser;
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    const line = page.getByTestId('deposit-reported');
    await expectText(
      line,
      new RegExp(`Customer says paid by Venmo, reference ${reported.reference} — confirm by .+`),
    );
    await expectText(page.getByTestId('card-deposits'), /1 awaiting payment, 1 to confirm/);
    await page
      .getByRole('listitem')
      .filter({ has: line })
      .getByRole('link', { name: reported.number })
      .click();
    await page.waitForURL(`**/admin/bookings/${reported.id}`);
    await expectText(page.getByTestId('deposit-reported'), new RegExp(reported.reference));
    await expectText(page.getByTestId('deposit-deadline'), /cancelled automatically if unpaid/);
    await expectText(page.getByTestId('timeline'), /customer says paid by Venmo/);
    await expectAccessible(page, '02-deposit-reported');
    await page.getByRole('link', { name: 'Bookings', exact: true }).click();
    await page.waitForURL('**/admin/bookings');
    await page.getByTestId('booking-row').first().waitFor();
  });

  it('finds a booking by search and opens it', async () => {
    const { page } = adminBrowser;
    await expect.poll(() => page.getByTestId('booking-row').count()).toBe(2);
    await page.getByRole('searchbox', { name: 'Search' }).fill('tanaka');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL('**/admin/bookings?q=tanaka');
    await expect.poll(() => page.getByTestId('booking-row').count()).toBe(1);
    await expectText(page.getByTestId('booking-row'), /Hiroko Tanaka/);
    expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(
      '/api/v1/admin/bookings.csv?q=tanaka',
    );
    await page.getByTestId('booking-row').getByRole('link').click();
    await page.waitForURL(`**/admin/bookings/${bookingId}`);
    await expectText(page.getByTestId('booking-status'), 'Waiting for deposit');
    await page.getByRole('button', { name: /Confirm .* deposit/ }).waitFor();
    await expectAccessible(page, '03-booking-detail');

    const slot = await openCalendarAt(page);
    await expectText(slot, `${SLOT}: 1/1 taken, 0 left`);
    await shot(page, '04-calendar-full');
  });

  it('edits the booking, and explains the conflict when another tab saved first', async () => {
    const { page, context } = adminBrowser;
    await page.goto(`${backend.url}/admin/bookings/${bookingId}`);
    await expectText(page.getByTestId('booking-status'), 'Waiting for deposit');
    // This tab starts editing…
    await page.getByRole('button', { name: 'Edit booking' }).click();
    const form = page.getByRole('form', { name: 'Edit booking' });
    await form.getByLabel('Special requests').fill('Please bring extra yum yum sauce.');

    // …while a second tab of the same admin edits and saves first.
    const other = await context.newPage();
    try {
      await other.goto(`${backend.url}/admin/bookings/${bookingId}`);
      await other.getByRole('button', { name: 'Edit booking' }).click();
      const otherForm = other.getByRole('form', { name: 'Edit booking' });
      await otherForm.getByLabel('Allergens (one per line)').fill('Shellfish');
      await otherForm.getByRole('button', { name: 'Save changes' }).click();
      await expectText(other.getByTestId('booking-allergens'), 'Shellfish');
    } finally {
      await other.close();
    }

    await form.getByRole('button', { name: 'Save changes' }).click();
    const conflict = page.getByTestId('edit-conflict');
    await expectText(conflict, /Someone else saved this booking first/);
    await expectText(conflict, /changed allergens.*Your changes were not saved/s);
    // The page now shows the other tab's change; this tab's draft is kept.
    await expectText(page.getByTestId('booking-allergens'), 'Shellfish');
    expect(await form.getByLabel('Special requests').inputValue()).toBe(
      'Please bring extra yum yum sauce.',
    );
    await expectAccessible(page, '03b-edit-conflict');

    await page.getByRole('button', { name: 'Apply my changes to the current booking' }).click();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => form.count(), { timeout: 15_000 }).toBe(0);
    await page.getByText('Please bring extra yum yum sauce.').waitFor();
    // Both edits survive: nothing was overwritten.
    await expectText(page.getByTestId('booking-allergens'), 'Shellfish');
    await shot(page, '03c-edit-saved');

    // Chef assignment with the ranked suggestions (SPEC §4): the station's one chef.
    const suggestions = page.getByTestId('chef-suggestions');
    await expectText(suggestions, /Chef 1/);
    await suggestions.getByRole('button', { name: 'Assign Chef 1' }).click();
    await expectText(page.getByTestId('assigned-chefs'), /Chef 1/);
    await expectAccessible(page, '03d-chef-assigned');
  });

  it('lets customer support request a cancellation but not approve it', async () => {
    const second = await openBrowser({ viewport: DESKTOP });
    try {
      const { page } = second;
      await signIn(page, support);
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: 15_000 });
      expect(await page.getByRole('link', { name: 'Audit log', exact: true }).count()).toBe(0);
      await page.goto(`${backend.url}/admin/bookings/${bookingId}`);
      await expectText(page.getByTestId('booking-status'), 'Waiting for deposit');
      await page.getByLabel('Reason for cancelling').fill('Customer moved the party indoors.');
      await page.getByRole('button', { name: 'Request cancellation' }).click();
      await expectText(page.getByTestId('booking-status'), 'Cancellation requested');
      expect(await page.getByRole('button', { name: 'Approve cancellation' }).count()).toBe(0);
      await expectAccessible(page, '05-support-requested');
    } finally {
      await second.close();
    }
  });

  it('lets the admin approve it, and the freed place shows in the calendar', async () => {
    const { page } = adminBrowser;
    await page.goto(`${backend.url}/admin/bookings/${bookingId}`);
    await page.getByRole('button', { name: 'Refresh booking' }).click();
    await expectText(page.getByTestId('booking-status'), 'Cancellation requested');
    await expectText(page.getByTestId('cancellation-reason'), /moved the party indoors/);
    await page.getByRole('button', { name: 'Approve cancellation' }).click();
    await expectText(page.getByTestId('booking-status'), 'Cancelled');
    await expectAccessible(page, '06-approved');

    const slot = await openCalendarAt(page);
    await expectText(slot, `${SLOT}: 0/1 taken, 1 left`);
    await page.getByRole('button', { name: 'Refresh calendar' }).click();
    await shot(page, '07-calendar-after');
  });

  it('confirms an offline deposit from the booking page', async () => {
    const { page } = adminBrowser;
    await page.getByRole('link', { name: 'Bookings', exact: true }).click();
    await page.waitForURL('**/admin/bookings');
    await page.getByRole('searchbox', { name: 'Search' }).fill('Guest Before');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByTestId('booking-row').count()).toBe(1);
    await page.getByTestId('booking-row').getByRole('link').click();
    await expectText(page.getByTestId('booking-status'), 'Waiting for deposit');
    await page.getByRole('button', { name: /Confirm .* deposit/ }).click();
    await expectText(page.getByTestId('booking-status'), 'Confirmed');
    expect(await page.getByRole('button', { name: /Confirm .* deposit/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Mark in progress' }).waitFor();
    // The confirmation email it triggered is listed, labelled as what it is offline.
    await expectText(page.getByTestId('sent-messages'), /email to .*in the outbox, not sent yet/);
    await shot(page, '08-deposit-confirmed');

    // Part of the balance arrives in cash.
    await page.getByRole('button', { name: 'Record a payment' }).click();
    const form = page.getByRole('form', { name: 'Record a payment' });
    await form.getByLabel('Method').selectOption('cash');
    await form.getByLabel('Amount (USD)').fill('50');
    await form.getByRole('button', { name: /Record \$50\.00 payment/ }).click();
    await expect.poll(() => form.count(), { timeout: 15_000 }).toBe(0);
    await expectText(page.getByRole('status'), 'Payment of $50.00 recorded.');
    await expectText(page.getByTestId('booking-paid'), '$150.00');
    await expectAccessible(page, '08b-balance-recorded');
  });

  it('shows the audit log to an admin, and signs out', async () => {
    const { page } = adminBrowser;
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    await page.waitForURL('**/admin/audit');
    await page.getByTestId('audit-row').first().waitFor();
    await expectText(page.getByRole('table'), /booking/);
    await expectAccessible(page, '09-audit');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/admin/sign-in');
    await page.goto(`${backend.url}/admin/bookings`);
    await page.waitForURL('**/admin/sign-in');
  });

  it('enrols a super admin in two-factor sign-in and shows the backup codes once', async () => {
    const third = await openBrowser({ viewport: DESKTOP });
    try {
      const { page } = third;
      await signIn(page, manager);
      // A role that requires 2FA is sent to enrol first, and nothing else opens before.
      await page.waitForURL('**/admin/two-factor');
      await expectText(page.getByRole('heading', { level: 1 }), 'Set up two-factor sign-in');
      expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
      await page.goto(`${backend.url}/admin/bookings`);
      await page.waitForURL('**/admin/two-factor');
      await expectAccessible(page, '10a-two-factor-required');
      // Enrolling asks for the password again.
      await page.getByLabel('Your password').fill('not my password at all');
      await page.getByRole('button', { name: 'Start set-up' }).click();
      await expectText(page.locator('#main'), /That password is not correct\./);
      await page.getByLabel('Your password').fill(manager.password);
      await page.getByRole('button', { name: 'Start set-up' }).click();
      await page.getByRole('img', { name: /QR code/ }).waitFor();
      const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').trim();
      await page.getByLabel('Code from the app').fill(authenticator.generate(secret));
      await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
      const codes = page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem');
      await expect.poll(() => codes.count(), { timeout: 15_000 }).toBe(10);
      await expectAccessible(page, '10-two-factor-enrolled');
      await page.getByRole('button', { name: 'I have saved the codes, continue' }).click();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor({ timeout: 15_000 });
      await page.getByRole('link', { name: 'Two-factor', exact: true }).click();
      await page.reload();
      await expectText(page.getByTestId('two-factor-status'), /is on/);
    } finally {
      await third.close();
    }
  });

  it('never met a Content-Security-Policy violation in the panel', () => {
    expectNoCspViolations(adminBrowser.page, 'admin journey');
  });
});
