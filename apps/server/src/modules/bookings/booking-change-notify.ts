import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '@teppan/db';
import { CustomersRepository } from '../customers/customers.repository.ts';
import type { BookingChangeMessageKind } from '../notifications/booking-change-messages.ts';
import type {
  BookingCancellationFacts,
  BookingChangeFacts,
} from '../notifications/templates/booking-change-content.ts';
import { totalsOfPaymentRows } from '../payments/payment-amounts.ts';
import { PaymentsRepository } from '../payments/payments.repository.ts';
import { QuotesRepository } from '../quotes/quotes.repository.ts';
import type { CancellationOutcome } from './booking-cancel.ts';
import type { BookingsDeps } from './bookings-base.service.ts';
import { BookingsRepository, type BookingRow } from './bookings.repository.ts';

type NotifyDeps = Pick<
  BookingsDeps,
  'notifications' | 'settings' | 'publicBaseUrl' | 'fieldCrypto'
>;

/**
 * A fresh manage link for the message: only its SHA-256 is stored, as `hashToken` in
 * bookings-base.service.ts stores it (computed here to keep that module out of a cycle).
 */
async function manageUrlFor(trx: Transaction<DB>, deps: NotifyDeps, row: BookingRow) {
  const token = randomBytes(24).toString('base64url');
  await new BookingsRepository(trx).addAccessToken({
    bookingId: row.id,
    tokenHash: createHash('sha256').update(token).digest('hex'),
    purpose: 'change_email',
  });
  return `${deps.publicBaseUrl}/manage/${row.id}?token=${token}`;
}

async function record(
  trx: Transaction<DB>,
  deps: NotifyDeps,
  kind: BookingChangeMessageKind,
  input: {
    row: BookingRow;
    change?: BookingChangeFacts;
    cancellation?: BookingCancellationFacts;
  },
): Promise<void> {
  const { row } = input;
  const customer = await new CustomersRepository(trx, deps.fieldCrypto).find(row.customer_id);
  if (!customer) return;
  const [{ station, settings }, quote] = await Promise.all([
    deps.settings.getForStation(row.station_id, trx),
    new QuotesRepository(trx).findById(row.quote_id),
  ]);
  await deps.notifications.recordBookingChangeMessages(trx, kind, {
    booking: row,
    customer,
    quote: quote ?? null,
    station,
    settings,
    manageUrl: await manageUrlFor(trx, deps, row),
    ...(input.change ? { change: input.change } : {}),
    ...(input.cancellation ? { cancellation: input.cancellation } : {}),
  });
}

/**
 * The updated confirmation after a reschedule, guest-count or menu change, recorded in the
 * change's transaction (SPEC §10; issue F7). Changes to allergens or requests alone send
 * nothing: they are not what the customer books by.
 */
export function notifyBookingChanged(
  trx: Transaction<DB>,
  deps: NotifyDeps,
  input: { row: BookingRow; change: Omit<BookingChangeFacts, 'isAwaitingDeposit'> },
): Promise<void> {
  if (input.change.parts.length === 0) return Promise.resolve();
  return record(trx, deps, 'booking.changed', {
    row: input.row,
    change: { ...input.change, isAwaitingDeposit: input.row.status === 'pending_deposit' },
  });
}

/**
 * The cancellation notice, with the deposit's outcome as cancelLockedBooking applied it to
 * what was actually paid, and any other money paid named, not promised back.
 */
export async function notifyBookingCancelled(
  trx: Transaction<DB>,
  deps: NotifyDeps,
  input: { row: BookingRow; outcome: CancellationOutcome; byCustomer: boolean },
): Promise<void> {
  const { settings } = await deps.settings.getForStation(input.row.station_id, trx);
  const payments = await new PaymentsRepository(trx).listForBooking(input.row.id);
  const totals = totalsOfPaymentRows(payments);
  const { outcome } = input;
  await record(trx, deps, 'booking.cancelled', {
    row: input.row,
    cancellation: {
      depositPaidCents: outcome.refundCents + outcome.forfeitedCents,
      refundCents: outcome.refundCents,
      forfeitedCents: outcome.forfeitedCents,
      otherPaidCents: totals.balancesPaidCents + totals.feesPaidCents,
      refundMinDaysBefore: settings.policies.depositRefundMinDaysBefore,
      byCustomer: input.byCustomer,
      reason: input.row.cancellation_reason,
    },
  });
}
