import type { ToolCall } from '@teppan/agents';
import { describe, expect, it } from 'vitest';
import { hasStationRefs, stationRefsOf } from './conversation-station.ts';

const booking = '11111111-1111-4111-8111-111111111111';
const hold = '22222222-2222-4222-8222-222222222222';
const quote = '33333333-3333-4333-8333-333333333333';

describe('the records a turn touched, for the conversation’s station', () => {
  it('takes bookings, holds and quotes from the tool calls that name them', () => {
    const calls: ToolCall[] = [
      { name: 'quote', input: {}, output: { id: quote, totalCents: 1 } },
      { name: 'placeHold', input: { quoteId: quote }, output: { id: hold, status: 'x' } },
      { name: 'findBooking', input: {}, output: { id: booking } },
      { name: 'paymentStatus', input: booking, output: { bookingId: booking } },
      { name: 'availability', input: {}, output: { days: [] } },
    ];
    expect(stationRefsOf(calls)).toEqual({
      bookingIds: [booking],
      holdIds: [hold],
      quoteIds: [quote],
    });
  });

  it('ignores refused calls, misses and anything that is not a uuid', () => {
    const calls: ToolCall[] = [
      { name: 'findBooking', input: {}, output: null },
      {
        name: 'placeHold',
        input: { quoteId: "'; drop table x; --" },
        output: { error: 'SLOT_FULL' },
      },
      { name: 'quote', input: {}, output: { id: 'Q-0001' } },
      { name: 'searchKnowledge', input: 'id', output: [{ id: booking }] },
    ];
    const refs = stationRefsOf(calls);
    expect(refs).toEqual({ bookingIds: [], holdIds: [], quoteIds: [] });
    expect(hasStationRefs(refs)).toBe(false);
  });
});
