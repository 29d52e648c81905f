import { addDays, utcToZoned, zonedDateTimeToUtc } from '@teppan/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateAhead, FREMONT, newStation } from '../../apps/server/src/test/factories.ts';
import { newStaff, type NewStaff } from '../../apps/server/src/modules/staff/staff.test-helper.ts';
import { openBrowser, type Browser } from '../customer/browser.ts';
import {
  bookAsCustomer,
  dashboardHeading,
  DESKTOP,
  expectText,
  screenshots,
  signInThroughPanel,
  startPanelServer,
  type PanelServer,
} from './panel.ts';

// The running-the-business screens in Chromium: the dashboard (an admin's and a chef's),
// the calendar's week view, staff and roles, and API keys shown once, rotated and revoked.
let backend: PanelServer;
let admin: NewStaff;
let chef: NewStaff;
let support: NewStaff;
let adminBrowser: Browser;
let stationId = '';
let today = '';
const todayBooking = { id: '', number: '' };
const soonBooking = { id: '', number: '' };
const SOON = dateAhead(3);
const { expectAccessible } = screenshots('admin-operations');

function book(name: string, date: string, slot: string) {
  return bookAsCustomer(backend, { date, slot, customer: { name }, quote: { stationId } });
}

function signIn(page: Page, staff: NewStaff) {
  return signInThroughPanel(page, backend.url, staff, { waitFor: dashboardHeading });
}

beforeAll(async () => {
  let chefId = '';
  backend = await startPanelServer(async (database) => {
    const station = await newStation(database.db, { chefs: 2 });
    stationId = station.stationId;
    chefId = station.chefIds[0] ?? '';
    admin = await newStaff(database.db, { role: 'admin', stationIds: [stationId], totp: true });
    chef = await newStaff(database.db, { role: 'chef', stationIds: [stationId] });
    support = await newStaff(database.db, { role: 'customer_support', stationIds: [stationId] });
    await database.db
      .updateTable('ops.chefs')
      .set({ staff_id: chef.id })
      .where('id', '=', chefId)
      .execute();
  });

  // Today's event (moved to today: the API asks for 48 hours' notice), assigned to the chef.
  today = utcToZoned({ instant: new Date(), timeZone: FREMONT.time_zone }).date;
  Object.assign(todayBooking, await book('Yuki Today', addDays(today, 30), '18:00'));
  await backend.database.db
    .updateTable('core.bookings')
    .set({
      date: today,
      event_starts_at: zonedDateTimeToUtc({
        date: today,
        time: '18:00',
        timeZone: FREMONT.time_zone,
      }),
    })
    .where('id', '=', todayBooking.id)
    .execute();
  await backend.database.db
    .insertInto('ops.booking_chefs')
    .values({ booking_id: todayBooking.id, chef_id: chefId, assigned_by: 'e2e' })
    .execute();
  // An unassigned event in three days.
  Object.assign(soonBooking, await book('Kenji Soon', SOON, '12:00'));
  adminBrowser = await openBrowser({ viewport: DESKTOP });
}, 240_000);

afterAll(async () => {
  await adminBrowser?.close();
  await backend?.stop();
});

describe('admin operations screens', () => {
  it('opens on the dashboard: today, the week, alerts and money for an admin', async () => {
    const { page } = adminBrowser;
    await signIn(page, admin);
    await expectText(page.getByTestId('card-today'), /Events today.*1$/);
    await expectText(page.getByTestId('card-unassigned'), /Unassigned in the next 7 days\s*1/);
    await expectText(page.getByTestId('card-deposits'), /Deposits due\s*2/);
    await expectText(page.getByTestId('card-money'), /\$/);
    await expectText(
      page.getByRole('table', { name: 'Events today' }).getByRole('row').nth(1),
      new RegExp(`${todayBooking.number}.*Yuki Today.*Chef 1`),
    );
    await page.getByRole('button', { name: 'Refresh dashboard' }).click();
    await expectText(page.getByTestId('card-today'), /1$/);
    await expectAccessible(page, '01-dashboard-admin');

    // A card opens the filtered list.
    await page.getByTestId('card-unassigned').click();
    await page.waitForURL(`**/admin/bookings?from=${today}**`);
  });

  it('shows a chef only their own events, without money or staff screens', async () => {
    const second = await openBrowser({ viewport: DESKTOP });
    try {
      const { page } = second;
      await signIn(page, chef);
      await expectText(page.getByTestId('card-today'), /1$/);
      await expectText(page.getByTestId('card-week'), /Events this week\s*1/);
      expect(await page.getByTestId('card-money').count()).toBe(0);
      expect(await page.getByTestId('card-leads').count()).toBe(0);
      expect(await page.getByTestId('card-deposits').count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Staff' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'API keys', exact: true }).count()).toBe(0);
      expect(await page.getByText(soonBooking.number).count()).toBe(0);
      await expectAccessible(page, '02-dashboard-chef');

      // Their event opens: what to cook, where and for whom, who cooks with them; no money.
      await page
        .getByRole('table', { name: 'Events today' })
        .getByRole('link', { name: todayBooking.number })
        .click();
      await page.waitForURL(`**/admin/bookings/${todayBooking.id}`);
      await page.getByRole('heading', { name: `Booking ${todayBooking.number}` }).waitFor();
      await expectText(page.getByTestId('booking-when'), new RegExp(today));
      await expectText(page.getByTestId('assigned-chefs'), /Chef 1/);
      await page.getByRole('heading', { name: 'Timeline' }).waitFor();
      for (const absent of ['booking-total', 'booking-paid', 'payment-row', 'chef-suggestions'])
        expect(await page.getByTestId(absent).count(), absent).toBe(0);
      expect(await page.getByRole('heading', { name: 'Payments' }).count()).toBe(0);
      expect(await page.locator('main').textContent()).not.toMatch(/\$\s?\d/);
      await expectAccessible(page, '02b-booking-chef');

      // Their schedule: only their event, and no amount column.
      await page.getByRole('link', { name: 'Bookings', exact: true }).click();
      await page.getByTestId('booking-row').first().waitFor();
      expect(await page.getByTestId('booking-row').count()).toBe(1);
      expect(await page.getByRole('columnheader', { name: 'Total' }).count()).toBe(0);
      expect(await page.getByText(soonBooking.number).count()).toBe(0);
    } finally {
      await second.close();
    }
  });

  it('shows a week of slots with capacity, booked, held and remaining, by keyboard too', async () => {
    const { page } = adminBrowser;
    await page.getByRole('link', { name: 'Calendar', exact: true }).click();
    await page.waitForURL('**/admin/calendar**');
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    await page.waitForURL('**view=week**');
    // The event is three days ahead: this week or the next.
    const weekTable = page.getByRole('table', { name: /Capacity, booked, held and remaining/ });
    await weekTable.waitFor();
    if ((await page.getByTestId(`week-slot-${SOON}-12:00`).count()) === 0)
      await page.getByRole('button', { name: 'Next week' }).click();
    const cell = page.getByTestId(`week-slot-${SOON}-12:00`);
    await expectText(cell, /Capacity\s*2\s*Booked\s*1\s*Held\s*0\s*Remaining\s*1/);
    await expectText(cell.getByRole('link'), soonBooking.number);
    await expectAccessible(page, '03-calendar-week');

    const before = new URL(page.url()).searchParams.get('week');
    await page.getByRole('button', { name: 'Next week' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => new URL(page.url()).searchParams.get('week')).not.toBe(before);
    await page.keyboard.press('t');
    await page.getByTestId(`week-slot-${today}-18:00`).waitFor();
    await expectText(page.getByTestId(`week-slot-${today}-18:00`), /Booked\s*1/);

    await page.getByRole('button', { name: 'Month', exact: true }).click();
    await page.getByRole('button', { name: 'Next month' }).waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBeNull();
  });

  it('lists staff, invites with the role explained, and changes a role with a confirm', async () => {
    const { page } = adminBrowser;
    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    await page.waitForURL('**/admin/staff');
    await expectText(page.getByRole('row').filter({ hasText: support.email }), /Customer support/);
    await expectAccessible(page, '04-staff');

    const invite = page.getByRole('form', { name: 'Invite a staff member' });
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await expectText(invite.getByText('Enter a valid email address.'), /valid email/);
    await invite.getByLabel('Email').fill('new.chef@example.com');
    await invite.getByLabel('Name').fill('New Chef');
    await invite.getByLabel('Role').selectOption('chef');
    await expectText(invite.getByTestId('role-permissions-chef'), /never see pay/);
    // An admin cannot hand out super admin.
    expect(await invite.getByRole('option', { name: 'Super admin' }).count()).toBe(0);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await expectText(invite.getByRole('status'), /Invitation sent to new\.chef@example\.com/);

    const row = page.getByRole('row').filter({ hasText: support.email });
    await row.getByRole('button', { name: /^Edit/ }).click();
    const editor = page.getByRole('form', { name: /^Edit / });
    await editor.getByLabel('Role').selectOption('station_manager');
    await editor.getByRole('button', { name: 'Review change' }).click();
    const dialog = page.getByRole('dialog');
    await expectText(dialog, /Customer support → Station manager/);
    await expectAccessible(page, '05-staff-confirm');
    await dialog.getByRole('button', { name: 'Save change' }).click();
    await expectText(page.getByRole('row').filter({ hasText: support.email }), /Station manager/);

    await page
      .getByRole('row')
      .filter({ hasText: support.email })
      .getByRole('button', { name: /^Deactivate/ })
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await expectText(page.getByRole('row').filter({ hasText: support.email }), /Deactivated/);
  });

  it('shows a new API key once, rotates it with an overlap and revokes it', async () => {
    const { page } = adminBrowser;
    await page.getByRole('link', { name: 'API keys', exact: true }).click();
    await page.waitForURL('**/admin/api-keys');
    await expectText(page.getByText('No API keys yet', { exact: false }), /No API keys yet/);
    const form = page.getByRole('form', { name: 'Create an API key' });
    await form.getByLabel('Name').fill('Booking sync');
    // A key does only what its scopes say (issue F5): this one moves events along.
    await form.getByLabel(/Move events along/).check();
    await form.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('api-key-secret');
    await expectText(secret, /You will not see it again/);
    const key = await secret.getByLabel('API key').inputValue();
    expect(key.length).toBeGreaterThan(20);
    await expectAccessible(page, '06-api-key-created');
    // The key works, and is not shown again.
    const check = await fetch(`${backend.url}/api/v1/bookings/${todayBooking.id}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'in_progress' }),
    });
    expect(check.status).not.toBe(401);
    await secret.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByTestId('api-key-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(key);

    await page.getByRole('button', { name: 'Rotate Booking sync' }).click();
    const rotateDialog = page.getByRole('dialog');
    await rotateDialog.getByLabel('Overlap (hours)').fill('2');
    await rotateDialog.getByRole('button', { name: 'Rotate' }).click();
    const rotated = await page.getByTestId('api-key-secret').getByLabel('API key').inputValue();
    expect(rotated).not.toBe(key);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await expectText(page.getByText(/Rotated: still works until/), /overlap/);

    // Revoke the replacement (the only row that can still be rotated).
    const rows = page.getByRole('row').filter({ hasText: 'Active, no expiry' });
    await rows.getByRole('button', { name: /^Revoke/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke now' }).click();
    await expectText(page.getByRole('row').filter({ hasText: /Revoked/ }), /Revoked/);
    const after = await fetch(`${backend.url}/api/v1/bookings/${todayBooking.id}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rotated}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'completed' }),
    });
    expect(after.status).toBe(401);
  });
});
