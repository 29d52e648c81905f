import type { OfflineMethod, Settings } from '@teppan/core';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type { Executor } from '../../lib/db.ts';
import { OutboxRepository } from '../messaging/outbox.repository.ts';
import { renderMessage } from '../messaging/templates.ts';
import type { BookingRow } from '../bookings/bookings.repository.ts';
import type { Brand } from './brand.ts';
import { bookingMessageContext, type MessageBooking } from './booking-message.ts';
import { offlineInstructionFor } from './payment-instruction.ts';

export interface BookingReceivedInput {
  booking: MessageBooking & Pick<BookingRow, 'id' | 'event_starts_at' | 'deposit_due_at'>;
  customer: { name: string; email: string };
  deposit: { method: OfflineMethod; amountCents: number; reference: string };
  timeZone: string;
  payees: Settings['payees'];
  /** Carries the manage link's token: sealed in the outbox until sent (ADR 0016). */
  manageUrl: string;
  brand: Brand;
  fieldCrypto: FieldCrypto;
}

/** One "booking received" email per booking, whatever retries the caller makes. */
export const bookingReceivedDedupeKey = (bookingId: string) => `booking.received:${bookingId}`;

/**
 * "We have your booking" (issue F7): sent as soon as a guest chooses an offline deposit,
 * so the manage link, the reference and whom to pay survive a closed tab. Recorded in the
 * transaction that creates the booking: the email exists if and only if the booking does.
 */
export async function recordBookingReceived(
  trx: Executor,
  input: BookingReceivedInput,
): Promise<{ isNew: boolean }> {
  const { booking, deposit } = input;
  const instruction = offlineInstructionFor({
    brand: input.brand,
    payees: input.payees,
    method: deposit.method,
    amountCents: deposit.amountCents,
    reference: deposit.reference,
    deadline: booking.deposit_due_at,
    timeZone: input.timeZone,
  });
  const message = await renderMessage(
    'booking.received',
    {
      customerName: input.customer.name,
      ...bookingMessageContext(booking),
      depositCents: deposit.amountCents,
      ...(booking.deposit_due_at ? { deadline: booking.deposit_due_at } : {}),
      timeZone: input.timeZone,
      link: input.manageUrl,
      reference: deposit.reference,
      paymentMethod: deposit.method,
      paymentInstruction: instruction,
    },
    { brand: input.brand },
  );
  const token = new URL(input.manageUrl).searchParams.get('token');
  return new OutboxRepository(trx, input.fieldCrypto).record({
    channel: 'email',
    recipient: input.customer.email,
    subject: message.subject,
    body: message.text,
    html: message.html,
    template: 'booking.received',
    data: { bookingId: booking.id },
    dedupeKey: bookingReceivedDedupeKey(booking.id),
    bookingId: booking.id,
    ...(token
      ? {
          secrets: {
            values: [token],
            expiresAt: new Date(booking.event_starts_at.getTime() + 86_400_000),
          },
        }
      : {}),
  });
}
