import { formatCents } from '@teppan/core';

export const money = formatCents;

export function formatDate(date: string): string {
  // A calendar date, not an instant: format it in UTC so no zone shifts the day.
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function formatTime(time: string): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const suffix = h >= 12 ? 'PM' : 'AM';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}:${String(m).padStart(2, '0')} ${suffix}`;
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0
    ? `${h} h ${String(m).padStart(2, '0')} min`
    : `${m}:${String(s).padStart(2, '0')} min`;
}

/** An instant (a deadline) on the station's clock (one definition, in core). */
export { formatInstant } from '@teppan/core';
