// The offline default (no SMTP_URL).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';
import { OFFLINE_DELIVERY_LABEL } from './email-transport.ts';
import { confirmedBooking, outboxAsText, tokenIn } from './mail-relay.test-helper.ts';

// Its own app without SMTP; the shared app of the other mail-relay files is not needed.

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
