import { routes } from '@teppan/web-client';
import { addDays, eachDate, isValidIsoDate, utcToZoned, weekdayOf } from '@teppan/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  buttonClass,
  compactSecondaryButtonClass,
  ErrorBox,
  Loading,
  PageHeader,
  RefreshButton,
} from '@teppan/web-ui';
import { useId, type KeyboardEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { call } from '../api.ts';
import { type BookingListItem } from '../api-bookings.ts';
import { cellOf, type SlotCell } from '../calendar-week.ts';
import { QueryStatus } from '../components/page-parts.tsx';
import { StationSelect } from '../components/page-station-fields.tsx';
import { statusLabel } from '../format.ts';
import { useSession } from '../session.tsx';

const pad = (n: number) => String(n).padStart(2, '0');
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const REFRESH_MS = 60_000;
/** The bookings list's largest page; a week rarely needs a second one. */
const PAGE_SIZE = 100;
const MAX_PAGES = 20;

type Month = { year: number; month: number };
type View = 'month' | 'week';

/** Today at the station once its time zone is known, else in the browser's. */
function todayIso(timeZone?: string): string {
  if (timeZone) return utcToZoned({ instant: new Date(), timeZone }).date;
  const today = new Date();
  return `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
}

/** Monday of the week a date falls in (weeks run Monday to Sunday). */
function mondayOf(date: string): string {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

function parseMonth(value: string | null): Month {
  const match = value ? /^(\d{4})-(\d{2})$/.exec(value) : null;
  if (match) return { year: Number(match[1]), month: Number(match[2]) };
  const today = new Date();
  return { year: today.getFullYear(), month: today.getMonth() + 1 };
}

function parseWeek(value: string | null): string {
  return mondayOf(value && isValidIsoDate(value) ? value : todayIso());
}

function shiftMonth(month: Month, by: number): string {
  const date = new Date(month.year, month.month - 1 + by, 1);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
}

function formatDay(date: string, options: Intl.DateTimeFormatOptions): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', { ...options, timeZone: 'UTC' });
}

function useAvailability(stationId: string, from: string, to: string) {
  return useQuery({
    queryKey: ['availability', stationId, from, to],
    queryFn: () =>
      call(routes.availability.range, { query: { from, to, stationId: stationId || undefined } }),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

export function CalendarPage() {
  const id = useId();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'week' ? 'week' : 'month';
  const stationId = params.get('stationId') ?? me.stations[0]?.id ?? '';

  const go = (next: Record<string, string | null>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next))
      if (value === null) merged.delete(key);
      else merged.set(key, value);
    setParams(merged);
  };
  const switchTo = (next: View) => {
    if (next === view) return;
    if (next === 'week') {
      const month = parseMonth(params.get('month'));
      const first = `${month.year}-${pad(month.month)}-01`;
      const isThisMonth = todayIso().startsWith(first.slice(0, 7));
      go({ view: 'week', week: mondayOf(isThisMonth ? todayIso() : first), month: null });
    } else {
      go({ view: null, month: parseWeek(params.get('week')).slice(0, 7), week: null });
    }
  };

  return (
    <>
      <PageHeader title="Calendar">
        <div role="group" aria-label="Calendar view" className="flex">
          {(['month', 'week'] as const).map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={view === option}
              onClick={() => switchTo(option)}
              className={`${view === option ? buttonClass : compactSecondaryButtonClass} ${
                option === 'month' ? 'rounded-r-none' : 'rounded-l-none'
              }`}
            >
              {option === 'month' ? 'Month' : 'Week'}
            </button>
          ))}
        </div>
        <StationSelect
          isInline
          id={`${id}-station`}
          value={stationId}
          onChange={(next) => go({ stationId: next })}
        />
      </PageHeader>
      {view === 'week' ? (
        <WeekView
          stationId={stationId}
          monday={parseWeek(params.get('week'))}
          onWeek={(week) => go({ week })}
        />
      ) : (
        <MonthView
          stationId={stationId}
          month={parseMonth(params.get('month'))}
          onMonth={(month) => go({ month })}
        />
      )}
    </>
  );
}

/**
 * Previous / today / next, as buttons and as keys (← → T) anywhere in the calendar region
 * except inside a form field.
 */
function Navigator(props: {
  unit: string;
  title: string;
  onPrevious: () => void;
  onToday: () => void;
  onNext: () => void;
  refresh: { onRefresh: () => unknown; isFetching: boolean };
}) {
  return (
    <div className="mb-3 flex flex-wrap items-center gap-2">
      <button type="button" className={compactSecondaryButtonClass} onClick={props.onPrevious}>
        Previous {props.unit}
      </button>
      <button type="button" className={compactSecondaryButtonClass} onClick={props.onToday}>
        {props.unit === 'week' ? 'This week' : 'This month'}
      </button>
      <button type="button" className={compactSecondaryButtonClass} onClick={props.onNext}>
        Next {props.unit}
      </button>
      <h2 className="min-w-40 text-center text-xl font-semibold" aria-live="polite">
        {props.title}
      </h2>
      <RefreshButton
        onRefresh={props.refresh.onRefresh}
        isFetching={props.refresh.isFetching}
        label="Refresh calendar"
      />
      <span className="text-sm text-stone-600">Keys: ← previous, → next, T today</span>
    </div>
  );
}

function navigationKeys(handlers: { previous: () => void; next: () => void; today: () => void }) {
  return (event: KeyboardEvent<HTMLElement>) => {
    const target = event.target as HTMLElement;
    if (['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key === 'ArrowLeft') handlers.previous();
    else if (event.key === 'ArrowRight') handlers.next();
    else if (event.key === 't' || event.key === 'T') handlers.today();
    else return;
    event.preventDefault();
  };
}

function MonthView(props: { stationId: string; month: Month; onMonth: (month: string) => void }) {
  const { month: current } = props;
  const daysInMonth = new Date(current.year, current.month, 0).getDate();
  const from = `${current.year}-${pad(current.month)}-01`;
  const to = `${current.year}-${pad(current.month)}-${pad(daysInMonth)}`;
  const title = new Date(current.year, current.month - 1, 1).toLocaleDateString('en-US', {
    month: 'long',
    year: 'numeric',
  });
  const availability = useAvailability(props.stationId, from, to);
  const previous = () => props.onMonth(shiftMonth(current, -1));
  const next = () => props.onMonth(shiftMonth(current, 1));
  const today = () => props.onMonth(todayIso(availability.data?.timeZone).slice(0, 7));

  const byDate = new Map((availability.data?.days ?? []).map((day) => [day.date, day.slots]));
  // Monday-first grid: blank cells before the 1st.
  const leading = (new Date(current.year, current.month - 1, 1).getDay() + 6) % 7;
  const cells: (string | null)[] = [
    ...Array.from({ length: leading }, () => null),
    ...Array.from(
      { length: daysInMonth },
      (_, i) => `${current.year}-${pad(current.month)}-${pad(i + 1)}`,
    ),
  ];

  return (
    <section aria-label="Month calendar" onKeyDown={navigationKeys({ previous, next, today })}>
      <Navigator
        unit="month"
        title={title}
        onPrevious={previous}
        onToday={today}
        onNext={next}
        refresh={{ onRefresh: () => availability.refetch(), isFetching: availability.isFetching }}
      />
      <QueryStatus
        query={availability}
        loading="Loading capacity…"
        error="Capacity did not load."
      />
      {availability.data ? (
        <div role="table" aria-label={`Capacity in ${title}`} className="overflow-x-auto">
          <div role="row" className="grid min-w-[56rem] grid-cols-7 gap-1">
            {WEEKDAYS.map((day) => (
              <div key={day} role="columnheader" className="p-1 text-center font-semibold">
                {day}
              </div>
            ))}
          </div>
          {Array.from({ length: Math.ceil(cells.length / 7) }, (_, week) => (
            <div key={week} role="row" className="grid min-w-[56rem] grid-cols-7 gap-1 pb-1">
              {cells.slice(week * 7, week * 7 + 7).map((date, index) =>
                date ? (
                  <div
                    key={date}
                    role="cell"
                    data-date={date}
                    className="min-h-28 rounded border border-stone-300 bg-white p-1 text-xs"
                  >
                    <p className="font-semibold">{Number(date.slice(8))}</p>
                    <ul>
                      {(byDate.get(date) ?? []).map((slot) => (
                        <li
                          key={slot.slot}
                          data-testid={`slot-${date}-${slot.slot}`}
                          className={slot.remaining > 0 ? 'text-stone-900' : 'text-stone-500'}
                          title={slot.reason ?? slot.label}
                        >
                          {slot.slot}: {slot.taken}/{slot.capacity} taken, {slot.remaining} left
                        </li>
                      ))}
                    </ul>
                  </div>
                ) : (
                  <div key={`blank-${index}`} role="cell" aria-hidden="true" />
                ),
              )}
            </div>
          ))}
          <p className="mt-2 text-sm text-stone-600">Times in {availability.data.timeZone}.</p>
        </div>
      ) : null}
    </section>
  );
}

/** Every booking of the station in the range, page after page (cancelled ones included). */
async function fetchRangeBookings(options: {
  stationId: string;
  from: string;
  to: string;
}): Promise<BookingListItem[]> {
  const items: BookingListItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await call(routes.admin.bookings, {
      query: { ...options, stationId: options.stationId || undefined, cursor, limit: PAGE_SIZE },
    });
    items.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return items;
}

function WeekView(props: { stationId: string; monday: string; onWeek: (monday: string) => void }) {
  const { stationId, monday } = props;
  const sunday = addDays(monday, 6);
  const days = eachDate(monday, sunday);
  const availability = useAvailability(stationId, monday, sunday);
  const bookings = useQuery({
    queryKey: ['calendar-week-bookings', stationId, monday],
    queryFn: () => fetchRangeBookings({ stationId, from: monday, to: sunday }),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const previous = () => props.onWeek(addDays(monday, -7));
  const next = () => props.onWeek(addDays(monday, 7));
  const stationToday = todayIso(availability.data?.timeZone);
  const today = () => props.onWeek(mondayOf(stationToday));
  const title = `${formatDay(monday, { month: 'short', day: 'numeric' })} – ${formatDay(sunday, {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  })}`;
  const slotsByDate = new Map((availability.data?.days ?? []).map((day) => [day.date, day.slots]));
  const slotTimes = availability.data?.days[0]?.slots.map((slot) => slot.slot) ?? [];
  const bookingsAt = (date: string, slot: string) =>
    (bookings.data ?? []).filter((booking) => booking.date === date && booking.slot === slot);
  const isToday = (date: string) => date === stationToday;

  return (
    <section aria-label="Week calendar" onKeyDown={navigationKeys({ previous, next, today })}>
      <Navigator
        unit="week"
        title={title}
        onPrevious={previous}
        onToday={today}
        onNext={next}
        refresh={{
          onRefresh: () => Promise.all([availability.refetch(), bookings.refetch()]),
          isFetching: availability.isFetching || bookings.isFetching,
        }}
      />
      {availability.isPending || bookings.isPending ? <Loading label="Loading the week…" /> : null}
      {availability.isError ? (
        <ErrorBox error={availability.error} title="Capacity did not load." />
      ) : null}
      {bookings.isError ? <ErrorBox error={bookings.error} title="Bookings did not load." /> : null}
      {availability.data && bookings.data ? (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[64rem] table-fixed border-separate border-spacing-1 text-xs">
            <caption className="sr-only">
              Capacity, booked, held and remaining per slot, {title}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="w-20 p-1 text-left">
                  Slot
                </th>
                {days.map((date) => (
                  <th
                    key={date}
                    scope="col"
                    aria-current={isToday(date) ? 'date' : undefined}
                    className={`p-1 text-center ${isToday(date) ? 'rounded bg-amber-100' : ''}`}
                  >
                    {formatDay(date, { weekday: 'short', month: 'short', day: 'numeric' })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {slotTimes.map((time) => (
                <tr key={time}>
                  <th scope="row" className="p-1 text-left align-top font-semibold">
                    {slotsByDate.get(monday)?.find((slot) => slot.slot === time)?.label ?? time}
                    <br />
                    <span className="font-normal">{time}</span>
                  </th>
                  {days.map((date) => {
                    const slot = slotsByDate.get(date)?.find((s) => s.slot === time);
                    if (!slot) return <td key={date} />;
                    return (
                      <WeekCell
                        key={date}
                        date={date}
                        cell={cellOf(slot, bookingsAt(date, time))}
                      />
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2 text-sm text-stone-600">
            Times in {availability.data.timeZone}. Held = places in checkout (agreement or deposit
            still to come); they free up if the hold expires.
          </p>
        </div>
      ) : null}
    </section>
  );
}

function WeekCell({ date, cell }: { date: string; cell: SlotCell }) {
  const isFull = cell.remaining === 0;
  return (
    <td
      data-testid={`week-slot-${date}-${cell.slot}`}
      className={`rounded border p-1 align-top ${
        isFull ? 'border-stone-300 bg-stone-100' : 'border-stone-300 bg-white'
      }`}
      title={cell.reason ?? cell.label}
    >
      <dl className="grid grid-cols-2 gap-x-1">
        <dt>Capacity</dt>
        <dd className="text-right font-semibold">{cell.capacity}</dd>
        <dt>Booked</dt>
        <dd className="text-right">{cell.booked}</dd>
        <dt>Held</dt>
        <dd className="text-right">{cell.held}</dd>
        <dt>Remaining</dt>
        <dd className={`text-right font-semibold ${isFull ? 'text-stone-600' : 'text-green-800'}`}>
          {cell.remaining}
        </dd>
      </dl>
      {cell.reason ? <p className="mt-1 text-stone-600">{cell.reason}</p> : null}
      {cell.bookings.length ? (
        <ul className="mt-1 border-t border-stone-200 pt-1">
          {cell.bookings.map((booking) => (
            <li key={booking.id}>
              <Link to={`/bookings/${booking.id}`} className="text-amber-900 underline">
                {booking.number}
              </Link>{' '}
              {booking.customer.name}, {booking.guests} guests
              {booking.status === 'confirmed' ? '' : ` · ${statusLabel(booking.status)}`}
            </li>
          ))}
        </ul>
      ) : null}
    </td>
  );
}
