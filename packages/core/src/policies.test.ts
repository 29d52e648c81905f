import { describe, expect, it } from 'vitest';
import {
  canChangeGuestCount,
  canChangeMenu,
  cancellationOutcome,
  rescheduleTerms,
} from './policies.ts';
import { defaultSettings } from './settings.ts';

const policies = defaultSettings.policies;
const HOUR = 3_600_000;
const eventStartsAt = new Date('2027-06-10T01:00:00Z');
const before = (ms: number) => new Date(eventStartsAt.getTime() - ms);

describe('cancellationOutcome', () => {
  it('refunds the deposit at exactly 96 hours', () => {
    expect(
      cancellationOutcome({
        eventStartsAt,
        now: before(96 * HOUR),
        depositPaidCents: 10000,
        policies,
      }),
    ).toMatchObject({ refundCents: 10000, forfeitedCents: 0, refundable: true });
  });

  it('forfeits it a millisecond later', () => {
    const outcome = cancellationOutcome({
      eventStartsAt,
      now: before(96 * HOUR - 1),
      depositPaidCents: 10000,
      policies,
    });
    expect(outcome).toMatchObject({ refundCents: 0, forfeitedCents: 10000, refundable: false });
    expect(outcome.message).toContain('$100.00');
  });

  it('refunds nothing when nothing was paid', () => {
    expect(
      cancellationOutcome({
        eventStartsAt,
        now: before(200 * HOUR),
        depositPaidCents: 0,
        policies,
      }),
    ).toMatchObject({
      refundCents: 0,
      forfeitedCents: 0,
      refundable: true,
      message: 'No deposit has been paid yet, so cancelling costs nothing.',
    });
  });
});

describe('rescheduleTerms', () => {
  it('is free the first time at exactly 24 hours', () => {
    expect(
      rescheduleTerms({ eventStartsAt, now: before(24 * HOUR), reschedulesUsed: 0, policies }),
    ).toMatchObject({
      feeCents: 0,
      free: true,
    });
  });

  it('charges inside 24 hours', () => {
    const terms = rescheduleTerms({
      eventStartsAt,
      now: before(24 * HOUR - 1),
      reschedulesUsed: 0,
      policies,
    });
    expect(terms).toMatchObject({ feeCents: 10000, free: false });
    expect(terms.message).toContain('24 hours');
  });

  it('charges once the free reschedule is used', () => {
    const terms = rescheduleTerms({
      eventStartsAt,
      now: before(30 * 24 * HOUR),
      reschedulesUsed: 1,
      policies,
    });
    expect(terms).toMatchObject({ feeCents: 10000, free: false });
    expect(terms.message).toContain('$100.00');
  });
});

describe('change windows', () => {
  it('guest count is final at 24 hours', () => {
    expect(canChangeGuestCount({ eventStartsAt, now: before(24 * HOUR), policies })).toEqual({
      allowed: true,
    });
    const late = canChangeGuestCount({ eventStartsAt, now: before(24 * HOUR - 1), policies });
    expect(late.allowed).toBe(false);
    expect(late.message).toBeDefined();
  });

  it('menu changes close at 12 hours', () => {
    expect(canChangeMenu({ eventStartsAt, now: before(12 * HOUR), policies })).toEqual({
      allowed: true,
    });
    expect(canChangeMenu({ eventStartsAt, now: before(12 * HOUR - 1), policies }).allowed).toBe(
      false,
    );
    expect(
      canChangeMenu({ eventStartsAt, now: new Date(eventStartsAt.getTime() + HOUR), policies })
        .allowed,
    ).toBe(false);
  });
});
