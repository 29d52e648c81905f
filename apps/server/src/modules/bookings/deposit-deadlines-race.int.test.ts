// The deadline job racing a staff confirmation.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  t,
  unpaidBooking,
  reportSent,
  plannedDeadline,
  passDeadline,
  bookingRow,
  paymentsOf,
  outboxOf,
  eventsOf,
  confirmDeposit,
  useTestApp,
} from './deposit-deadlines.test-helper.ts';

useTestApp();

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
