// SMTP delivery from the outbox: confirmations, reminders, concurrent relays and retries.
import { eventDurationMinutes, formatCents } from '@teppan/core';
import ICAL from 'ical.js';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { confirmationDedupeKey } from './booking-confirmation.ts';
import { SmtpTransport } from './email-transport.ts';
import { MailRelay } from './mail-relay.service.ts';
import {
  FROM,
  STAFF_EMAIL,
  silent,
  smtp,
  t,
  confirmedBooking,
  confirmationContext,
  parseAll,
  addresses,
  bySubject,
  useTestApp,
} from './mail-relay.test-helper.ts';

useTestApp();

describe('SMTP delivery from the outbox', () => {
  it('delivers the confirmation with its .ics and the staff alert, once each', async () => {
    const booking = await confirmedBooking(t, { days: 40, allergens: ['peanuts'] });
    // Choosing Zelle recorded "booking received"; confirming the deposit recorded the
    // confirmation, the staff alert and the deposit's receipt.
    const { row, host, settings } = await confirmationContext(t, booking.id);

    expect(t.container.notifications.deliveryLabel).toBe('smtp');
    const result = await t.container.notifications.relayOnce(50);
    expect(result).toMatchObject({ mode: 'smtp', sent: 4, retrying: 0, failed: 0 });
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
