import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../messaging/templates.ts';
import type { BookingCancellationFacts } from './booking-change-content.ts';
import type { EmailContext } from './email-content.ts';

const ctx: EmailContext = {
  customerName: 'Pat Host',
  bookingNumber: 'TP-2026-0042',
  date: '2026-07-04',
  slot: '20:30',
  guests: 13,
  totalCents: 123_400,
  depositCents: 10_000,
  link: 'https://teppan.example/manage/abc',
};

const paid = (over: Partial<BookingCancellationFacts>): BookingCancellationFacts => ({
  depositPaidCents: 10_000,
  refundCents: 0,
  forfeitedCents: 0,
  otherPaidCents: 0,
  refundMinDaysBefore: 4,
  byCustomer: true,
  reason: null,
  ...over,
});

const textOf = async (kind: string, extra: Partial<EmailContext>) =>
  (await renderMessage(kind, { ...ctx, ...extra })).text;

describe('booking change and cancellation emails', () => {
  it('say what happens to the money that was actually paid', async () => {
    const unpaid = await textOf('booking.cancelled', {
      cancellation: paid({ depositPaidCents: 0 }),
    });
    expect(unpaid).toContain('No deposit was paid on this booking');
    expect(unpaid).not.toContain('will be refunded');
    const refunded = await textOf('booking.cancelled', {
      cancellation: paid({ refundCents: 10_000 }),
    });
    expect(refunded).toContain('your $100.00 deposit will be refunded');
    const late = await textOf('booking.cancelled', {
      cancellation: paid({ forfeitedCents: 10_000, otherPaidCents: 5_000 }),
    });
    expect(late).toContain('the $100.00 deposit is not refunded');
    expect(late).toContain('You also paid $50.00 besides the deposit');
    expect(late).not.toContain('will be refunded');
  });

  it('claim nothing about money or status without the facts', async () => {
    const cancelled = await textOf('booking.cancelled', {});
    expect(cancelled).not.toMatch(/refund|deposit|As you asked/i);
    const changed = await textOf('booking.changed', {});
    expect(changed).toContain('Your booking for Saturday, July 4, 2026 at 8:30 PM was updated.');
    expect(changed).not.toMatch(/confirmed|tentative/i);
  });

  it('an update names the move, the fee and whether the deposit is still awaited', async () => {
    const moved = await textOf('booking.changed', {
      change: {
        parts: ['date'],
        previous: { date: '2026-07-03', slot: '18:00' },
        feeCents: 10_000,
        isAwaitingDeposit: true,
      },
    });
    expect(moved).toContain(
      'moved from Friday, July 3, 2026 at 6:00 PM to Saturday, July 4, 2026 at 8:30 PM.',
    );
    expect(moved).toContain('A $100.00 reschedule fee applies');
    expect(moved).toContain('once the $100.00 deposit arrives');
  });
});
