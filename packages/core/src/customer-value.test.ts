import { describe, expect, it } from 'vitest';
import { consentsInForce } from './consent-state.ts';
import { lifetimeValue, receivedOf } from './lifetime-value.ts';

describe('lifetime value', () => {
  it('counts money that arrived, minus refunds paid out, to the cent', () => {
    const value = lifetimeValue({
      payments: [
        { kind: 'deposit', status: 'succeeded', amountCents: 20_001 },
        { kind: 'balance', status: 'succeeded', amountCents: 65_432 },
        { kind: 'reschedule_fee', status: 'succeeded', amountCents: 10_000 },
        // A fully refunded deposit did arrive; its outflow is the refund row below.
        { kind: 'deposit', status: 'refunded', amountCents: 15_000 },
        { kind: 'refund', status: 'succeeded', amountCents: 15_000 },
        { kind: 'refund', status: 'succeeded', amountCents: 1_234 },
        { kind: 'refund', status: 'pending', amountCents: 999 },
        { kind: 'balance', status: 'pending', amountCents: 50_000 },
        { kind: 'deposit', status: 'failed', amountCents: 20_000 },
        { kind: 'deposit', status: 'cancelled', amountCents: 20_000 },
      ],
      bookings: [
        { status: 'completed', totalCents: 85_433 },
        { status: 'cancelled', totalCents: 60_000 },
        { status: 'confirmed', totalCents: 70_000 },
      ],
    });
    expect(value).toEqual({
      receivedCents: 20_001 + 65_432 + 10_000 + 15_000,
      depositsCents: 35_001,
      balancesCents: 65_432,
      feesCents: 10_000,
      refundedCents: 16_234,
      refundsOwedCents: 999,
      netReceivedCents: 20_001 + 65_432 + 10_000 - 1_234,
      completedValueCents: 85_433,
    });
  });

  it('is zero without payments', () => {
    expect(lifetimeValue({ payments: [], bookings: [] }).netReceivedCents).toBe(0);
    expect(receivedOf({ kind: 'refund', status: 'pending', amountCents: 5 })).toBe(0);
  });
});

describe('consents in force', () => {
  const at = new Date('2026-01-01T00:00:00Z');
  it('lets the newest applicable row win, with purpose "all" covering both purposes', () => {
    const state = consentsInForce([
      {
        id: 1,
        channel: 'sms',
        purpose: 'transactional',
        status: 'opted_in',
        source: 'booking_form',
        at,
      },
      {
        id: 2,
        channel: 'sms',
        purpose: 'all',
        status: 'opted_out',
        source: 'sms_keyword:STOP',
        at,
      },
      {
        id: 3,
        channel: 'email',
        purpose: 'transactional',
        status: 'opted_in',
        source: 'booking_form',
        at,
      },
    ]);
    expect(state.map((s) => [s.channel, s.purpose, s.state, s.source])).toEqual([
      ['sms', 'marketing', 'opted_out', 'sms_keyword:STOP'],
      ['sms', 'transactional', 'opted_out', 'sms_keyword:STOP'],
      ['email', 'marketing', 'unknown', null],
      ['email', 'transactional', 'opted_in', 'booking_form'],
    ]);
  });

  it('a later opt-in for one purpose overrides an earlier "all" opt-out for that purpose only', () => {
    const state = consentsInForce([
      { id: 5, channel: 'sms', purpose: 'all', status: 'opted_out', source: 'stop', at },
      { id: 9, channel: 'sms', purpose: 'marketing', status: 'opted_in', source: 'form', at },
    ]);
    expect(state.filter((s) => s.channel === 'sms').map((s) => s.state)).toEqual([
      'opted_in',
      'opted_out',
    ]);
  });
});
