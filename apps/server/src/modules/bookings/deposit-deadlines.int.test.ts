import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STAFF_KEY, type TestApp } from '../../test/harness.ts';
import { customer, dateAhead, newStation, quoteBody, SIGN_BODY } from '../../test/factories.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';

// SPEC §4, issue F5 point 2: an unpaid booking can no longer hold its slot for good. The
// deposit deadline stays in force; "I've sent it" moves it to the staff-confirmation
// deadline and alerts staff; a durable job cancels what is unconfirmed when it passes.

const HOUR = 3_600_000;
const STAFF_ALERTS = 'alerts@teppan.test';
const staff = { authorization: `Bearer ${STAFF_KEY}` };

let t: TestApp;
let stationId: string;
let admin: SignedIn;

beforeAll(async () => {
  t = await createTestApp({ env: { STAFF_ALERT_EMAIL: STAFF_ALERTS } });
  ({ stationId } = await newStation(t.database.db, { chefs: 2 }));
  admin = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'admin', stationIds: [stationId], totp: true }),
  );
});
afterAll(async () => t.close());

interface Booking {
  id: string;
  number: string;
  status: string;
  manageToken: string;
  payments: {
    id: string;
    kind: string;
    status: string;
    reference: string;
    instructions?: string;
  }[];
  depositDue: {
    stage: string;
    deadline: string | null;
    reported: { reference: string; method: string } | null;
    canReport: boolean;
  } | null;
}

let nextDay = 30;

/** Quote, hold, signature and an offline deposit method, the way the wizard does it. */
async function unpaidBooking(options: { date?: string; slot?: string } = {}) {
  const date = options.date ?? dateAhead((nextDay += 1));
  const slot = options.slot ?? '18:00';
  const quote = await t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: quoteBody() });
  const hold = await t.app.inject({
    method: 'POST',
    url: '/api/v1/holds',
    payload: { quoteId: quote.json<{ id: string }>().id, date, slot, customer: customer() },
  });
  expect(hold.statusCode).toBe(201);
  const holdId = hold.json<{ id: string }>().id;
  const signed = await t.app.inject({
    method: 'POST',
    url: `/api/v1/holds/${holdId}/sign`,
    payload: SIGN_BODY,
  });
  expect(signed.statusCode).toBe(200);
  const deposit = await t.app.inject({
    method: 'POST',
    url: `/api/v1/holds/${holdId}/deposit`,
    payload: { method: 'zelle' },
  });
  expect(deposit.statusCode).toBe(201);
  const signedAt = new Date(
    (
      await t.database.db
        .selectFrom('core.holds')
        .select('signed_at')
        .where('id', '=', holdId)
        .executeTakeFirstOrThrow()
    ).signed_at!,
  );
  return {
    ...deposit.json<Booking>(),
    date,
    slot,
    holdId,
    signedAt,
    depositDeadline: new Date(signed.json<{ depositDeadline: string }>().depositDeadline),
  };
}

function reportSent(
  booking: { id: string; manageToken: string },
  body: Record<string, unknown>,
  token: string | null = booking.manageToken,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/bookings/${booking.id}/deposit-sent`,
    headers: token === null ? {} : { 'x-booking-token': token },
    payload: body,
  });
}

/** The planned deadline job of a booking (exactly one may be planned at a time). */
async function plannedDeadline(bookingId: string) {
  const rows = await t.database.db
    .selectFrom('core.scheduled_messages')
    .select(['id', 'due_at'])
    .where('booking_id', '=', bookingId)
    .where('kind', '=', 'booking.deposit_deadline')
    .where('status', '=', 'planned')
    .execute();
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/** Time passes: the booking's deadline (and its job's due time) is now behind us. */
async function passDeadline(bookingId: string) {
  await sql`update core.bookings set deposit_due_at = clock_timestamp() - interval '1 second'
             where id = ${bookingId}`.execute(t.database.db);
  await sql`update core.scheduled_messages set due_at = clock_timestamp() - interval '1 second'
             where booking_id = ${bookingId} and kind = 'booking.deposit_deadline'
               and status = 'planned'`.execute(t.database.db);
}

async function bookingRow(id: string) {
  return t.database.db
    .selectFrom('core.bookings')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function paymentsOf(bookingId: string) {
  return t.database.db
    .selectFrom('core.payments')
    .select(['kind', 'status', 'amount_cents'])
    .where('booking_id', '=', bookingId)
    .orderBy('created_at')
    .execute();
}

/**
 * The booking's messages, oldest first, read as a developer reads them (the dev outbox shows
 * an unsent message with its link; the stored row keeps recipient and secrets encrypted).
 */
async function outboxOf(bookingId: string) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/dev/outbox?bookingId=${bookingId}&limit=200`,
  });
  expect(response.statusCode).toBe(200);
  return response
    .json<{
      messages: { recipient: string; template: string; subject: string | null; body: string }[];
    }>()
    .messages.reverse();
}

async function eventsOf(bookingId: string) {
  return t.database.db
    .selectFrom('core.booking_events')
    .select(['type', 'actor', 'data'])
    .where('booking_id', '=', bookingId)
    .orderBy('id')
    .execute();
}

async function auditOf(bookingId: string) {
  return t.database.db
    .selectFrom('audit.log')
    .select(['actor', 'action', 'after'])
    .where('entity_id', '=', bookingId)
    .orderBy('id')
    .execute();
}

/** A hold for the same slot: 201 when a place is free, 409 SLOT_FULL when not. */
async function tryHold(date: string, slot: string) {
  const quote = await t.app.inject({ method: 'POST', url: '/api/v1/quotes', payload: quoteBody() });
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/holds',
    payload: { quoteId: quote.json<{ id: string }>().id, date, slot, customer: customer() },
  });
}

function confirmDeposit(paymentId: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/payments/${paymentId}/confirm`,
    headers: staff,
  });
}

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
      const row = await t.database.db
        .selectFrom('core.scheduled_messages')
        .select(['id', 'due_at'])
        .where('booking_id', '=', bookingId)
        .where('kind', '=', 'booking.deposit_warning')
        .where('status', '=', 'planned')
        .executeTakeFirstOrThrow();
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
    const warned = await t.database.db
      .selectFrom('core.scheduled_messages')
      .select('id')
      .where('booking_id', '=', reported.id)
      .where('kind', '=', 'booking.deposit_warning')
      .where('status', '=', 'planned')
      .executeTakeFirstOrThrow();
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

interface RaceResult {
  booking: { id: string };
  job: string;
  staff: { statusCode: number; json: <T>() => T };
}

describe('the deadline job racing a staff confirmation', () => {
  /** Sessions of the test database waiting for a lock. */
  async function lockWaiters(): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock'`.execute(t.database.db);
    return rows[0]?.n ?? 0;
  }

  async function waitForLockWaiters(n: number) {
    const until = Date.now() + 15_000;
    while ((await lockWaiters()) < n) {
      if (Date.now() > until) throw new Error(`expected ${n} sessions waiting for a lock`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /**
   * Both contenders start while a third transaction holds the booking's row lock; whoever
   * queued on it first goes first when it is released. `first` decides the order.
   */
  async function race(first: 'job' | 'staff'): Promise<RaceResult> {
    const booking = await unpaidBooking();
    expect((await reportSent(booking, { reference: 'Zelle 4417' })).statusCode).toBe(200);
    const job = await plannedDeadline(booking.id);
    await passDeadline(booking.id);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const blocker = t.database.db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('core.bookings')
        .select('id')
        .where('id', '=', booking.id)
        .forUpdate()
        .execute();
      locked();
      await released;
    });
    await isLocked;
    const base = await lockWaiters();
    const runJob = () => t.container.scheduledMessages.process(job.id);
    const runStaff = () => confirmDeposit(booking.payments[0]!.id);
    let jobOutcome: Promise<string>;
    let staffOutcome: Promise<RaceResult['staff']>;
    if (first === 'job') {
      jobOutcome = runJob();
      await waitForLockWaiters(base + 1);
      staffOutcome = runStaff();
    } else {
      staffOutcome = runStaff();
      await waitForLockWaiters(base + 1);
      jobOutcome = runJob();
    }
    await waitForLockWaiters(base + 2);
    release();
    await blocker;
    return { booking, job: await jobOutcome, staff: await staffOutcome };
  }

  async function expectConsistent(result: RaceResult) {
    const { booking } = result;
    const row = await bookingRow(booking.id);
    const payments = await paymentsOf(booking.id);
    const events = (await eventsOf(booking.id)).map((e) => e.type);
    const templates = (await outboxOf(booking.id)).map((m) => m.template);
    if (row.status === 'confirmed') {
      expect(result.staff.statusCode).toBe(200);
      expect(['already_processed', 'skipped']).toContain(result.job);
      expect(payments).toEqual([{ kind: 'deposit', status: 'succeeded', amount_cents: 10_000 }]);
      expect(events).toContain('deposit_confirmed');
      expect(events).not.toContain('cancelled');
      expect(templates).toContain('booking.confirmation');
      expect(templates).not.toContain('booking.deposit_deadline');
      return 'confirmed' as const;
    }
    expect(row.status).toBe('cancelled');
    expect(result.job).toBe('cancelled');
    expect(result.staff.statusCode).toBe(409);
    expect(result.staff.json<{ error: { code: string } }>().error.code).toBe('PAYMENT_NOT_PENDING');
    // Never a confirmed booking that is also cancelled, never money marked received.
    expect(payments).toEqual([{ kind: 'deposit', status: 'cancelled', amount_cents: 10_000 }]);
    expect(events).not.toContain('deposit_confirmed');
    expect(templates).not.toContain('booking.confirmation');
    expect(templates.filter((x) => x === 'booking.deposit_deadline')).toHaveLength(1);
    return 'cancelled' as const;
  }

  it('the job first: the booking is cancelled and the late confirmation refused', async () => {
    expect(await expectConsistent(await race('job'))).toBe('cancelled');
  });

  it('staff first: the booking is confirmed and the job does nothing', async () => {
    expect(await expectConsistent(await race('staff'))).toBe('confirmed');
  });

  it('unordered, many times: always exactly one outcome, consistent with the money', async () => {
    for (let round = 0; round < 8; round += 1) {
      const booking = await unpaidBooking();
      const job = await plannedDeadline(booking.id);
      await passDeadline(booking.id);
      const [jobOutcome, staffOutcome] = await Promise.all([
        t.container.scheduledMessages.process(job.id),
        confirmDeposit(booking.payments[0]!.id),
      ]);
      await expectConsistent({ booking, job: jobOutcome, staff: staffOutcome });
    }
  });
});
