import { bookingStatuses } from '@teppan/core';
import { compactSecondaryButtonClass, SelectField, TextField } from '@teppan/web-ui';
import { useId } from 'react';
import { Link } from 'react-router';
import { buildQuery, routes } from '@teppan/web-client';
import { call } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import {
  filterQuery,
  ListSearchBar,
  StationFilter,
  useListFilters,
} from '../components/list-search-bar.tsx';
import { LoadMore } from '../components/list-status.tsx';
import { PageList, RefreshPageHeader } from '../components/page-parts.tsx';
import { formatCents, statusLabel } from '../format.ts';
import { useCursorList } from '../hooks/page-cursor-list.ts';
import { useSession } from '../session.tsx';

const PAGE_SIZE = 25;

export function BookingsPage() {
  const id = useId();
  const me = useSession();
  const { filters, draft, set, apply, clear } = useListFilters([
    'status',
    'from',
    'to',
    'q',
    'stationId',
  ]);

  const { query: bookings, items } = useCursorList({
    queryKey: ['bookings', filters],
    fetchPage: (cursor) =>
      call(routes.admin.bookings, { query: { ...filterQuery(filters), cursor, limit: PAGE_SIZE } }),
    nextCursor: (last) => last.nextCursor,
    keepPrevious: true,
    refetchInterval: 60_000,
  });

  const csvHref = routes.admin.bookingsCsv.path + buildQuery(filterQuery(filters));
  const stationName = (stationId: string) =>
    me.stations.find((station) => station.id === stationId)?.name ?? stationId.slice(0, 8);
  const isMultiStation = me.stations.length > 1;
  // A chef's list has no amounts at all (their view of the API declares none).
  const canSeeMoney = me.permissions.includes('payments.read');

  return (
    <>
      <RefreshPageHeader title="Bookings" query={bookings} refreshLabel="Refresh bookings">
        <a className={compactSecondaryButtonClass} href={csvHref} download>
          Export CSV
        </a>
      </RefreshPageHeader>
      <ListSearchBar
        label="Filter bookings"
        className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6"
        onApply={apply}
        onClear={clear}
      >
        <TextField
          id={`${id}-q`}
          label="Search"
          className="sm:col-span-3 lg:col-span-2"
          type="search"
          placeholder="Name, email, phone or TP-number"
          hint="Full email or phone, part of a name, or a booking number"
          value={draft.q}
          onChange={(event) => set('q')(event.target.value)}
        />
        <SelectField
          id={`${id}-status`}
          label="Status"
          value={draft.status}
          onChange={(event) => set('status')(event.target.value)}
        >
          <option value="">Any status</option>
          {bookingStatuses.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </SelectField>
        <TextField
          id={`${id}-from`}
          label="From"
          type="date"
          value={draft.from}
          onChange={(event) => set('from')(event.target.value)}
        />
        <TextField
          id={`${id}-to`}
          label="To"
          type="date"
          value={draft.to}
          onChange={(event) => set('to')(event.target.value)}
        />
        <StationFilter id={`${id}-station`} value={draft.stationId} onChange={set('stationId')} />
      </ListSearchBar>

      <PageList
        query={bookings}
        items={items}
        loading="Loading bookings…"
        error="Bookings did not load."
        empty="No bookings match these filters."
      >
        <DataTable
          caption="Bookings"
          columns={[
            'Number',
            'Event',
            'Customer',
            'Guests',
            canSeeMoney ? 'Total' : null,
            'Status',
            isMultiStation ? 'Station' : null,
          ]}
        >
          {items.map((booking) => (
            <tr key={booking.id} className="border-t border-stone-200" data-testid="booking-row">
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
              {canSeeMoney ? (
                <td className="p-2">
                  {'totalCents' in booking ? formatCents(booking.totalCents) : '—'}
                </td>
              ) : null}
              <td className="p-2">{statusLabel(booking.status)}</td>
              {isMultiStation ? <td className="p-2">{stationName(booking.stationId)}</td> : null}
            </tr>
          ))}
        </DataTable>
      </PageList>
      <LoadMore query={bookings} className="mt-4" />
    </>
  );
}
