import { weekdayOf } from '@teppan/core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateAhead, newStation } from '../../apps/server/src/test/factories.ts';
import { newStaff, type NewStaff } from '../../apps/server/src/modules/staff/staff.test-helper.ts';
import { openBrowser, type Browser } from '../customer/browser.ts';
import {
  bookAsCustomer,
  DESKTOP,
  screenshots,
  signedInAs,
  signInThroughPanel,
  startPanelServer,
  type PanelServer,
} from './panel.ts';

// The chefs screen in Chromium: a station manager edits a chef's weekly grid with the
// keyboard, is told which booking blocks a removal, decides time off; the chef signs in,
// sees only themself and asks for time off. One chef, so each slot within 14 days has one
// place and the booked one cannot lose it.
let backend: PanelServer;
let manager: NewStaff;
let chefStaff: NewStaff;
let chefId = '';
let bookingNumber = '';
let managerBrowser: Browser;
let chefBrowser: Browser | null = null;
const BOOKED_DATE = dateAhead(5);
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const { shot, expectAccessible } = screenshots('admin-chefs');

function signIn(page: Page, staff: NewStaff) {
  return signInThroughPanel(page, backend.url, staff, { waitFor: signedInAs });
}

beforeAll(async () => {
  backend = await startPanelServer(async (database) => {
    const station = await newStation(database.db, { chefs: 1 });
    chefId = station.chefIds[0] as string;
    manager = await newStaff(database.db, {
      role: 'station_manager',
      stationIds: [station.stationId],
    });
    chefStaff = await newStaff(database.db, { role: 'chef', stationIds: [station.stationId] });
    await database.db
      .updateTable('ops.chefs')
      .set({ name: 'Kenji Tanaka', staff_id: chefStaff.id })
      .where('id', '=', chefId)
      .execute();
  });
  const booking = { date: BOOKED_DATE, slot: '18:00', customer: { name: 'Pat Host' } };
  bookingNumber = (await bookAsCustomer(backend, booking)).number;
  // Two requests waiting: one that would leave the booking without its chef, one far away.
  await backend.database.db
    .insertInto('ops.chef_time_off')
    .values([
      { chef_id: chefId, from_date: BOOKED_DATE, to_date: BOOKED_DATE, reason: 'Dentist' },
      { chef_id: chefId, from_date: dateAhead(120), to_date: dateAhead(122), reason: 'Trip' },
    ])
    .execute();
  managerBrowser = await openBrowser({ viewport: DESKTOP });
}, 180_000);

afterAll(async () => {
  await chefBrowser?.close();
  await managerBrowser?.close();
  await backend?.stop();
});

describe('chefs screen', () => {
  it('a manager edits the weekly grid by keyboard and sees which booking blocks a removal', async () => {
    const { page } = managerBrowser;
    await signIn(page, manager);
    await page.getByRole('link', { name: 'Chefs', exact: true }).click();
    await page.waitForURL('**/admin/chefs');
    await page.getByTestId('chef-row').first().waitFor();
    await expectAccessible(page, '01-chefs');
    await page.getByRole('link', { name: 'Kenji Tanaka' }).first().click();
    await page.waitForURL(`**/admin/chefs/${chefId}`);
    const monday = page.getByRole('checkbox', { name: 'Monday Lunch (12:00)' });
    await monday.waitFor();
    await expectAccessible(page, '02-chef-detail');

    // Keyboard only: focus the cell, Space toggles, then save.
    await monday.focus();
    await page.keyboard.press('Space');
    expect(await monday.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Save availability' }).click();
    await page.getByText('Availability saved.').waitFor();
    expect(await monday.isChecked()).toBe(false);

    const booked = page.getByRole('checkbox', {
      name: `${WEEKDAYS[weekdayOf(BOOKED_DATE)]} Early Evening (18:00)`,
    });
    await booked.uncheck();
    await page.getByRole('button', { name: 'Save availability' }).click();
    await page.getByTestId('schedule-conflicts').waitFor();
    expect(await page.getByTestId('schedule-conflicts').textContent()).toContain(bookingNumber);
    await shot(page, '03-grid-conflict');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await booked.isChecked()).toBe(true);
  });

  it('refuses approving time off the booking needs, and rejects the other with a note', async () => {
    const { page } = managerBrowser;
    await page.getByRole('link', { name: 'Chefs', exact: true }).click();
    await page.waitForURL('**/admin/chefs');
    // Direct children only: a refused approval lists its conflicts in a nested list.
    const pending = page.getByTestId('pending-time-off').locator(':scope > li');
    await expect.poll(() => pending.count()).toBe(2);
    const needed = pending.filter({ hasText: 'Dentist' });
    await needed.getByRole('button', { name: 'Approve' }).click();
    await needed.getByTestId('schedule-conflicts').waitFor();
    expect(await needed.getByTestId('schedule-conflicts').textContent()).toContain(bookingNumber);

    const trip = pending.filter({ hasText: 'Trip' });
    await trip.getByLabel('Note to the chef (optional)').fill('Peak season, sorry');
    await trip.getByRole('button', { name: 'Reject' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reject this time off?' });
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => pending.count()).toBe(1);
    await expectAccessible(page, '04-time-off-decided');
  });

  it('a chef sees only themself and requests time off', async () => {
    chefBrowser = await openBrowser({ viewport: DESKTOP });
    const { page } = chefBrowser;
    await signIn(page, chefStaff);
    await page.getByRole('link', { name: 'Chefs', exact: true }).click();
    await page.waitForURL('**/admin/chefs');
    await expect.poll(() => page.getByTestId('chef-row').count()).toBe(1);
    await page.getByRole('link', { name: 'Kenji Tanaka' }).click();
    await page.waitForURL(`**/admin/chefs/${chefId}`);
    // Read-only grid for a chef.
    expect(await page.getByRole('checkbox', { name: 'Monday Lunch (12:00)' }).isDisabled()).toBe(
      true,
    );
    await page.getByLabel('First day off').fill(dateAhead(60));
    await page.getByLabel('Last day off').fill(dateAhead(61));
    await page.getByLabel('Reason (optional)').fill('Cousin’s wedding');
    await page.getByRole('button', { name: 'Request time off' }).click();
    await page.getByText('Requested. A manager approves or rejects it.').waitFor();
    await page
      .getByTestId('chef-time-off')
      .getByText(/Cousin’s wedding/)
      .waitFor();
    await expectAccessible(page, '05-chef-self');
  });
});
