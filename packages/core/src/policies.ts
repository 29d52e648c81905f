import { formatCents } from './money.ts';
import type { Settings } from './settings.ts';

const HOUR_MS = 3_600_000;

type Policies = Settings['policies'];

function msBefore(eventStartsAt: Date, now: Date): number {
  return eventStartsAt.getTime() - now.getTime();
}

/** Spec §4: the deposit comes back when cancelled at least N days before, else it is kept. */
export function cancellationOutcome(options: {
  eventStartsAt: Date;
  now: Date;
  depositPaidCents: number;
  policies: Policies;
}): { refundCents: number; forfeitedCents: number; refundable: boolean; message: string } {
  const { policies, depositPaidCents } = options;
  const days = policies.depositRefundMinDaysBefore;
  // Whole 24-hour days, not calendar days: "4 days" is 96 hours whatever the DST shift.
  const refundable = msBefore(options.eventStartsAt, options.now) >= days * 24 * HOUR_MS;
  if (depositPaidCents === 0)
    return {
      refundCents: 0,
      forfeitedCents: 0,
      refundable,
      message: 'No deposit has been paid yet, so cancelling costs nothing.',
    };
  if (refundable) {
    return {
      refundCents: depositPaidCents,
      forfeitedCents: 0,
      refundable,
      message: `Cancelled at least ${days} days before the event: the ${formatCents(depositPaidCents)} deposit is refunded.`,
    };
  }
  return {
    refundCents: 0,
    forfeitedCents: depositPaidCents,
    refundable,
    message: `Cancelled less than ${days} days before the event: the ${formatCents(depositPaidCents)} deposit is not refundable.`,
  };
}

export function rescheduleTerms(options: {
  eventStartsAt: Date;
  now: Date;
  reschedulesUsed: number;
  policies: Policies;
}): { feeCents: number; free: boolean; message: string } {
  const { policies } = options;
  const hours = policies.freeRescheduleMinHoursBefore;
  const hasFreeLeft = options.reschedulesUsed < policies.freeReschedules;
  const earlyEnough = msBefore(options.eventStartsAt, options.now) >= hours * HOUR_MS;
  if (hasFreeLeft && earlyEnough) {
    return { feeCents: 0, free: true, message: 'This reschedule is free.' };
  }
  const fee = formatCents(policies.rescheduleFeeCents);
  const why = hasFreeLeft
    ? `it is less than ${hours} hours before the event`
    : `the free reschedule${policies.freeReschedules === 1 ? ' has' : 's have'} been used`;
  return {
    feeCents: policies.rescheduleFeeCents,
    free: false,
    message: `A ${fee} reschedule fee applies because ${why}.`,
  };
}

function changeWindow(options: {
  eventStartsAt: Date;
  now: Date;
  minHours: number;
  what: string;
}): { allowed: boolean; message?: string } {
  if (msBefore(options.eventStartsAt, options.now) >= options.minHours * HOUR_MS) {
    return { allowed: true };
  }
  return {
    allowed: false,
    message: `${options.what} can be changed until ${options.minHours} hours before the event; please contact us.`,
  };
}

/** Spec §4: the guest count is final 24 h before, when the chef shops for the party. */
export function canChangeGuestCount(options: {
  eventStartsAt: Date;
  now: Date;
  policies: Policies;
}): { allowed: boolean; message?: string } {
  return changeWindow({
    eventStartsAt: options.eventStartsAt,
    now: options.now,
    minHours: options.policies.guestCountFinalHoursBefore,
    what: 'The guest count',
  });
}

export function canChangeMenu(options: { eventStartsAt: Date; now: Date; policies: Policies }): {
  allowed: boolean;
  message?: string;
} {
  return changeWindow({
    eventStartsAt: options.eventStartsAt,
    now: options.now,
    minHours: options.policies.menuChangeMinHoursBefore,
    what: 'The menu',
  });
}
