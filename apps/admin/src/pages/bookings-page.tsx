import { bookingStatuses } from '@teppan/core';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, queryString, type BookingPage } from '../api.ts';
import {
  buttonClass,
  Empty,
  ErrorBox,
  inputClass,
  Loading,
  PageHeader,
  RefreshButton,
  secondaryButtonClass,
} from '../components/ui.tsx';
import { formatCents, statusLabel } from '../format.ts';
import { useSession } from '../session.tsx';

const PAGE_SIZE = 25;

export function BookingsPage() {
  const id = useId();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const filters = {
    status: params.get('status') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    q: params.get('q') ?? '',
    stationId: params.get('stationId') ?? '',
  };
  // The form edits a draft; the URL (and so the query key) changes on submit only.
  const [draft, setDraft] = useState(filters);
  const set = (key: keyof typeof filters) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: value }));

  const bookings = useInfiniteQuery({
    queryKey: ['bookings', filters],
    queryFn: ({ pageParam }) =>
      api<BookingPage>(
        `/api/v1/admin/bookings${queryString({ ...filters, cursor: pageParam, limit: PAGE_SIZE })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(draft)) if (value) next.set(key, value);
    setParams(next);
  };
  const csvHref = `/api/v1/admin/bookings.csv${queryString(filters)}`;
  const items = bookings.data?.pages.flatMap((page) => page.items) ?? [];
  const stationName = (stationId: string) =>
    me.stations.find((station) => station.id === stationId)?.name ?? stationId.slice(0, 8);
  const isMultiStation = me.stations.length > 1;

  return (
    <>
      <PageHeader title="Bookings">
        <a className={secondaryButtonClass} href={csvHref} download>
          Export CSV
        </a>
        <RefreshButton
          onRefresh={() => bookings.refetch()}
          isFetching={bookings.isFetching}
          label="Refresh bookings"
        />
      </PageHeader>
      <form
        role="search"
        aria-label="Filter bookings"
        onSubmit={onSubmit}
        className="mb-4 grid gap-3 rounded border border-stone-300 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6"
      >
        <div className="sm:col-span-3 lg:col-span-2">
          <label htmlFor={`${id}-q`} className="block font-medium">
            Search
          </label>
          <input
            id={`${id}-q`}
            type="search"
            placeholder="Name, phone, email or number"
            value={draft.q}
            onChange={(event) => set('q')(event.target.value)}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor={`${id}-status`} className="block font-medium">
            Status
          </label>
          <select
            id={`${id}-status`}
            value={draft.status}
            onChange={(event) => set('status')(event.target.value)}
            className={inputClass}
          >
            <option value="">Any status</option>
            {bookingStatuses.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-from`} className="block font-medium">
            From
          </label>
          <input
            id={`${id}-from`}
            type="date"
            value={draft.from}
            onChange={(event) => set('from')(event.target.value)}
            className={inputClass}
          />
        </div>
        <div>
          <label htmlFor={`${id}-to`} className="block font-medium">
            To
          </label>
          <input
            id={`${id}-to`}
            type="date"
            value={draft.to}
            onChange={(event) => set('to')(event.target.value)}
            className={inputClass}
          />
        </div>
        {isMultiStation ? (
          <div>
            <label htmlFor={`${id}-station`} className="block font-medium">
              Station
            </label>
            <select
              id={`${id}-station`}
              value={draft.stationId}
              onChange={(event) => set('stationId')(event.target.value)}
              className={inputClass}
            >
              <option value="">All my stations</option>
              {me.stations.map((station) => (
                <option key={station.id} value={station.id}>
                  {station.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass}>
            Apply
          </button>
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => {
              setDraft({ status: '', from: '', to: '', q: '', stationId: '' });
              setParams(new URLSearchParams());
            }}
          >
            Clear
          </button>
        </div>
      </form>

      {bookings.isPending ? <Loading label="Loading bookings…" /> : null}
      {bookings.isError ? <ErrorBox error={bookings.error} title="Bookings did not load." /> : null}
      {bookings.isSuccess && items.length === 0 ? (
        <Empty>No bookings match these filters.</Empty>
      ) : null}
      {items.length > 0 ? (
        <div className="overflow-x-auto rounded border border-stone-300 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Bookings</caption>
            <thead className="bg-stone-200">
              <tr>
                <th scope="col" className="p-2">
                  Number
                </th>
                <th scope="col" className="p-2">
                  Event
                </th>
                <th scope="col" className="p-2">
                  Customer
                </th>
                <th scope="col" className="p-2">
                  Guests
                </th>
                <th scope="col" className="p-2">
                  Total
                </th>
                <th scope="col" className="p-2">
                  Status
                </th>
                {isMultiStation ? (
                  <th scope="col" className="p-2">
                    Station
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {items.map((booking) => (
                <tr
                  key={booking.id}
                  className="border-t border-stone-200"
                  data-testid="booking-row"
                >
                  <td className="p-2">
                    <Link
                      to={`/bookings/${booking.id}`}
                      className="font-semibold text-amber-900 underline"
                    >
                      {booking.number}
                    </Link>
                  </td>
                  <td className="p-2">
                    {booking.date} · {booking.slot}
                  </td>
                  <td className="p-2">
                    <div>{booking.customer.name}</div>
                    <div className="text-stone-600">{booking.customer.email}</div>
                  </td>
                  <td className="p-2">{booking.guests}</td>
                  <td className="p-2">
                    {booking.totalCents === null ? '—' : formatCents(booking.totalCents)}
                  </td>
                  <td className="p-2">{statusLabel(booking.status)}</td>
                  {isMultiStation ? (
                    <td className="p-2">{stationName(booking.stationId)}</td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {bookings.hasNextPage ? (
        <button
          type="button"
          className={`${secondaryButtonClass} mt-4`}
          onClick={() => void bookings.fetchNextPage()}
          disabled={bookings.isFetchingNextPage}
        >
          {bookings.isFetchingNextPage ? 'Loading more…' : 'Load more'}
        </button>
      ) : null}
    </>
  );
}
