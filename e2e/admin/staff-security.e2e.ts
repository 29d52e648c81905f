import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStation } from '../../apps/server/src/test/factories.ts';
import { newStaff, type NewStaff } from '../../apps/server/src/modules/staff/staff.test-helper.ts';
import { openBrowser, type Browser } from '../customer/browser.ts';
import {
  DESKTOP,
  expectText,
  screenshots,
  signInThroughPanel,
  startPanelServer,
  type PanelServer,
} from './panel.ts';

// Staff safe defaults (issue F5) in Chromium: an invitation withdrawn from the staff screen
// and its link then explaining so; a newer reset link superseding an older one; API keys with
// scopes that die with their creator, and the keys screen saying why.
let backend: PanelServer;
let root: NewStaff;
let admin: NewStaff;
let browser: Browser;
let stationId = '';

const { shot, expectAccessible } = screenshots('admin-staff-security');

beforeAll(async () => {
  backend = await startPanelServer(async (database) => {
    stationId = (await newStation(database.db, { chefs: 1 })).stationId;
    root = await newStaff(database.db, { role: 'super_admin', stationIds: [stationId] });
    admin = await newStaff(database.db, { role: 'admin', stationIds: [stationId] });
  });
  browser = await openBrowser({ viewport: DESKTOP });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await backend?.stop();
});

/**
 * The bodies of the emails of `template` to `recipient`, oldest first, read as a developer
 * reads them: the dev outbox shows an unsent message with its link (the stored row keeps
 * the recipient encrypted and the token sealed, ADR 0016).
 */
async function emailsTo(recipient: string, template: string): Promise<string[]> {
  const response = await fetch(
    `${backend.url}/api/v1/dev/outbox?recipient=${encodeURIComponent(recipient)}&limit=200`,
  );
  expect(response.status).toBe(200);
  const { messages } = (await response.json()) as {
    messages: { template: string; body: string }[];
  };
  return messages
    .filter((m) => m.template === template)
    .map((m) => m.body)
    .reverse();
}

/** The link of the newest email of `template` to `recipient`, as the person would open it. */
async function linkFromOutbox(recipient: string, template: string): Promise<string> {
  const body = (await emailsTo(recipient, template)).at(-1) ?? '';
  const link = /https?:\/\/\S+token=[A-Za-z0-9_%-]+/.exec(body)?.[0];
  if (!link) throw new Error(`no link in the ${template} email`);
  // The server's PUBLIC_BASE_URL defaults to localhost:PORT; open it on this server.
  const url = new URL(link);
  return `${backend.url}${url.pathname}${url.search}`;
}

describe('staff security screens', () => {
  it('withdraws an invitation, and its link says so; a live one creates the account', async () => {
    const { page } = browser;
    await signInThroughPanel(page, backend.url, root, {
      waitFor: (p) => p.getByRole('link', { name: 'Staff', exact: true }),
    });
    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    await page.getByRole('heading', { name: 'Staff and roles' }).waitFor();
    const invite = async (email: string, name: string) => {
      const form = page.getByRole('form', { name: 'Invite a staff member' });
      await form.getByLabel('Email').fill(email);
      await form.getByLabel('Name').fill(name);
      await form.getByRole('button', { name: 'Send invitation' }).click();
      await expectText(form.getByRole('status'), new RegExp(`Invitation sent to ${email}`));
    };
    await invite('withdrawn@teppan.test', 'Wendy Withdrawn');
    await invite('welcome@teppan.test', 'Walt Welcome');
    const rows = page.getByTestId('invitation-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    await expectAccessible(page, '01-pending-invitations');

    await page
      .getByRole('button', { name: 'Withdraw the invitation to withdrawn@teppan.test' })
      .click();
    const dialog = page.getByRole('dialog', { name: /Withdraw the invitation/ });
    await expectText(dialog, /stops working at once/);
    await shot(page, '02-withdraw-confirm');
    await dialog.getByRole('button', { name: 'Withdraw invitation' }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    await expectText(
      page.getByText(/withdrawn; its link no longer works/),
      /withdrawn@teppan\.test/,
    );

    // The withdrawn link, opened as its recipient would.
    const invitee = await openBrowser({ viewport: DESKTOP });
    try {
      const { page: guest } = invitee;
      await guest.goto(await linkFromOutbox('withdrawn@teppan.test', 'staff.invitation'));
      await guest.getByLabel('New password', { exact: true }).fill('a long passphrase of mine');
      await guest.getByLabel('Repeat the password').fill('a long passphrase of mine');
      await guest.getByRole('button', { name: 'Create my account' }).click();
      await expectText(guest.getByRole('alert'), /This invitation was withdrawn/);
      await expectAccessible(guest, '03-withdrawn-link');

      // The other link works: the account exists and signs in (customer support, the form's
      // default role, needs no two-factor).
      await guest.goto(await linkFromOutbox('welcome@teppan.test', 'staff.invitation'));
      await guest.getByLabel('New password', { exact: true }).fill('a long passphrase of mine');
      await guest.getByLabel('Repeat the password').fill('a long passphrase of mine');
      await guest.getByRole('button', { name: 'Create my account' }).click();
      await expectText(guest.getByRole('status'), /Sign in as welcome@teppan\.test/);
      await guest.getByRole('link', { name: 'Go to sign-in' }).click();
      await guest.getByLabel('Email').fill('welcome@teppan.test');
      await guest.getByLabel('Password').fill('a long passphrase of mine');
      await guest.getByRole('button', { name: 'Sign in' }).click();
      await guest.getByTestId('signed-in-as').waitFor({ timeout: 15_000 });
    } finally {
      await invitee.close();
    }
  });

  it('only the newest reset link works, and an older one says why', async () => {
    const guest = await openBrowser({ viewport: DESKTOP });
    try {
      const { page } = guest;
      await page.goto(`${backend.url}/admin/sign-in`);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      for (let request = 0; request < 2; request += 1) {
        if (request > 0) await page.goto(`${backend.url}/admin/reset-password`);
        await page.getByLabel('Email').fill(admin.email);
        await page.getByRole('button', { name: 'Email me a reset link' }).click();
        await expectText(page.getByRole('status'), /only the newest link you asked for works/);
      }
      const bodies = await emailsTo(admin.email, 'staff.password_reset');
      expect(bodies).toHaveLength(2);
      const older = /https?:\/\/\S+token=[A-Za-z0-9_%-]+/.exec(bodies[0] ?? '')?.[0] ?? '';
      const olderUrl = new URL(older);
      await page.goto(`${backend.url}${olderUrl.pathname}${olderUrl.search}`);
      await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
      await page.getByLabel('Repeat the password').fill('a brand new passphrase');
      await page.getByRole('button', { name: 'Save the new password' }).click();
      await expectText(page.getByRole('alert'), /A newer password reset link was sent/);
      await expectAccessible(page, '04-superseded-reset-link');

      await page.goto(await linkFromOutbox(admin.email, 'staff.password_reset'));
      await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
      await page.getByLabel('Repeat the password').fill('a brand new passphrase');
      await page.getByRole('button', { name: 'Save the new password' }).click();
      await expectText(page.getByRole('status'), /Your new password works now/);
      admin.password = 'a brand new passphrase';
    } finally {
      await guest.close();
    }
  });

  it('creates a scoped API key, and shows it stopped once its creator is deactivated', async () => {
    const second = await openBrowser({ viewport: DESKTOP });
    try {
      const { page } = second;
      await signInThroughPanel(page, backend.url, admin, {
        waitFor: (p) => p.getByRole('link', { name: 'API keys', exact: true }),
      });
      await page.getByRole('link', { name: 'API keys', exact: true }).click();
      const form = page.getByRole('form', { name: 'Create an API key' });
      await form.getByLabel('Name', { exact: true }).fill('Front desk tablet');
      await form.getByRole('button', { name: 'Create key' }).click();
      await expectText(form.getByText(/Choose at least one thing the key may do/), /Choose/);
      await form.getByLabel(/Confirm offline deposits/).check();
      await form.getByRole('button', { name: 'Create key' }).click();
      await page.getByTestId('api-key-secret').waitFor();
      await expectAccessible(page, '05-scoped-key');
      await page.getByRole('button', { name: 'I have stored it' }).click();
    } finally {
      await second.close();
    }

    // The super admin deactivates that admin; the key stops with them, and says why.
    const { page } = browser;
    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    await page.getByRole('button', { name: 'Refresh staff' }).click();
    await page.getByRole('button', { name: `Deactivate ${admin.name}` }).click();
    const dialog = page.getByRole('dialog');
    await expectText(dialog, /revoke every API key it created/);
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(false);
    await page.getByRole('link', { name: 'API keys', exact: true }).click();
    await page.getByRole('button', { name: 'Refresh API keys' }).click();
    await expectText(
      page.getByTestId('api-key-state').first(),
      new RegExp(`^Revoked .*: ${admin.name} was deactivated$`),
    );
    await expectText(page.getByRole('table', { name: 'API keys' }), /Confirm offline deposits/);
    await expectAccessible(page, '06-key-of-deactivated-creator');
  });
});
