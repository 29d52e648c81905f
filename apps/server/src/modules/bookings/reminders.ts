import { eventSchedule, type Settings } from '@teppan/core';

export const holdMessageKinds = [
  'hold.sign_warning',
  'hold.sign_deadline',
  'hold.deposit_warning',
  'hold.deposit_deadline',
] as const;
export const bookingMessageKinds = [
  'booking.deposit_nudge',
  'booking.deposit_warning',
  'booking.deposit_deadline',
  'booking.reminder_48h',
  'booking.reminder_24h',
  'booking.review_request',
] as const;
export type MessageKind = (typeof holdMessageKinds)[number] | (typeof bookingMessageKinds)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface PlannedMessage {
  kind: MessageKind;
  dueAt: Date;
}

/** The warning and the expiry of the hold's current deadline. */
export function planHoldMessages(hold: {
  status: string;
  signDeadline: Date;
  depositDeadline: Date | null;
  settings: Settings;
}): PlannedMessage[] {
  const warnMs = hold.settings.holds.warningMinutesBefore * MINUTE;
  if (hold.status === 'awaiting_signature')
    return [
      { kind: 'hold.sign_warning', dueAt: new Date(hold.signDeadline.getTime() - warnMs) },
      { kind: 'hold.sign_deadline', dueAt: hold.signDeadline },
    ];
  if (hold.status === 'awaiting_deposit' && hold.depositDeadline)
    return [
      { kind: 'hold.deposit_warning', dueAt: new Date(hold.depositDeadline.getTime() - warnMs) },
      { kind: 'hold.deposit_deadline', dueAt: hold.depositDeadline },
    ];
  return [];
}

/**
 * What a booking in its current state should receive from now on. An unpaid booking with a
 * deadline always gets its `booking.deposit_deadline` (the job that cancels it when the
 * deadline passes unpaid), due at once if the deadline is already behind us: dropping it
 * would let the booking hold its slot for good.
 */
export function planBookingMessages(booking: {
  status: string;
  createdAt: Date;
  /** The deadline in force while unpaid (deposit, then staff confirmation); null = none. */
  depositDueAt: Date | null;
  /** When the customer said they sent an offline deposit; no more payment nudges then. */
  depositReportedAt: Date | null;
  date: string;
  slot: string;
  guests: number;
  timeZone: string;
  settings: Settings;
  now: Date;
}): PlannedMessage[] {
  const { settings, now } = booking;
  const schedule = eventSchedule({
    date: booking.date,
    time: booking.slot,
    timeZone: booking.timeZone,
    guests: booking.guests,
    settings: settings.eventDuration,
  });
  const plan: PlannedMessage[] = [];
  if (booking.status === 'pending_deposit' && !booking.depositReportedAt) {
    const first =
      booking.createdAt.getTime() + settings.reminders.depositNudgeHoursAfterHold * HOUR;
    plan.push({ kind: 'booking.deposit_nudge', dueAt: new Date(Math.max(first, now.getTime())) });
    if (booking.depositDueAt)
      plan.push({
        kind: 'booking.deposit_warning',
        dueAt: new Date(
          booking.depositDueAt.getTime() - settings.holds.warningMinutesBefore * MINUTE,
        ),
      });
  }
  if (booking.status === 'pending_deposit' && booking.depositDueAt)
    plan.push({
      kind: 'booking.deposit_deadline',
      dueAt: new Date(Math.max(booking.depositDueAt.getTime(), now.getTime())),
    });
  if (booking.status === 'pending_deposit' || booking.status === 'confirmed') {
    const [first, second] = settings.reminders.eventReminderHoursBefore;
    if (first !== undefined)
      plan.push({
        kind: 'booking.reminder_48h',
        dueAt: new Date(schedule.startsAt.getTime() - first * HOUR),
      });
    if (second !== undefined)
      plan.push({
        kind: 'booking.reminder_24h',
        dueAt: new Date(schedule.startsAt.getTime() - second * HOUR),
      });
  }
  if (booking.status === 'completed')
    plan.push({
      kind: 'booking.review_request',
      dueAt: new Date(
        schedule.endsAt.getTime() + settings.reminders.reviewRequestHoursAfter * HOUR,
      ),
    });
  return plan.filter((m) => m.dueAt.getTime() >= now.getTime() - MINUTE);
}
