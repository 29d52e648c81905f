import { sql } from 'kysely';
import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';

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
    /** Staff who confirmed money already received (manual payments): stamped at insert. */
    confirmedBy?: string;
  }) {
    return this.db
      .insertInto('core.payments')
      .values({
        ...(row.confirmedBy ? { confirmed_by: row.confirmedBy, confirmed_at: sql`now()` } : {}),
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

  /** The pending deposit is paid by another method than chosen at checkout, recorded by staff. */
  async moveToManualMethod(id: string, method: string): Promise<string> {
    const row = await this.db
      .updateTable('core.payments')
      .set({ method, provider: 'manual' })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** A refund the booking owed, paid out by staff: succeeded, and who confirmed it. */
  async settleOwedRefund(
    id: string,
    input: { method: string; confirmedBy: string },
  ): Promise<string> {
    const row = await this.db
      .updateTable('core.payments')
      .set({
        method: input.method,
        status: 'succeeded',
        confirmed_by: input.confirmedBy,
        confirmed_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Part of an owed refund was paid out: what is left of it stays owed. */
  async lowerOwedRefund(id: string, amountCents: number): Promise<void> {
    await this.db
      .updateTable('core.payments')
      .set({ amount_cents: amountCents, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('kind', '=', 'refund')
      .where('status', '=', 'pending')
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

  findByIntent(intentId: string) {
    return this.db
      .selectFrom('core.payments')
      .selectAll()
      .where('provider_intent_ref', '=', intentId)
      .executeTakeFirst();
  }

  async setCheckout(id: string, checkout: { sessionId: string; url: string }): Promise<void> {
    await this.db
      .updateTable('core.payments')
      .set({ provider_ref: checkout.sessionId, checkout_url: checkout.url, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
  }

  async setIntentRef(id: string, intentId: string): Promise<void> {
    await this.db
      .updateTable('core.payments')
      .set({ provider_intent_ref: intentId, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('provider_intent_ref', 'is', null)
      .execute();
  }

  async markDisputed(id: string): Promise<void> {
    await this.db
      .updateTable('core.payments')
      .set({ disputed_at: sql`coalesce(disputed_at, now())`, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
  }

  /** Refunds already recorded against one payment (their references carry its id). */
  async sumRecordedRefunds(paymentId: string): Promise<number> {
    const row = await this.db
      .selectFrom('core.payments')
      .select(sql<number>`coalesce(sum(amount_cents), 0)::int`.as('total'))
      .where('kind', '=', 'refund')
      .where('status', '=', 'succeeded')
      .where('reference', 'like', `RFD-${paymentId}-%`)
      .executeTakeFirstOrThrow();
    return row.total;
  }

  /** Stores a provider event once; null when this event id was seen before. */
  insertEvent(row: { provider: string; eventId: string; type: string; payload: unknown }) {
    return this.db
      .insertInto('core.payment_events')
      .values({
        provider: row.provider,
        event_id: row.eventId,
        type: row.type,
        outcome: 'received',
        payload: json(row.payload),
      })
      .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
      .returning(['id'])
      .executeTakeFirst();
  }

  findEvent(provider: string, eventId: string) {
    return this.db
      .selectFrom('core.payment_events')
      .select(['id', 'outcome', 'payment_id'])
      .where('provider', '=', provider)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
  }

  async setEventOutcome(id: number, outcome: string, paymentId: string | null): Promise<void> {
    await this.db
      .updateTable('core.payment_events')
      .set({ outcome, payment_id: paymentId })
      .where('id', '=', id)
      .execute();
  }

  /** Events that arrived before the payment they concern could be identified. */
  listUnmatchedForIntent(intentId: string) {
    return this.db
      .selectFrom('core.payment_events')
      .select(['id', 'type', 'payload'])
      .where('outcome', '=', 'unmatched')
      .where(sql<string>`payload #>> '{data,object,payment_intent}'`, '=', intentId)
      .orderBy('id')
      .forUpdate()
      .execute();
  }
}

export type PaymentRow = NonNullable<Awaited<ReturnType<PaymentsRepository['find']>>>;
