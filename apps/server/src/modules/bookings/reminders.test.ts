import { defaultSettings, eventSchedule, type Settings } from '@teppan/core';
import { describe, expect, it } from 'vitest';
import { planBookingMessages, UNASSIGNED_ALERT_DAYS_BEFORE } from './reminders.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const timeZone = 'America/Los_Angeles';
const event = { date: '2027-03-20', slot: '18:00', guests: 12 };
const schedule = eventSchedule({
  date: event.date,
  time: event.slot,
  timeZone,
  guests: event.guests,
  settings: defaultSettings.eventDuration,
});

function withReminders(change: Partial<Settings['reminders']>): Settings {
  return { ...defaultSettings, reminders: { ...defaultSettings.reminders, ...change } };
}

function plan(status: string, settings: Settings, now = new Date('2027-01-01T00:00:00Z')) {
  const planned = planBookingMessages({
    status,
    createdAt: new Date('2026-12-31T00:00:00Z'),
    depositDueAt: null,
    depositReportedAt: null,
    ...event,
    timeZone,
    settings,
    now,
  });
  return (kind: string) => planned.find((m) => m.kind === kind)?.dueAt.getTime();
}

describe('each reminder setting moves its message', () => {
  it('chefOnTheWayMinutesBefore: before the event start, in the station zone', () => {
    expect(plan('confirmed', defaultSettings)('booking.chef_on_the_way')).toBe(
      schedule.startsAt.getTime() - 60 * MINUTE,
    );
    expect(
      plan(
        'confirmed',
        withReminders({ chefOnTheWayMinutesBefore: 25 }),
      )('booking.chef_on_the_way'),
    ).toBe(schedule.startsAt.getTime() - 25 * MINUTE);
    // 18:00 in Los Angeles on 20 March 2027 (PDT) is 01:00 UTC the next day.
    expect(new Date(schedule.startsAt).toISOString()).toBe('2027-03-21T01:00:00.000Z');
  });

  it('reviewRequestHoursAfter and reviewReminderDaysAfter: the reminder counts from the request', () => {
    const byDefault = plan('completed', defaultSettings, new Date('2027-03-21T06:00:00Z'));
    expect(byDefault('booking.review_request')).toBe(schedule.endsAt.getTime() + 24 * HOUR);
    expect(byDefault('booking.review_reminder')).toBe(
      schedule.endsAt.getTime() + 24 * HOUR + 3 * DAY,
    );
    const changed = plan(
      'completed',
      withReminders({ reviewRequestHoursAfter: 6, reviewReminderDaysAfter: 5 }),
      new Date('2027-03-21T06:00:00Z'),
    );
    expect(changed('booking.review_request')).toBe(schedule.endsAt.getTime() + 6 * HOUR);
    expect(changed('booking.review_reminder')).toBe(schedule.endsAt.getTime() + 6 * HOUR + 5 * DAY);
  });

  it('referralAskDaysAfter and reengagementIdleDays: days after the event', () => {
    const now = new Date('2027-03-21T06:00:00Z');
    const byDefault = plan('completed', defaultSettings, now);
    expect(byDefault('booking.referral_ask')).toBe(schedule.endsAt.getTime() + 7 * DAY);
    expect(byDefault('booking.reengagement')).toBe(schedule.endsAt.getTime() + 30 * DAY);
    const changed = plan(
      'completed',
      withReminders({ referralAskDaysAfter: 10, reengagementIdleDays: 45 }),
      now,
    );
    expect(changed('booking.referral_ask')).toBe(schedule.endsAt.getTime() + 10 * DAY);
    expect(changed('booking.reengagement')).toBe(schedule.endsAt.getTime() + 45 * DAY);
  });

  it('depositNudgeHoursAfterHold and eventReminderHoursBefore', () => {
    const changed = plan(
      'pending_deposit',
      withReminders({ depositNudgeHoursAfterHold: 5, eventReminderHoursBefore: [72, 12] }),
      new Date('2026-12-31T00:00:00Z'),
    );
    expect(changed('booking.deposit_nudge')).toBe(
      new Date('2026-12-31T00:00:00Z').getTime() + 5 * HOUR,
    );
    expect(changed('booking.reminder_48h')).toBe(schedule.startsAt.getTime() - 72 * HOUR);
    expect(changed('booking.reminder_24h')).toBe(schedule.startsAt.getTime() - 12 * HOUR);
  });
});

describe('the unassigned-chef alert', () => {
  it('is due a week before the event, or at once for a booking made within the week', () => {
    expect(plan('confirmed', defaultSettings)('booking.unassigned_alert')).toBe(
      schedule.startsAt.getTime() - UNASSIGNED_ALERT_DAYS_BEFORE * DAY,
    );
    const late = new Date(schedule.startsAt.getTime() - 2 * DAY);
    expect(plan('pending_deposit', defaultSettings, late)('booking.unassigned_alert')).toBe(
      late.getTime(),
    );
  });

  it('is not planned for a cancelled or completed booking, nor after the event started', () => {
    expect(plan('cancelled', defaultSettings)('booking.unassigned_alert')).toBeUndefined();
    expect(plan('completed', defaultSettings)('booking.unassigned_alert')).toBeUndefined();
    const after = new Date(schedule.startsAt.getTime() + MINUTE);
    expect(plan('confirmed', defaultSettings, after)('booking.unassigned_alert')).toBeUndefined();
  });

  it('plans no follow-up for a cancelled booking', () => {
    const now = new Date('2027-03-21T06:00:00Z');
    expect(plan('cancelled', defaultSettings, now)('booking.review_reminder')).toBeUndefined();
    expect(plan('cancelled', defaultSettings, now)('booking.chef_on_the_way')).toBeUndefined();
  });
});
