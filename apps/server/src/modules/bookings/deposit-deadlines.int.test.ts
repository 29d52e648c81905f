// An unpaid offline deposit has a deadline (SPEC §4, issue F5 point 2).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { dateAhead } from '../../test/factories.ts';
import {
  HOUR,
  t,
  type Booking,
  unpaidBooking,
  reportSent,
  plannedDeadline,
  plannedMessage,
  passDeadline,
  bookingRow,
  paymentsOf,
  outboxOf,
  eventsOf,
  auditOf,
  tryHold,
  useTestApp,
} from './deposit-deadlines.test-helper.ts';

useTestApp();

describe('an unpaid offline deposit has a deadline', () => {
  it('keeps the deposit deadline on the booking, names it in the instructions and plans its job', async () => {
    const booking = await unpaidBooking();
    expect(booking.status).toBe('pending_deposit');
    expect(booking.depositDue).toEqual({
      stage: 'awaiting_payment',
      deadline: booking.depositDeadline.toISOString(),
      reported: null,
      canReport: true,
    });
    expect(booking.depositDeadline.getTime() - booking.signedAt.getTime()).toBe(4 * HOUR);
    expect(booking.payments[0]?.instructions).toMatch(/by .+ with the reference DEP-TP-\d+/);
    expect(booking.payments[0]?.instructions).toMatch(/then tell us you've sent it/);
    const job = await plannedDeadline(booking.id);
    expect(job.due_at.toISOString()).toBe(booking.depositDeadline.toISOString());
  });

  it('cancels a booking whose customer never said they paid at the deposit deadline, frees the slot and tells the customer', async () => {
    const date = dateAhead(90);
    const booking = await unpaidBooking({ date });
    await unpaidBooking({ date }); // the slot's second (last) place
    expect((await tryHold(date, '18:00')).json<{ error: { code: string } }>().error.code).toBe(
      'SLOT_FULL',
    );
    const job = await plannedDeadline(booking.id);
    // Before the deadline the job leaves the booking alone.
    expect(await t.container.scheduledMessages.process(job.id)).toBe('not_due');
    expect((await bookingRow(booking.id)).status).toBe('pending_deposit');

    await passDeadline(booking.id);
    expect(await t.container.scheduledMessages.process(job.id)).toBe('cancelled');
    // Woken again (a duplicate job, the sweeper): nothing happens twice.
    expect(await t.container.scheduledMessages.process(job.id)).toBe('already_processed');

    const row = await bookingRow(booking.id);
    expect(row.status).toBe('cancelled');
    expect(row.cancellation_reason).toMatch(/^Deposit not received by /);
    expect(await paymentsOf(booking.id)).toEqual([
      { kind: 'deposit', status: 'cancelled', amount_cents: 10_000 },
    ]);
    // The place is free again.
    expect((await tryHold(date, '18:00')).statusCode).toBe(201);
    // The customer is told, once.
    const mail = (await outboxOf(booking.id)).filter(
      (m) => m.template === 'booking.deposit_deadline',
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe(`Booking ${booking.number} cancelled: no deposit received`);
    expect(mail[0]?.body).toContain('/book/venue');
    // Timeline and audit log.
    const cancelled = (await eventsOf(booking.id)).filter((e) => e.type === 'cancelled');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]).toMatchObject({
      actor: 'system',
      data: { cause: 'deposit_deadline', refundCents: 0 },
    });
    expect((await auditOf(booking.id)).map((a) => [a.actor, a.action])).toContainEqual([
      'system',
      'booking.cancel',
    ]);
    // No planned message survives the cancellation.
    const planned = await t.database.db
      .selectFrom('core.scheduled_messages')
      .select('kind')
      .where('booking_id', '=', booking.id)
      .where('status', '=', 'planned')
      .execute();
    expect(planned).toEqual([]);
  });

  it('warns the customer before the deposit deadline with a link that opens the booking; not once they said it is sent', async () => {
    const warningOf = async (bookingId: string) => {
      const row = await plannedMessage(bookingId, 'booking.deposit_warning');
      await sql`update core.scheduled_messages set due_at = clock_timestamp() - interval '1 second'
                 where id = ${row.id}`.execute(t.database.db);
      return row;
    };
    const booking = await unpaidBooking();
    const warning = await warningOf(booking.id);
    expect(warning.due_at.getTime()).toBe(booking.depositDeadline.getTime() - HOUR);
    expect(await t.container.scheduledMessages.process(warning.id)).toBe('sent');
    const mail = (await outboxOf(booking.id)).filter(
      (m) => m.template === 'booking.deposit_warning',
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]?.body).toContain(booking.payments[0]!.reference);
    // The warning names whom to pay (issue F7), as the booking page does.
    expect(mail[0]?.body).toContain('by Zelle to Teppan Hibachi (demo) (payments@teppan.local)');
    const link = /(http\S+\/manage\/\S+)/.exec(mail[0]?.body ?? '')?.[1] ?? '';
    const url = new URL(link);
    expect(url.searchParams.get('token')).toBeTruthy();
    // The page's data behind that link answers (the manage page reads it with this token).
    const opened = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bookings/${booking.id}?token=${encodeURIComponent(url.searchParams.get('token') ?? '')}`,
    });
    expect(opened.statusCode).toBe(200);
    expect(opened.json<Booking>().depositDue?.canReport).toBe(true);

    const reported = await unpaidBooking();
    const warned = await plannedMessage(reported.id, 'booking.deposit_warning');
    expect((await reportSent(reported, { reference: 'Zelle 12' })).statusCode).toBe(200);
    expect(await t.container.scheduledMessages.process(warned.id)).toBe('already_processed');
    expect((await outboxOf(reported.id)).map((m) => m.template)).not.toContain(
      'booking.deposit_warning',
    );
  });

  it('the sweeper cancels an overdue unpaid booking whose wake-up was lost', async () => {
    const booking = await unpaidBooking();
    await passDeadline(booking.id);
    await sql`update core.scheduled_messages set due_at = clock_timestamp() - interval '1 minute'
               where booking_id = ${booking.id} and kind = 'booking.deposit_deadline'`.execute(
      t.database.db,
    );
    await t.container.scheduledMessages.sweepOverdue({ graceSeconds: 5, limit: 100 });
    expect((await bookingRow(booking.id)).status).toBe('cancelled');
  });
});
