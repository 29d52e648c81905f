import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateAhead, newStation } from '../../apps/server/src/test/factories.ts';
import { newStaff, type NewStaff } from '../../apps/server/src/modules/staff/staff.test-helper.ts';
import { openBrowser, type Browser } from '../customer/browser.ts';
import {
  bookAsCustomer,
  expectText,
  screenshots,
  signInThroughPanel,
  startPanelServer,
  type PanelServer,
} from './panel.ts';

// The CRM screens in Chromium: customers (search, lifetime value, consents) and the leads
// board (create, move by keyboard, lost needs a reason, a conflict explained, convert).
let backend: PanelServer;
let admin: NewStaff;
let browser: Browser;
let stationId = '';
const ines = { id: '', number: '', depositCents: 0 };

const { expectAccessible } = screenshots('admin-crm');

beforeAll(async () => {
  backend = await startPanelServer(async (database) => {
    stationId = (await newStation(database.db, { chefs: 2 })).stationId;
    admin = await newStaff(database.db, { role: 'admin', stationIds: [stationId] });
  });
  const booking = await bookAsCustomer(backend, {
    date: dateAhead(30),
    slot: '18:00',
    customer: { name: 'Ines Ortega', email: 'ines.ortega@example.com' },
    quote: { stationId },
  });
  const deposit = await backend.database.db
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
  await backend?.stop();
});

describe('CRM screens', () => {
  it('finds a customer and shows bookings, lifetime value and consents', async () => {
    const { page } = browser;
    await signInThroughPanel(page, backend.url, admin);
    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    const search = page.getByRole('searchbox', { name: 'Search' });
    // The box says what it can find now that contact details are encrypted (ADR 0016).
    expect(await search.getAttribute('aria-describedby')).toBeTruthy();
    await expectText(
      page.locator(`#${await search.getAttribute('aria-describedby')}`),
      'Full email or phone, or part of a name',
    );
    // A full email in any case finds her; part of one does not.
    await search.fill('INES.ORTEGA@example.com');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expectText(page.getByTestId('customer-row'), /Ines Ortega/);
    await search.fill('ortega@example');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No customers match this search.').waitFor();
    await search.fill('ortega');
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
    await page.getByRole('link', { name: 'Leads', exact: true }).click();
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
    await backend.database.db
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
        const row = await backend.database.db
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
    const row = await backend.database.db
      .selectFrom('core.holds')
      .select(['source_channel', 'slot'])
      .where('date', '=', dateAhead(45))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ source_channel: 'staff', slot: '15:00' });
    await expectAccessible(page, '05-lead-held');
  });
});
