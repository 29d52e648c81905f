/**
 * An instant (a deadline) on a station's clock, as guests read it in email, on the site and
 * in the panel: `Sat, May 2, 6:00 PM PDT`. Without a zone, the reader's own.
 */
export function formatInstant(instant: Date | string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-US', {
    ...(timeZone ? { timeZone } : {}),
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(typeof instant === 'string' ? new Date(instant) : instant);
}
