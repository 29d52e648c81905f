import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateAhead, newStation } from '../../apps/server/src/test/factories.ts';
import { newStaff, type NewStaff } from '../../apps/server/src/modules/staff/staff.test-helper.ts';
import { openBrowser, type Browser } from '../customer/browser.ts';
import {
  DESKTOP,
  expectText,
  screenshots,
  signedInAs,
  signInThroughPanel,
  startPanelServer,
  type PanelServer,
} from './panel.ts';

// The settings screen in Chromium: an admin proposes a price rise, which waits; a second
// admin approves it in another browser and the public price changes; the history shows the
// diff; a blackout date is added and removed (with a confirmation); a station is created.
let backend: PanelServer;
let proposer: NewStaff;
let approver: NewStaff;
let proposerBrowser: Browser;
let approverBrowser: Browser;
let stationId = '';
const { expectAccessible } = screenshots('admin-settings');

function signIn(page: Page, staff: NewStaff) {
  return signInThroughPanel(page, backend.url, staff, { waitFor: signedInAs });
}

async function publicAdultCents(): Promise<number> {
  const response = await fetch(`${backend.url}/api/v1/settings?stationId=${stationId}`);
  return ((await response.json()) as { pricing: { adultCents: number } }).pricing.adultCents;
}

beforeAll(async () => {
  backend = await startPanelServer(async (database) => {
    ({ stationId } = await newStation(database.db, { chefs: 1 }));
    proposer = await newStaff(database.db, { role: 'admin', stationIds: [stationId] });
    approver = await newStaff(database.db, { role: 'admin', stationIds: [stationId] });
  });
  proposerBrowser = await openBrowser({ viewport: DESKTOP });
  approverBrowser = await openBrowser({ viewport: DESKTOP });
});

afterAll(async () => {
  await proposerBrowser?.close();
  await approverBrowser?.close();
  await backend?.stop();
});

describe('settings screen', () => {
  it('an admin proposes a price rise; it waits for another admin', async () => {
    const { page } = proposerBrowser;
    await signIn(page, proposer);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.waitForURL('**/admin/settings');
    const adult = page.getByLabel('Adult (13+)');
    await adult.waitFor();
    expect(await adult.inputValue()).toBe('55.00');

    // Inline validation from the shared schema: a negative price cannot be saved.
    await adult.fill('-1');
    await expectText(page.getByRole('alert'), /Fix the 1 highlighted field/);
    expect(await adult.getAttribute('aria-invalid')).toBe('true');
    await adult.fill('60');
    await expectText(page.getByText(/need.* another admin's approval/), /approval/);
    await page.getByLabel('Note (why)').fill('Food costs went up');
    await expectAccessible(page, '01-settings-edited');
    await page.getByRole('button', { name: 'Propose for approval' }).click();
    await expectText(page.getByRole('status'), /waits for another admin/);
    expect(await publicAdultCents()).toBe(5500);

    await page.getByRole('tab', { name: /Approvals/ }).click();
    const request = page.getByTestId('pending-request');
    await expectText(request, /pricing\.adultCents/);
    await expectText(request.getByText('Waiting for another admin.'), /Waiting/);
    expect(await request.getByRole('button', { name: 'Approve and apply' }).count()).toBe(0);
    await expectAccessible(page, '02-approvals-own');
  });

  it('a second admin approves it; the new price is in force and in the history', async () => {
    const { page } = approverBrowser;
    await signIn(page, approver);
    await page.goto(`${backend.url}/admin/settings?tab=approvals`);
    const request = page.getByTestId('pending-request');
    await expectText(request, /Food costs went up/);
    await request.getByLabel('Decision note').fill('Checked with the owner');
    await request.getByRole('button', { name: 'Approve and apply' }).click();
    await expectText(page.getByText('No settings change is waiting for a second admin.'), /No/);
    await expect.poll(publicAdultCents).toBe(6000);

    await page.getByRole('tab', { name: 'History' }).click();
    const latest = page.getByTestId('settings-version').first();
    await expectText(latest, /Version 2/);
    await expectText(latest, /approved by/);
    await expectText(latest.getByRole('row').nth(1), /pricing\.adultCents.*\$55\.00.*\$60\.00/);
    await expectAccessible(page, '03-history');
  });

  it('edits the offline-deposit deadline and the open-hold caps, applied at once', async () => {
    const { page } = proposerBrowser;
    await page.goto(`${backend.url}/admin/settings`);
    const perContact = page.getByLabel('Open holds + unpaid bookings per email or phone');
    await perContact.waitFor();
    const confirmWithin = page.getByLabel(
      'Staff confirm an offline deposit within (minutes after signing)',
    );
    // Test stations lift the caps (TEST_HOLD_CAPS); the deadline has its default.
    expect(await confirmWithin.inputValue()).toBe('1440');
    await perContact.fill('0');
    await expectText(page.getByRole('alert'), /Fix the 1 highlighted field/);
    await perContact.fill('3');
    await page.getByLabel('Open holds + unpaid bookings per IP a day').fill('8');
    await confirmWithin.fill('720');
    await page.getByLabel('Note (why)').fill('Busy season');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expectText(page.getByRole('status'), /Saved: version 3 is in force/);
    const published = (await (
      await fetch(`${backend.url}/api/v1/settings?stationId=${stationId}`)
    ).json()) as { holds: Record<string, number> };
    expect(published.holds).toMatchObject({
      maxOpenPerContact: 3,
      maxOpenPerIpPerDay: 8,
      staffConfirmWithinMinutesAfterSign: 720,
    });
  });

  it('adds a blackout date and removes it after a confirmation', async () => {
    const { page } = proposerBrowser;
    await page.goto(`${backend.url}/admin/settings?tab=dates`);
    await page.getByText('No blackout dates or caps from today on.').waitFor();
    const date = dateAhead(60);
    await page.getByLabel('Date', { exact: true }).fill(date);
    await page.getByLabel('Reason (shown to customers)').fill('Owner wedding');
    await page.getByRole('button', { name: 'Save date' }).click();
    const row = page.getByTestId('date-override');
    await expectText(row, new RegExp(`${date}.*Whole day.*Blackout.*Owner wedding`));
    await expectAccessible(page, '04-blackout');

    await row.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove this date rule?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await row.count()).toBe(1);
    await row.getByRole('button', { name: 'Remove' }).click();
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('No blackout dates or caps from today on.').waitFor();
  });

  it('creates a station with inline validation', async () => {
    const { page } = proposerBrowser;
    await page.goto(`${backend.url}/admin/settings/stations`);
    await page.getByTestId('station-row').first().waitFor();
    await page.getByRole('button', { name: 'New station' }).click();
    await page.getByRole('button', { name: 'Create station' }).click();
    await expectText(page.getByText('Use a 5-digit ZIP code.'), /ZIP/);
    await page.getByLabel('Code', { exact: true }).fill('CA-SAC-001');
    await page.getByLabel('Name', { exact: true }).fill('Sacramento');
    await page.getByLabel('Base address').fill('1 Capitol Mall, Sacramento, CA');
    await page.getByLabel('ZIP code').fill('95814');
    await page.getByLabel('Latitude').fill('38.5767');
    await page.getByLabel('Longitude').fill('-121.4934');
    await page.getByRole('button', { name: 'Create station' }).click();
    await expect.poll(() => page.getByTestId('station-row').count(), { timeout: 15_000 }).toBe(2);
    await expectText(page.getByTestId('station-row').filter({ hasText: 'CA-SAC-001' }), /Active/);
    await expectAccessible(page, '05-stations');
  });
});
