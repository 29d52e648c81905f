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
  'booking.chef_on_the_way',
  'booking.unassigned_alert',
  'booking.review_reminder',
  'booking.referral_ask',
  'booking.reengagement',
] as const;
/** SPEC §4 "Chef assignment": a booking still without a chef this close alerts staff once. */
export const UNASSIGNED_ALERT_DAYS_BEFORE = 7;
export type MessageKind = (typeof holdMessageKinds)[number] | (typeof bookingMessageKinds)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

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
    // Sent only if the booking is confirmed with a chef by then (checked when it runs), or
    // earlier by the chef's "On my way" tap; either way once.
    plan.push({
      kind: 'booking.chef_on_the_way',
      dueAt: new Date(
        schedule.startsAt.getTime() - settings.reminders.chefOnTheWayMinutesBefore * MINUTE,
      ),
    });
    // Runs at once for a booking made within the window; skipped when a chef is assigned.
    const alertAt = schedule.startsAt.getTime() - UNASSIGNED_ALERT_DAYS_BEFORE * DAY;
    if (schedule.startsAt.getTime() > now.getTime())
      plan.push({
        kind: 'booking.unassigned_alert',
        dueAt: new Date(Math.max(alertAt, now.getTime())),
      });
  }
  if (booking.status === 'completed') {
    const requestAt = schedule.endsAt.getTime() + settings.reminders.reviewRequestHoursAfter * HOUR;
    plan.push(
      { kind: 'booking.review_request', dueAt: new Date(requestAt) },
      // SPEC §4: the reminder counts from the request, not from the event.
      {
        kind: 'booking.review_reminder',
        dueAt: new Date(requestAt + settings.reminders.reviewReminderDaysAfter * DAY),
      },
      {
        kind: 'booking.referral_ask',
        dueAt: new Date(schedule.endsAt.getTime() + settings.reminders.referralAskDaysAfter * DAY),
      },
      {
        kind: 'booking.reengagement',
        dueAt: new Date(schedule.endsAt.getTime() + settings.reminders.reengagementIdleDays * DAY),
      },
    );
  }
  return plan.filter((m) => m.dueAt.getTime() >= now.getTime() - MINUTE);
}
