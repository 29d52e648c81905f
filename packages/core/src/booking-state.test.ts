import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  bookingStatuses,
  canTransition,
  DomainRuleError,
  isHoldActive,
  occupiesCapacity,
  resolveCancellationRequest,
} from './booking-state.ts';
import type { BookingStatus } from './booking-state.ts';

const allowed: [BookingStatus, BookingStatus][] = [
  ['pending_deposit', 'confirmed'],
  ['pending_deposit', 'cancellation_requested'],
  ['pending_deposit', 'cancelled'],
  ['confirmed', 'in_progress'],
  ['confirmed', 'cancellation_requested'],
  ['confirmed', 'cancelled'],
  ['confirmed', 'no_show'],
  ['in_progress', 'completed'],
  ['cancellation_requested', 'cancelled'],
  ['cancellation_requested', 'pending_deposit'],
  ['cancellation_requested', 'confirmed'],
];

describe('booking transitions', () => {
  it('allows exactly the listed transitions', () => {
    for (const from of bookingStatuses) {
      for (const to of bookingStatuses) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it('keeps terminal states terminal', () => {
    for (const terminal of ['completed', 'cancelled', 'no_show'] as const) {
      for (const to of bookingStatuses) expect(canTransition(terminal, to)).toBe(false);
    }
  });

  it('throws a coded error on an invalid transition', () => {
    expect(() => assertTransition('confirmed', 'in_progress')).not.toThrow();
    try {
      assertTransition('completed', 'confirmed');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainRuleError);
      expect(error).toMatchObject({ code: 'INVALID_TRANSITION' });
    }
  });
});

describe('resolveCancellationRequest', () => {
  it('cancels when approved and restores the previous status when rejected', () => {
    expect(resolveCancellationRequest({ previous: 'confirmed', approve: true })).toBe('cancelled');
    expect(resolveCancellationRequest({ previous: 'confirmed', approve: false })).toBe('confirmed');
    expect(resolveCancellationRequest({ previous: 'pending_deposit', approve: false })).toBe(
      'pending_deposit',
    );
  });

  it('rejects a previous status a request cannot come from', () => {
    expect(() => resolveCancellationRequest({ previous: 'completed', approve: false })).toThrow(
      DomainRuleError,
    );
  });
});

describe('capacity and holds', () => {
  it('only cancellation frees capacity', () => {
    for (const status of bookingStatuses) {
      expect(occupiesCapacity(status)).toBe(status !== 'cancelled');
    }
  });

  it('a hold is active until it expires, in an awaiting state', () => {
    const now = new Date('2027-06-01T19:00:00Z');
    const later = new Date('2027-06-01T19:00:01Z');
    expect(isHoldActive({ status: 'awaiting_signature', expiresAt: later, now })).toBe(true);
    expect(isHoldActive({ status: 'awaiting_deposit', expiresAt: later, now })).toBe(true);
    expect(isHoldActive({ status: 'awaiting_deposit', expiresAt: now, now })).toBe(false);
    expect(isHoldActive({ status: 'converted', expiresAt: later, now })).toBe(false);
    expect(isHoldActive({ status: 'expired', expiresAt: later, now })).toBe(false);
    expect(isHoldActive({ status: 'released', expiresAt: later, now })).toBe(false);
  });
});
