// "I've sent it": the staff-confirmation deadline.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  HOUR,
  STAFF_ALERTS,
  t,
  stationId,
  admin,
  type Booking,
  unpaidBooking,
  reportSent,
  plannedDeadline,
  passDeadline,
  bookingRow,
  paymentsOf,
  outboxOf,
  eventsOf,
  auditOf,
  confirmDeposit,
  useTestApp,
} from './deposit-deadlines.test-helper.ts';

useTestApp();

describe("I've sent it", () => {
  it('moves the deadline to the staff-confirmation deadline, alerts staff and shows it in the admin panel', async () => {
    const booking = await unpaidBooking();
    const deposit = booking.payments[0]!;
    const res = await reportSent(booking, {
      reference: `  ${deposit.reference}  `,
      method: 'venmo',
    });
    expect(res.statusCode).toBe(200);
    const confirmBy = new Date(booking.signedAt.getTime() + 24 * HOUR).toISOString();
    expect(res.json<Booking>().status).toBe('pending_deposit');
    expect(res.json<Booking>().depositDue).toMatchObject({
      stage: 'awaiting_confirmation',
      deadline: confirmBy,
      reported: { reference: deposit.reference, method: 'venmo' },
    });
    // The manage view says the same.
    const view = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}`,
      headers: { 'x-booking-token': booking.manageToken },
    });
    expect(view.json<Booking>().depositDue?.deadline).toBe(confirmBy);

    // The job moved with the deadline; no more payment nudges.
    expect((await plannedDeadline(booking.id)).due_at.toISOString()).toBe(confirmBy);
    const nudges = await t.database.db
      .selectFrom('core.scheduled_messages')
      .select('kind')
      .where('booking_id', '=', booking.id)
      .where('status', '=', 'planned')
      .where('kind', 'in', ['booking.deposit_nudge', 'booking.deposit_warning'])
      .execute();
    expect(nudges).toEqual([]);

    // Staff are alerted by email, with the reference and the confirmation deadline.
    const alerts = (await outboxOf(booking.id)).filter(
      (m) => m.template === 'booking.deposit_reported',
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.recipient).toBe(STAFF_ALERTS);
    expect(alerts[0]?.subject).toBe(
      `Deposit to confirm: ${booking.number}, reference ${deposit.reference}`,
    );
    expect(alerts[0]?.body).toContain('Venmo');
    expect(alerts[0]?.body).toContain(`/admin/bookings/${booking.id}`);
    expect(alerts[0]?.body).toMatch(/Confirm it by [A-Z][a-z]{2}, /);

    // Timeline event and audit entry.
    const reported = (await eventsOf(booking.id)).filter((e) => e.type === 'deposit_reported');
    expect(reported).toMatchObject([
      { actor: 'customer', data: { reference: deposit.reference, method: 'venmo', confirmBy } },
    ]);
    expect((await auditOf(booking.id)).map((a) => a.action)).toContain('booking.deposit_report');

    // The admin panel: the booking detail and the dashboard's deposits due.
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/bookings/${booking.id}`,
      headers: { cookie: admin.cookie },
    });
    expect(detail.statusCode).toBe(200);
    expect(detail.json<Booking>().depositDue).toMatchObject({
      stage: 'awaiting_confirmation',
      deadline: confirmBy,
      reported: { reference: deposit.reference },
    });
    const dashboard = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/dashboard?stationId=${stationId}`,
      headers: { cookie: admin.cookie },
    });
    expect(dashboard.statusCode).toBe(200);
    const due = dashboard.json<{
      depositsDue: {
        bookings: {
          reportedCount: number;
          items: { id: string; deadline: string; reported: { reference: string } | null }[];
        };
      };
    }>().depositsDue.bookings;
    expect(due.reportedCount).toBeGreaterThanOrEqual(1);
    expect(due.items.find((i) => i.id === booking.id)).toMatchObject({
      deadline: confirmBy,
      reported: { reference: deposit.reference },
    });
  });

  it('at the staff-confirmation deadline an unconfirmed booking is cancelled; the old deposit deadline does nothing', async () => {
    const booking = await unpaidBooking();
    const first = await plannedDeadline(booking.id);
    expect((await reportSent(booking, { reference: 'Zelle conf 8XK2P9' })).statusCode).toBe(200);
    const second = await plannedDeadline(booking.id);
    expect(second.id).not.toBe(first.id);
    // The deposit deadline passes: the customer said they paid, so nothing happens.
    await sql`update core.scheduled_messages set due_at = clock_timestamp() - interval '1 second'
               where id = ${first.id}`.execute(t.database.db);
    expect(await t.container.scheduledMessages.process(first.id)).toBe('already_processed');
    expect(await t.container.scheduledMessages.process(second.id)).toBe('not_due');
    expect((await bookingRow(booking.id)).status).toBe('pending_deposit');

    await passDeadline(booking.id);
    expect(await t.container.scheduledMessages.process(second.id)).toBe('cancelled');
    const row = await bookingRow(booking.id);
    expect(row.status).toBe('cancelled');
    expect(row.cancellation_reason).toMatch(/^Deposit not confirmed by .+Zelle conf 8XK2P9/);
    const mail = (await outboxOf(booking.id)).filter(
      (m) => m.template === 'booking.deposit_deadline',
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe(
      `Booking ${booking.number} cancelled: we could not confirm your deposit`,
    );
    expect(mail[0]?.body).toContain('we will refund it or book you again');
    expect((await eventsOf(booking.id)).filter((e) => e.type === 'cancelled')).toMatchObject([
      { actor: 'system', data: { cause: 'confirmation_deadline' } },
    ]);
  });

  it('staff confirming in time makes the booking confirmed and the job does nothing', async () => {
    const booking = await unpaidBooking();
    expect(
      (await reportSent(booking, { reference: booking.payments[0]!.reference })).statusCode,
    ).toBe(200);
    const job = await plannedDeadline(booking.id);
    const confirmed = await confirmDeposit(booking.payments[0]!.id);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json<Booking>().status).toBe('confirmed');
    expect(confirmed.json<Booking>().depositDue).toBeNull();
    // Even woken after the deadline, the job finds nothing to do.
    await sql`update core.scheduled_messages set due_at = clock_timestamp() - interval '1 second'
               where id = ${job.id}`.execute(t.database.db);
    expect(['already_processed', 'skipped']).toContain(
      await t.container.scheduledMessages.process(job.id),
    );
    expect((await bookingRow(booking.id)).status).toBe('confirmed');
    expect(await paymentsOf(booking.id)).toEqual([
      { kind: 'deposit', status: 'succeeded', amount_cents: 10_000 },
    ]);
    expect((await outboxOf(booking.id)).map((m) => m.template)).not.toContain(
      'booking.deposit_deadline',
    );
  });

  it('refuses it after the deposit deadline, and on a cancelled booking', async () => {
    const booking = await unpaidBooking();
    await passDeadline(booking.id);
    const late = await reportSent(booking, { reference: booking.payments[0]!.reference });
    expect(late.statusCode).toBe(409);
    const lateError = late.json<{ error: { code: string; message: string } }>().error;
    expect(lateError.code).toBe('DEPOSIT_DEADLINE_PASSED');
    expect(lateError.message).toMatch(/^The deposit was due by .+ call us at/);
    const row = await bookingRow(booking.id);
    expect(row.deposit_reported_at).toBeNull();
    expect((await outboxOf(booking.id)).map((m) => m.template)).not.toContain(
      'booking.deposit_reported',
    );
    // The job runs: now the booking is cancelled and says so.
    expect(
      await t.container.scheduledMessages.process((await plannedDeadline(booking.id)).id),
    ).toBe('cancelled');
    const after = await reportSent(booking, { reference: booking.payments[0]!.reference });
    expect(after.statusCode).toBe(409);
    const afterError = after.json<{ error: { code: string; message: string } }>().error;
    expect(afterError.code).toBe('DEPOSIT_REPORT_NOT_ALLOWED');
    expect(afterError.message).toContain('This booking is cancelled (Deposit not received by');
  });

  it('validates the reference and the token, repeats nothing and lets the customer correct it', async () => {
    const booking = await unpaidBooking();
    const reference = booking.payments[0]!.reference;
    const empty = await reportSent(booking, { reference: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(
      empty.json<{ error: { code: string; details: { issues: { message: string }[] } } }>().error
        .details.issues[0]?.message,
    ).toMatch(/Enter the reference or note you sent/);
    const foreign = await reportSent(booking, { reference: 'DEP-TP-999999' });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json<{ error: { code: string; message: string } }>().error).toEqual(
      expect.objectContaining({
        code: 'DEPOSIT_REFERENCE_MISMATCH',
        message: `DEP-TP-999999 is not this booking's reference; the reference of booking ${booking.number} is ${reference}.`,
      }),
    );
    expect((await reportSent(booking, { reference }, null)).statusCode).toBe(401);
    expect((await reportSent(booking, { reference }, 'not-the-token')).statusCode).toBe(403);
    expect((await reportSent(booking, { reference, method: 'paypal' })).statusCode).toBe(400);
    expect((await bookingRow(booking.id)).deposit_reported_at).toBeNull();

    const once = await reportSent(booking, { reference });
    const twice = await reportSent(booking, { reference });
    expect([once.statusCode, twice.statusCode]).toEqual([200, 200]);
    const deadline = once.json<Booking>().depositDue?.deadline;
    const corrected = await reportSent(booking, {
      reference: 'Venmo note: party deposit',
      method: 'venmo',
    });
    expect(corrected.statusCode).toBe(200);
    // A correction keeps the deadline: saying it again buys no time.
    expect(corrected.json<Booking>().depositDue).toMatchObject({
      deadline,
      reported: { reference: 'Venmo note: party deposit', method: 'venmo' },
    });
    expect((await eventsOf(booking.id)).filter((e) => e.type === 'deposit_reported')).toHaveLength(
      2,
    );
    expect(
      (await outboxOf(booking.id)).filter((m) => m.template === 'booking.deposit_reported'),
    ).toHaveLength(2);

    // Nothing to say once the deposit is confirmed.
    expect((await confirmDeposit(booking.payments[0]!.id)).statusCode).toBe(200);
    const paid = await reportSent(booking, { reference });
    expect(paid.statusCode).toBe(409);
    expect(paid.json<{ error: { code: string } }>().error.code).toBe('DEPOSIT_REPORT_NOT_ALLOWED');
  });
});
