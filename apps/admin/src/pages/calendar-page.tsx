import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { api, queryString, type Availability } from '../api.ts';
import {
  ErrorBox,
  inputClass,
  Loading,
  PageHeader,
  RefreshButton,
  secondaryButtonClass,
} from '../components/ui.tsx';
import { useSession } from '../session.tsx';

const pad = (n: number) => String(n).padStart(2, '0');
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function parseMonth(value: string | null): { year: number; month: number } {
  const match = value ? /^(\d{4})-(\d{2})$/.exec(value) : null;
  if (match) return { year: Number(match[1]), month: Number(match[2]) };
  const today = new Date();
  return { year: today.getFullYear(), month: today.getMonth() + 1 };
}

function shift(month: { year: number; month: number }, by: number): string {
  const date = new Date(month.year, month.month - 1 + by, 1);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
}

export function CalendarPage() {
  const id = useId();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const current = parseMonth(params.get('month'));
  const stationId = params.get('stationId') ?? me.stations[0]?.id ?? '';
  const daysInMonth = new Date(current.year, current.month, 0).getDate();
  const from = `${current.year}-${pad(current.month)}-01`;
  const to = `${current.year}-${pad(current.month)}-${pad(daysInMonth)}`;
  const title = new Date(current.year, current.month - 1, 1).toLocaleDateString('en-US', {
    month: 'long',
    year: 'numeric',
  });

  const availability = useQuery({
    queryKey: ['availability', stationId, from, to],
    queryFn: () => api<Availability>(`/api/v1/availability${queryString({ from, to, stationId })}`),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

  const go = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) merged.set(key, value);
    setParams(merged);
  };
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
    <>
      <PageHeader title="Calendar">
        {me.stations.length > 1 ? (
          <div className="flex items-center gap-2">
            <label htmlFor={`${id}-station`} className="font-medium">
              Station
            </label>
            <select
              id={`${id}-station`}
              value={stationId}
              onChange={(event) => go({ stationId: event.target.value })}
              className={`${inputClass} mt-0`}
            >
              {me.stations.map((station) => (
                <option key={station.id} value={station.id}>
                  {station.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <RefreshButton
          onRefresh={() => availability.refetch()}
          isFetching={availability.isFetching}
          label="Refresh calendar"
        />
      </PageHeader>
      <div className="mb-3 flex items-center gap-2">
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => go({ month: shift(current, -1) })}
        >
          Previous month
        </button>
        <h2 className="min-w-40 text-center text-xl font-semibold" aria-live="polite">
          {title}
        </h2>
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => go({ month: shift(current, 1) })}
        >
          Next month
        </button>
      </div>
      {availability.isPending ? <Loading label="Loading capacity…" /> : null}
      {availability.isError ? (
        <ErrorBox error={availability.error} title="Capacity did not load." />
      ) : null}
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
    </>
  );
}
