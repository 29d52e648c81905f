import { formatCents } from '@teppan/core';
import type { ScheduleSummaryOutput } from '../../tools/agent-tools.ts';
import { displayDate, displayTime, plural } from '../../orchestrator/display.ts';

export const staffOnly =
  'That information is only available to our staff. Can I help you with a party of your own?';
export const scheduleUnavailable = 'I could not load the schedule right now.';

export function scheduleText(r: ScheduleSummaryOutput): string {
  const list = r.bookings
    .map(
      (b) =>
        `${b.number} ${displayDate(b.date)} ${displayTime(b.slot)}, ${plural(b.guests, 'guest', 'guests')}, ${b.status}, chef: ${b.chef ?? 'unassigned'}`,
    )
    .join('; ');
  return `${displayDate(r.from)} to ${displayDate(r.to)}: ${plural(r.count, 'booking', 'bookings')}${list ? ` (${list})` : ''}. Booked revenue ${formatCents(r.bookedRevenueCents)}.`;
}
