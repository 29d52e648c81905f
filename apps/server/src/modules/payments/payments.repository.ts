import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';

export class PaymentsRepository {
  constructor(private readonly db: Executor) {}

  insert(row: {
    bookingId: string | null;
    holdId: string | null;
    kind: 'deposit' | 'balance' | 'reschedule_fee' | 'refund';
    method: string;
    provider: string;
    status: 'pending' | 'succeeded' | 'failed' | 'cancelled' | 'refunded';
    amountCents: number;
    reference: string;
  }) {
    return this.db
      .insertInto('core.payments')
      .values({
        booking_id: row.bookingId,
        hold_id: row.holdId,
        kind: row.kind,
        method: row.method,
        provider: row.provider,
        status: row.status,
        amount_cents: row.amountCents,
        reference: row.reference,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  find(id: string) {
    return this.db.selectFrom('core.payments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findForUpdate(id: string) {
    return this.db
      .selectFrom('core.payments')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  listForBooking(bookingId: string) {
    return this.db
      .selectFrom('core.payments')
      .selectAll()
      .where('booking_id', '=', bookingId)
      .orderBy('created_at')
      .execute();
  }

  updateStatus(id: string, patch: { status: string; confirmedBy?: string }) {
    return this.db
      .updateTable('core.payments')
      .set({
        status: patch.status,
        ...(patch.confirmedBy ? { confirmed_by: patch.confirmedBy, confirmed_at: sql`now()` } : {}),
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async cancelPendingForBooking(bookingId: string): Promise<void> {
    await this.db
      .updateTable('core.payments')
      .set({ status: 'cancelled', updated_at: sql`now()` })
      .where('booking_id', '=', bookingId)
      .where('status', '=', 'pending')
      .execute();
  }
}

export type PaymentRow = NonNullable<Awaited<ReturnType<PaymentsRepository['find']>>>;
