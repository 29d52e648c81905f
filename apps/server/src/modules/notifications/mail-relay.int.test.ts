import { eventDurationMinutes, formatCents } from '@teppan/core';
import ICAL from 'ical.js';
import { sql } from 'kysely';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STAFF_KEY, type TestApp } from '../../test/harness.ts';
import { customer, dateAhead, newStation, quoteBody } from '../../test/factories.ts';
import { newStaff, signIn } from '../staff/staff.test-helper.ts';
import { BookingsRepository } from '../bookings/bookings.repository.ts';
import { CustomersRepository } from '../customers/customers.repository.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { confirmationDedupeKey } from './booking-confirmation.ts';
import { OFFLINE_DELIVERY_LABEL, SmtpTransport } from './email-transport.ts';
import { MailRelay } from './mail-relay.service.ts';
import { startTestSmtpServer, type TestSmtpServer } from './smtp-server.test-helper.ts';

const FROM = 'Teppan Hibachi <bookings@teppan.test>';
const STAFF_EMAIL = 'staff-alerts@teppan.test';
const signBody = {
  signerName: 'Pat Host',
  acceptTerms: true,
  acceptLiabilityWaiver: true,
  acceptAllergenDisclosure: true,
};
const silent = pino({ level: 'silent' });

let smtp: TestSmtpServer;
let t: TestApp;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({
    env: { SMTP_URL: smtp.url, MAIL_FROM: FROM, STAFF_ALERT_EMAIL: STAFF_EMAIL },
  });
  await newStation(t.database.db, { chefs: 2 });
});
afterAll(async () => {
  t.container.notifications.close();
  await t.close();
  await smtp.close();
});

async function confirmedBooking(app: TestApp, options: { days: number; allergens?: string[] }) {
  const quote = await app.app.inject({
    method: 'POST',
    url: '/api/v1/quotes',
    payload: quoteBody(),
  });
  const hold = await app.app.inject({
    method: 'POST',
    url: '/api/v1/holds',
    payload: {
      quoteId: quote.json<{ id: string }>().id,
      date: dateAhead(options.days),
      slot: '18:00',
      customer: customer(),
    },
  });
  const holdId = hold.json<{ id: string }>().id;
  await app.app.inject({ method: 'POST', url: `/api/v1/holds/${holdId}/sign`, payload: signBody });
  let booking = (
    await app.app.inject({ method: 'POST', url: `/api/v1/holds/${holdId}/deposit`, payload: {} })
  ).json<{ id: string; version: number; manageToken: string; payments: { id: string }[] }>();
  if (options.allergens) {
    const patched = await app.app.inject({
      method: 'PATCH',
      url: `/api/v1/bookings/${booking.id}`,
      headers: { 'x-booking-token': booking.manageToken },
      payload: { version: booking.version, allergens: options.allergens },
    });
    booking = { ...booking, ...patched.json<{ version: number }>() };
  }
  await app.app.inject({
    method: 'POST',
    url: `/api/v1/payments/${booking.payments[0]?.id}/confirm`,
    headers: { authorization: `Bearer ${STAFF_KEY}` },
  });
  return booking;
}

/** The booking, host and settings behind a confirmation that confirm-deposit recorded. */
async function confirmationContext(app: TestApp, bookingId: string) {
  const bookings = new BookingsRepository(app.database.db);
  const row = await bookings.findBooking(bookingId);
  if (!row) throw new Error('booking missing');
  const host = await new CustomersRepository(app.database.db, app.container.fieldCrypto).find(
    row.customer_id,
  );
  if (!host) throw new Error('customer missing');
  const { settings } = await app.container.settings.getForStation(row.station_id);
  return { row, host, settings };
}

const parseAll = (raw: readonly string[]) => Promise.all(raw.map((m) => simpleParser(m)));
const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) =>
    a.value.map((v) => v.address),
  );
const bySubject = (mails: ParsedMail[], pattern: RegExp) => {
  const found = mails.filter((m) => pattern.test(m.subject ?? ''));
  expect(found).toHaveLength(1);
  return found[0] as ParsedMail;
};

describe('SMTP delivery from the outbox', () => {
  it('delivers the confirmation with its .ics and the staff alert, once each', async () => {
    const booking = await confirmedBooking(t, { days: 40, allergens: ['peanuts'] });
    // Confirming the deposit recorded the confirmation and the staff alert.
    const { row, host, settings } = await confirmationContext(t, booking.id);

    expect(t.container.notifications.deliveryLabel).toBe('smtp');
    const result = await t.container.notifications.relayOnce(50);
    expect(result).toMatchObject({ mode: 'smtp', sent: 2, retrying: 0, failed: 0 });
    expect((await t.container.notifications.relayOnce(50)).sent).toBe(0);

    const mails = await parseAll(smtp.messages);
    const confirmation = bySubject(mails, new RegExp(`^Booking confirmed: ${row.number}`));
    expect(confirmation.from?.value[0]?.address).toBe('bookings@teppan.test');
    expect(addresses(confirmation.to)).toEqual([host.email]);
    const total = formatCents(row.total_cents);
    expect(confirmation.text).toContain(`Total: ${total}`);
    expect(confirmation.html).toContain(total);
    expect(confirmation.html).toMatch(/<html[^>]*lang="en"/);
    // The emailed manage link carries its own working token.
    const link = new RegExp(`${t.config.publicBaseUrl}/manage/${row.id}\\?token=([\\w-]+)`).exec(
      confirmation.text ?? '',
    );
    expect(link).not.toBeNull();
    const viaLink = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${row.id}?token=${link?.[1] ?? ''}`,
    });
    expect(viaLink.statusCode).toBe(200);
    expect(confirmation.messageId).toMatch(/^<outbox-\d+@teppan\.test>$/);

    const ics = confirmation.attachments.find((a) => a.filename === `${row.number}.ics`);
    expect(ics?.contentType).toBe('text/calendar');
    const calendar = new ICAL.Component(
      ICAL.parse(ics?.content.toString('utf8') ?? '') as unknown[],
    );
    for (const zone of calendar.getAllSubcomponents('vtimezone'))
      ICAL.TimezoneService.register(zone);
    const vevent = calendar.getFirstSubcomponent('vevent');
    if (!vevent) throw new Error('no VEVENT');
    const event = new ICAL.Event(vevent);
    expect(vevent.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('America/Los_Angeles');
    expect(vevent.getFirstProperty('dtend')?.getParameter('tzid')).toBe('America/Los_Angeles');
    expect(event.startDate.toString()).toBe(`${row.date}T18:00:00`);
    expect(event.startDate.toJSDate().getTime()).toBe(row.event_starts_at.getTime());
    const minutes = eventDurationMinutes({
      guests: row.adults + row.children + row.toddlers,
      settings: settings.eventDuration,
    });
    expect(event.endDate.toJSDate().getTime()).toBe(
      row.event_starts_at.getTime() + minutes * 60_000,
    );
    expect(event.summary).toBe(`Hibachi party — ${row.number}`);

    const alert = bySubject(mails, new RegExp(`^New booking ${row.number}`));
    expect(addresses(alert.to)).toEqual([STAFF_EMAIL]);
    expect(alert.text).toContain(host.email);
    expect(alert.text).toContain('Allergens: peanuts');

    const stored = await t.database.db
      .selectFrom('marketing.outbox')
      .select(['status', 'provider', 'attempts', 'sent_at'])
      .where('dedupe_key', '=', confirmationDedupeKey(row.id))
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'sent', provider: 'smtp', attempts: 1 });
    expect(stored.sent_at).toBeInstanceOf(Date);
  });

  it('the scheduled 24 h reminder goes out with the allergen recap in both parts', async () => {
    const booking = await confirmedBooking(t, {
      days: 41,
      allergens: ['shellfish (guest 3)', 'sesame'],
    });
    const planned = await t.database.db
      .selectFrom('core.scheduled_messages')
      .select('id')
      .where('booking_id', '=', booking.id)
      .where('kind', '=', 'booking.reminder_24h')
      .where('status', '=', 'planned')
      .executeTakeFirstOrThrow();
    await sql`update core.scheduled_messages set due_at = now() where id = ${planned.id}`.execute(
      t.database.db,
    );
    await t.container.notifications.relayOnce(50); // the confirmation and staff alert
    expect(await t.container.scheduledMessages.process(planned.id)).toBe('sent');
    const before = smtp.messages.length;
    expect((await t.container.notifications.relayOnce(50)).sent).toBe(1);
    const [mail] = await parseAll(smtp.messages.slice(before));
    expect(mail?.subject).toMatch(/^Tomorrow: your hibachi party/);
    expect(mail?.text).toContain('Allergens on file: shellfish (guest 3), sesame');
    expect(mail?.html).toContain('shellfish (guest 3)');
    expect(mail?.html).toContain('sesame');
  });

  it('two relays running at once deliver every message exactly once', async () => {
    const outbox = new OutboxRepository(t.database.db, t.container.fieldCrypto);
    const tag = `race-${Date.now()}`;
    for (let i = 0; i < 24; i += 1)
      await outbox.record({
        channel: 'email',
        recipient: `race${i}@example.com`,
        subject: `${tag} #${i}`,
        body: `message ${i}`,
        html: `<p>message ${i}</p>`,
        template: 'test.race',
        dedupeKey: `${tag}:${i}`,
      });
    const relays = [0, 1].map(
      () =>
        new MailRelay(t.database.db, {
          transport: new SmtpTransport(smtp.url),
          fieldCrypto: t.container.fieldCrypto,
          from: FROM,
          logger: silent,
        }),
    );
    const results = await Promise.all(relays.map((relay) => relay.relayOnce(50)));
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(24);
    const subjects = (await parseAll(smtp.messages))
      .map((m) => m.subject ?? '')
      .filter((s) => s.startsWith(tag));
    expect(subjects).toHaveLength(24);
    expect(new Set(subjects).size).toBe(24);
  });

  it('a refusing server gets retries with backoff, then the row is failed with the error', async () => {
    const outbox = new OutboxRepository(t.database.db, t.container.fieldCrypto);
    const key = `refused-${Date.now()}`;
    await outbox.record({
      channel: 'email',
      recipient: 'nobody@example.com',
      subject: 'refused',
      body: 'refused',
      template: 'test.refused',
      dedupeKey: key,
    });
    const read = () =>
      t.database.db
        .selectFrom('marketing.outbox')
        .select([
          'status',
          'attempts',
          'last_error',
          sql<number>`extract(epoch from next_attempt_at - now())`.as('wait_seconds'),
        ])
        .where('dedupe_key', '=', key)
        .executeTakeFirstOrThrow();
    smtp.isRejecting = true;
    try {
      const relay = (options: { baseDelaySeconds: number }) =>
        new MailRelay(t.database.db, {
          transport: new SmtpTransport(smtp.url),
          fieldCrypto: t.container.fieldCrypto,
          from: FROM,
          logger: silent,
          maxAttempts: 3,
          ...options,
        });
      const backingOff = relay({ baseDelaySeconds: 60 });
      expect(await backingOff.relayOnce(10)).toMatchObject({ sent: 0, retrying: 1, failed: 0 });
      const first = await read();
      expect(first).toMatchObject({ status: 'recorded', attempts: 1 });
      expect(first.last_error).toMatch(/550/);
      expect(Number(first.wait_seconds)).toBeGreaterThan(55);
      // Not due yet: the next run leaves it alone.
      expect(await backingOff.relayOnce(10)).toMatchObject({ retrying: 0, failed: 0 });
      expect(backingOff.retryDelaySeconds(2)).toBe(120);
      expect(backingOff.retryDelaySeconds(3)).toBe(240);
      expect(backingOff.retryDelaySeconds(20)).toBe(3600);

      const immediate = relay({ baseDelaySeconds: 0 });
      await sql`update marketing.outbox set next_attempt_at = now() where dedupe_key = ${key}`.execute(
        t.database.db,
      );
      expect(await immediate.relayOnce(1)).toMatchObject({ retrying: 1 });
      expect(await immediate.relayOnce(1)).toMatchObject({ failed: 1 });
      const last = await read();
      expect(last).toMatchObject({ status: 'failed', attempts: 3 });
      expect(last.last_error).toMatch(/550/);
      expect(await immediate.relayOnce(10)).toMatchObject({ sent: 0, retrying: 0, failed: 0 });
    } finally {
      smtp.isRejecting = false;
    }
  });
});

/** Every outbox row as text, all columns: where a token could hide after sending. */
async function outboxAsText(app: TestApp): Promise<string> {
  const { rows } = await sql<{
    row: string;
  }>`select o::text as row from marketing.outbox o`.execute(app.database.db);
  return rows.map((r) => r.row).join('\n');
}

const tokenIn = (text: string | undefined) => /[?&]token=([\w%-]+)/.exec(text ?? '')?.[1] ?? '';

describe('a slow mail server', () => {
  it('is waited for with no transaction or row lock held, and the message is sent once', async () => {
    // Idle-in-transaction shorter than the server's pause: a relay that kept its claim's
    // transaction open across the SMTP exchange would lose its connection mid-send.
    const slow = await startTestSmtpServer();
    slow.acceptDelayMs = 1500;
    const app = await createTestApp({
      env: { SMTP_URL: slow.url, MAIL_FROM: FROM, DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '500' },
    });
    try {
      await new OutboxRepository(app.container.db, app.container.fieldCrypto).record({
        channel: 'email',
        recipient: 'slow.lane@example.com',
        subject: 'Slow lane',
        body: 'Hello from a slow mail server.',
        template: 'booking.deposit_nudge',
        data: {},
        dedupeKey: 'slow-mail-server',
      });
      const relaying = app.container.notifications.relayOnce(10);
      await new Promise((resolve) => setTimeout(resolve, 700));
      // Mid-send: the row is free to lock, and no app connection sits in a transaction.
      const row = await app.database.db
        .transaction()
        .execute((trx) =>
          trx
            .selectFrom('marketing.outbox')
            .select(['id', 'status'])
            .where('dedupe_key', '=', 'slow-mail-server')
            .forUpdate()
            .noWait()
            .executeTakeFirstOrThrow(),
        );
      expect(row.status).toBe('recorded');
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
         where datname = current_database() and state like 'idle in transaction%'`.execute(
        app.database.db,
      );
      expect(rows[0]?.n).toBe(0);
      expect(slow.messages).toHaveLength(0);
      expect(await relaying).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
      expect(slow.messages).toHaveLength(1);
      // A second relay finds nothing due: marked sent, not left to the lease.
      expect((await app.container.notifications.relayOnce(10)).sent).toBe(0);
      const after = await app.database.db
        .selectFrom('marketing.outbox')
        .select(['status', 'attempts'])
        .where('dedupe_key', '=', 'slow-mail-server')
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ status: 'sent', attempts: 1 });
    } finally {
      app.container.notifications.close();
      await app.close();
      await slow.close();
    }
  });
});

describe('secrets in sent messages (ADR 0016)', () => {
  it('the manage link arrives whole and working; afterwards no outbox row holds its token', async () => {
    const booking = await confirmedBooking(t, { days: 43 });
    const before = smtp.messages.length;
    expect((await t.container.notifications.relayOnce(50)).sent).toBeGreaterThanOrEqual(2);
    const mails = await parseAll(smtp.messages.slice(before));
    const confirmation = mails.find((m) => /^Booking confirmed/.test(m.subject ?? ''));
    const token = tokenIn(confirmation?.text);
    expect(token.length).toBeGreaterThan(20);
    expect(confirmation?.html).toContain(`token=${token}`);
    const ics = confirmation?.attachments.find((a) => a.filename?.endsWith('.ics'));
    expect((ics?.content.toString('utf8') ?? '').replace(/\r\n[ \t]/g, '')).toContain(token);
    const opened = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}?token=${token}`,
    });
    expect(opened.statusCode).toBe(200);
    // The staff alert quoted the host's contact details: delivered, not kept.
    const alert = mails.find((m) => /^New booking/.test(m.subject ?? ''));
    const { host } = await confirmationContext(t, booking.id);
    expect(alert?.text).toContain(host.email);

    const stored = await outboxAsText(t);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(host.email);
    const rows = await t.database.db
      .selectFrom('marketing.outbox')
      .select(['status', 'sealed', 'body'])
      .where('booking_id', '=', booking.id)
      .execute();
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'sent', sealed: null });
      expect(row.body).toContain('[removed]');
    }
    const dev = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dev/outbox?bookingId=${booking.id}`,
    });
    for (const m of dev.json<{ messages: { secret: string; secretNote: string }[] }>().messages) {
      expect(m.secret).toBe('removed');
      expect(m.secretNote).toMatch(/^Sent/);
    }
  });

  it('reset and invitation links arrive by SMTP, work, and leave no usable token behind', async () => {
    const { stationId } = await newStation(t.database.db, { code: 'CA-MAIL', chefs: 0 });
    const admin = await newStaff(t.database.db, {
      role: 'super_admin',
      stationIds: [stationId],
      totp: true,
    });
    const session = await signIn(t.app, admin);
    const before = smtp.messages.length;
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/request',
      payload: { email: admin.email },
    });
    expect(reset.statusCode).toBe(202);
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/invitations',
      headers: session.headers,
      payload: {
        email: 'mailed.chef@teppan.test',
        name: 'Mailed Chef',
        role: 'chef',
        stationIds: [stationId],
      },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    expect((await t.container.notifications.relayOnce(50)).sent).toBe(2);

    const mails = await parseAll(smtp.messages.slice(before));
    const resetToken = decodeURIComponent(
      tokenIn(bySubject(mails, /Reset your Teppan password/).text),
    );
    const inviteToken = decodeURIComponent(tokenIn(bySubject(mails, /invited to Teppan/).text));
    const stored = await outboxAsText(t);
    for (const token of [resetToken, inviteToken]) {
      expect(token.length).toBeGreaterThan(20);
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(encodeURIComponent(token));
    }
    // The links still work: the database kept only their hashes and the sealed copy, now gone.
    const confirmed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/auth/password-reset/confirm',
      payload: { token: resetToken, newPassword: 'a new mailed passphrase' },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(204);
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/invitations/accept',
      payload: { token: inviteToken, password: 'a long chef passphrase' },
    });
    expect(accepted.statusCode, accepted.body).toBe(201);
  });

  it('a link that expires unsent is removed and never mailed without it', async () => {
    const outbox = new OutboxRepository(t.database.db, t.container.fieldCrypto);
    const secret = 'expired-token-0123456789abcdef';
    const key = `expired-${Date.now()}`;
    await outbox.record({
      channel: 'email',
      recipient: 'late@example.com',
      subject: 'Too late',
      body: `Reset: https://teppan.test/admin/reset-password?token=${secret}`,
      template: 'test.expired',
      dedupeKey: key,
      secrets: { values: [secret], expiresAt: new Date(Date.now() - 1000) },
    });
    const before = smtp.messages.length;
    expect(await t.container.notifications.relayOnce(50)).toMatchObject({ sent: 0, failed: 1 });
    expect(smtp.messages.length).toBe(before);
    const row = await t.database.db
      .selectFrom('marketing.outbox')
      .select(['status', 'sealed', 'last_error', 'body'])
      .where('dedupe_key', '=', key)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', sealed: null });
    expect(row.last_error).toMatch(/expired/);
    expect(await outboxAsText(t)).not.toContain(secret);
  });

  it('refuses to store a link token nobody declared secret', async () => {
    const outbox = new OutboxRepository(t.database.db, t.container.fieldCrypto);
    await expect(
      outbox.record({
        channel: 'email',
        recipient: 'someone@example.com',
        subject: 'Oops',
        body: 'https://teppan.test/manage/1?token=abcdefghijklmnop',
        template: 'test.undeclared',
        dedupeKey: `undeclared-${Date.now()}`,
      }),
    ).rejects.toThrow(/link token would be stored readable/);
  });
});

describe('offline default (no SMTP_URL)', () => {
  let offline: TestApp;
  beforeAll(async () => {
    offline = await createTestApp();
    await newStation(offline.database.db, { chefs: 2 });
  });
  afterAll(async () => offline.close());

  it('keeps every email in the outbox as recorded, labelled as not delivered', async () => {
    const booking = await confirmedBooking(offline, { days: 42 });
    expect(offline.container.notifications.deliveryLabel).toBe(OFFLINE_DELIVERY_LABEL);
    expect(await offline.container.notifications.relayOnce(50)).toEqual({
      mode: 'offline',
      sent: 0,
      retrying: 0,
      failed: 0,
    });
    const rows = await offline.database.db
      .selectFrom('marketing.outbox')
      .select(['template', 'status', 'html', 'attachments'])
      .where('booking_id', '=', booking.id)
      .execute();
    const confirmation = rows.find((r) => r.template === 'booking.confirmation');
    expect(confirmation?.status).toBe('recorded');
    expect(confirmation?.html).toContain('<html');
    expect(JSON.stringify(confirmation?.attachments)).toContain('BEGIN:VCALENDAR');
    // No STAFF_ALERT_EMAIL configured → no alert row.
    expect(rows.some((r) => r.template === 'booking.staff_alert')).toBe(false);
    expect(rows.every((r) => r.status === 'recorded')).toBe(true);
  });

  it('shows a developer the unsent link, which opens the booking, until it expires', async () => {
    const booking = await confirmedBooking(offline, { days: 44 });
    const read = async () =>
      (
        await offline.app.inject({
          method: 'GET',
          url: `/api/v1/dev/outbox?bookingId=${booking.id}`,
        })
      )
        .json<{
          messages: { template: string; body: string; secret: string; secretNote: string }[];
        }>()
        .messages.find((m) => m.template === 'booking.confirmation');
    const unsent = await read();
    expect(unsent?.secret).toBe('sealed');
    const token = tokenIn(unsent?.body);
    const opened = await offline.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}?token=${token}`,
    });
    expect(opened.statusCode).toBe(200);
    expect(await outboxAsText(offline)).not.toContain(token);

    // Past its expiry (the day after the event) the sealed copy goes, offline too.
    await sql`update marketing.outbox set secrets_expire_at = now() - interval '1 second'
      where booking_id = ${booking.id}`.execute(offline.database.db);
    await offline.container.notifications.relayOnce(50);
    const expired = await read();
    expect(expired?.secret).toBe('removed');
    expect(expired?.body).toContain('token=[removed]');
    expect(expired?.secretNote).toMatch(/expired unsent/);
    const sealed = await offline.database.db
      .selectFrom('marketing.outbox')
      .select('sealed')
      .where('booking_id', '=', booking.id)
      .execute();
    expect(sealed.every((r) => r.sealed === null)).toBe(true);
  });
});
