import { routes } from '@teppan/web-client';
import { useQuery } from '@tanstack/react-query';
import { addDays, utcToZoned, weekdayOf, type SlotTime } from '@teppan/core';
import { ErrorBox, Loading, secondaryButtonClass } from '@teppan/web-ui';
import { useState } from 'react';
import { call } from '../api.ts';
import { formatDate, formatTime } from '../format.ts';

function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

function monthEnd(start: string): string {
  return addDays(monthStart(addDays(start, 32)), -1);
}

const monthName = (start: string) =>
  new Date(`${start}T00:00:00Z`).toLocaleDateString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** Month calendar from GET /api/v1/availability; unbookable slots stay visible with the reason. */
export function SlotPicker(props: {
  timeZone: string;
  date: string | null;
  slot: SlotTime | null;
  onChange: (value: { date: string; slot: SlotTime | null }) => void;
  /** Changes invalidate the cached availability (e.g. after a booking moved). */
  refreshKey?: string;
}) {
  const today = utcToZoned({ instant: new Date(), timeZone: props.timeZone }).date;
  const [month, setMonth] = useState(monthStart(props.date ?? addDays(today, 2)));
  const from = month < today ? today : month;
  const to = monthEnd(month);
  const availability = useQuery({
    queryKey: ['availability', from, to, props.refreshKey ?? ''],
    queryFn: () => call(routes.availability.range, { query: { from, to } }),
    enabled: to >= today,
    staleTime: 15_000,
  });
  const days = new Map((availability.data?.days ?? []).map((d) => [d.date, d]));
  const selectedDay = props.date ? days.get(props.date) : undefined;
  const leading = weekdayOf(month);
  const cells: (string | null)[] = [...Array<null>(leading).fill(null)];
  for (let d = month; d <= to; d = addDays(d, 1)) cells.push(d);
  return (
    <div>
      <div className="mb-2 flex items-center justify-between">
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => setMonth(monthStart(addDays(month, -1)))}
          disabled={month <= monthStart(today)}
        >
          Previous month
        </button>
        <h3 className="font-semibold" aria-live="polite">
          {monthName(month)}
        </h3>
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => setMonth(addDays(to, 1))}
        >
          Next month
        </button>
      </div>
      {availability.isPending && to >= today ? <Loading label="Loading available dates…" /> : null}
      {availability.error ? (
        <ErrorBox error={availability.error} title="Availability could not be loaded" />
      ) : null}
      <div
        role="group"
        aria-label={`Dates in ${monthName(month)}`}
        className="grid grid-cols-7 gap-1 text-center text-sm"
      >
        {['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].map((d) => (
          <span key={d} aria-hidden="true" className="font-semibold text-stone-600">
            {d}
          </span>
        ))}
        {cells.map((date, i) => {
          if (!date) return <span key={`blank-${i}`} aria-hidden="true" />;
          const day = days.get(date);
          const open = day?.slots.some((s) => s.bookable) ?? false;
          const selected = props.date === date;
          return (
            <button
              key={date}
              type="button"
              data-date={date}
              aria-pressed={selected}
              aria-label={`${formatDate(date)}${open ? '' : ', no free slots'}`}
              disabled={!day}
              onClick={() => props.onChange({ date, slot: null })}
              className={`rounded border px-1 py-2 ${
                selected
                  ? 'border-amber-800 bg-amber-800 text-white'
                  : open
                    ? 'border-stone-400 bg-white hover:bg-amber-50'
                    : 'border-stone-200 bg-stone-100 text-stone-600 line-through'
              } disabled:no-underline disabled:opacity-60`}
            >
              {Number(date.slice(8))}
            </button>
          );
        })}
      </div>
      {props.date && selectedDay ? (
        <fieldset className="mt-4 rounded border border-stone-300 bg-white p-4">
          <legend className="px-1 font-semibold">Time slots on {formatDate(props.date)}</legend>
          {selectedDay.slots.map((s) => {
            const id = `slot-${s.slot.replace(':', '')}`;
            return (
              <div key={s.slot} className="mb-2">
                <input
                  type="radio"
                  id={id}
                  name="slot"
                  value={s.slot}
                  disabled={!s.bookable}
                  checked={props.slot === s.slot}
                  aria-describedby={`${id}-info`}
                  onChange={() => props.onChange({ date: props.date ?? '', slot: s.slot })}
                  className="mr-2"
                />
                <label htmlFor={id} className={s.bookable ? 'font-medium' : 'text-stone-600'}>
                  {s.label} · {formatTime(s.slot)}
                </label>
                <span
                  id={`${id}-info`}
                  className="ml-2 text-sm text-stone-700"
                  data-testid={`slot-info-${s.slot}`}
                >
                  {s.bookable
                    ? `${s.remaining} of ${s.capacity} open`
                    : (s.reason ?? 'Not available')}
                </span>
              </div>
            );
          })}
        </fieldset>
      ) : null}
    </div>
  );
}
