import { routes } from '@teppan/web-client';
import { useQuery } from '@tanstack/react-query';
import { Empty, ErrorBox, Loading, Section, TextField } from '@teppan/web-ui';
import { useId, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { call } from '../api.ts';
import { customerListQuery, type ConsentInForce } from '../api-customers.ts';
import { leadSourceLabel, leadStatusLabel } from '../api-leads.ts';
import { DataTable } from '../components/data-table.tsx';
import { ListSearchBar, StationFilter, useListFilters } from '../components/list-search-bar.tsx';
import { LoadMore } from '../components/list-status.tsx';
import { BackLink, PageList, RefreshPageHeader } from '../components/page-parts.tsx';
import { formatCents, formatDateTime, statusLabel } from '../format.ts';
import { useCursorList } from '../hooks/page-cursor-list.ts';
import { useCan } from '../session.tsx';

const PAGE_SIZE = 25;

export function CustomersPage() {
  const id = useId();
  const { filters, draft, set, apply, clear } = useListFilters(['q', 'stationId']);

  const { query: customers, items } = useCursorList({
    queryKey: ['customers', filters],
    fetchPage: (cursor) =>
      call(routes.customers.list, {
        query: customerListQuery(filters, { cursor, limit: PAGE_SIZE }),
      }),
    nextCursor: (last) => last.nextCursor,
    keepPrevious: true,
    refetchInterval: 120_000,
  });

  return (
    <>
      <RefreshPageHeader title="Customers" query={customers} refreshLabel="Refresh customers" />
      <ListSearchBar
        label="Search customers"
        className="flex flex-wrap items-end gap-3"
        submitLabel="Search"
        onApply={apply}
        onClear={clear}
      >
        <TextField
          id={`${id}-q`}
          label="Search"
          className="min-w-64 grow"
          type="search"
          placeholder="Name, email or phone"
          hint="Full email or phone, or part of a name"
          value={draft.q}
          onChange={(event) => set('q')(event.target.value)}
        />
        <StationFilter id={`${id}-station`} value={draft.stationId} onChange={set('stationId')} />
      </ListSearchBar>

      <PageList
        query={customers}
        items={items}
        loading="Loading customers…"
        error="Customers did not load."
        empty="No customers match this search."
      >
        <DataTable
          caption="Customers, latest event first"
          columns={['Customer', 'Phone', 'Bookings', 'Last event', 'Lifetime value']}
        >
          {items.map((customer) => (
            <tr key={customer.id} className="border-t border-stone-200" data-testid="customer-row">
              <td className="p-2">
                <Link
                  to={`/customers/${customer.id}`}
                  className="font-semibold text-amber-900 underline"
                >
                  {customer.name}
                </Link>
                <div className="text-stone-600">{customer.email}</div>
              </td>
              <td className="p-2">{customer.phone}</td>
              <td className="p-2">{customer.bookingCount}</td>
              <td className="p-2">
                {customer.lastBookingAt ? formatDateTime(customer.lastBookingAt) : 'Lead only'}
              </td>
              <td className="p-2">{formatCents(customer.netReceivedCents)}</td>
            </tr>
          ))}
        </DataTable>
      </PageList>
      <LoadMore query={customers} className="mt-4" />
    </>
  );
}

const consentStateLabel: Record<ConsentInForce['state'], string> = {
  opted_in: 'Opted in',
  opted_out: 'Opted out',
  unknown: 'No answer',
};

/** A line of the lifetime-value breakdown. */
function AmountRow(props: { label: string; children: ReactNode }) {
  return (
    <tr>
      <th scope="row" className="pr-4 text-left font-normal">
        {props.label}
      </th>
      <td className="text-right">{props.children}</td>
    </tr>
  );
}

export function CustomerDetailPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const customer = useQuery({
    queryKey: ['customer', id],
    queryFn: () => call(routes.customers.detail, { params: { id } }),
    refetchInterval: 120_000,
  });

  if (customer.isPending) return <Loading label="Loading customer…" />;
  if (customer.isError)
    return <ErrorBox error={customer.error} title="This customer did not load." />;
  const c = customer.data;
  const value = c.stats.lifetimeValue;

  return (
    <>
      <BackLink to="/customers">Customers</BackLink>
      <RefreshPageHeader title={c.name} query={customer} refreshLabel="Refresh customer" />
      <p className="mb-4 text-stone-700">
        <a className="underline" href={`mailto:${c.email}`}>
          {c.email}
        </a>{' '}
        · {c.phone} · customer since {formatDateTime(c.createdAt)}
      </p>

      <Section title="Lifetime value">
        <dl className="grid gap-3 sm:grid-cols-3">
          <div>
            <dt className="text-sm text-stone-600">Net received</dt>
            <dd className="text-2xl font-bold" data-testid="ltv-net">
              {formatCents(value.netReceivedCents)}
            </dd>
          </div>
          <div>
            <dt className="text-sm text-stone-600">Completed events’ value</dt>
            <dd className="text-2xl font-bold">{formatCents(value.completedValueCents)}</dd>
          </div>
          <div>
            <dt className="text-sm text-stone-600">Bookings</dt>
            <dd className="text-2xl font-bold">
              {c.stats.bookingCount}{' '}
              <span className="text-base font-normal text-stone-600">
                ({c.stats.completedCount} completed, {c.stats.cancelledCount} cancelled)
              </span>
            </dd>
          </div>
        </dl>
        <details className="mt-3">
          <summary className="cursor-pointer font-medium">How it adds up</summary>
          <table className="mt-2 text-sm">
            <tbody>
              <AmountRow label="Deposits received">{formatCents(value.depositsCents)}</AmountRow>
              <AmountRow label="Balances received">{formatCents(value.balancesCents)}</AmountRow>
              <AmountRow label="Fees received">{formatCents(value.feesCents)}</AmountRow>
              <AmountRow label="Refunds paid out">−{formatCents(value.refundedCents)}</AmountRow>
              <tr className="border-t border-stone-300 font-semibold">
                <th scope="row" className="pr-4 text-left">
                  Net received
                </th>
                <td className="text-right">{formatCents(value.netReceivedCents)}</td>
              </tr>
              {value.refundsOwedCents > 0 ? (
                <AmountRow label="Refunds still owed">
                  {formatCents(value.refundsOwedCents)}
                </AmountRow>
              ) : null}
            </tbody>
          </table>
          <p className="mt-2 text-sm text-stone-600">
            Money that actually arrived (succeeded deposits, balances and fees) minus refunds paid
            out. Pending and failed payments do not count. First event{' '}
            {c.stats.firstBookingDate ?? '—'}, last event {c.stats.lastBookingDate ?? '—'}.
          </p>
        </details>
      </Section>

      <Section title="Bookings">
        {c.bookings.length === 0 ? (
          <Empty>No bookings in your stations yet.</Empty>
        ) : (
          <DataTable
            caption={`Bookings of ${c.name}`}
            className="overflow-x-auto"
            headClassName="bg-stone-100"
            columns={['Number', 'Event', 'Guests', 'Status', 'Total', 'Received']}
          >
            {c.bookings.map((b) => (
              <tr key={b.id} className="border-t border-stone-200">
                <td className="p-2">
                  <Link to={`/bookings/${b.id}`} className="font-semibold text-amber-900 underline">
                    {b.number}
                  </Link>
                </td>
                <td className="p-2">
                  {b.date} · {b.slot}
                </td>
                <td className="p-2">{b.guests}</td>
                <td className="p-2">{statusLabel(b.status)}</td>
                <td className="p-2">{formatCents(b.totalCents)}</td>
                <td className="p-2">{formatCents(b.paidCents)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Section>

      <Section title="Consents">
        <DataTable
          caption="Consent in force per channel and purpose"
          className="overflow-x-auto"
          headClassName="bg-stone-100"
          columns={['Channel', 'Purpose', 'In force', 'Source', 'Since']}
        >
          {c.consents.inForce.map((consent) => (
            <tr key={`${consent.channel}-${consent.purpose}`} className="border-t border-stone-200">
              <td className="p-2">{consent.channel === 'sms' ? 'Text (SMS)' : 'Email'}</td>
              <td className="p-2">{consent.purpose}</td>
              <td
                className={`p-2 font-semibold ${consent.state === 'opted_out' ? 'text-red-800' : consent.state === 'opted_in' ? 'text-green-800' : 'text-stone-600'}`}
              >
                {consentStateLabel[consent.state]}
              </td>
              <td className="p-2">{consent.source ?? '—'}</td>
              <td className="p-2">{consent.at ? formatDateTime(consent.at) : '—'}</td>
            </tr>
          ))}
        </DataTable>
        <details className="mt-3">
          <summary className="cursor-pointer font-medium">
            History ({c.consents.history.length})
          </summary>
          {c.consents.history.length === 0 ? (
            <p className="mt-2 text-stone-600">No consent recorded for this email or phone.</p>
          ) : (
            <ol className="mt-2 space-y-2 text-sm">
              {c.consents.history.map((h) => (
                <li key={h.id} className="rounded border border-stone-200 p-2">
                  <span className="font-semibold">
                    {h.channel} · {h.purpose} · {h.status.replace('_', ' ')}
                  </span>{' '}
                  — {h.source}, {formatDateTime(h.at)}
                  {h.ip ? ` from ${h.ip}` : ''}
                  {h.textShown ? (
                    <blockquote className="mt-1 border-l-2 border-stone-300 pl-2 text-stone-700">
                      {h.textShown}
                    </blockquote>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </details>
      </Section>

      <Section title="Leads">
        {c.leads.length === 0 ? (
          <Empty>No leads for this customer.</Empty>
        ) : (
          <ul className="space-y-2">
            {c.leads.map((lead) => (
              <li key={lead.id} className="flex flex-wrap items-center gap-2">
                {can('leads.read') ? (
                  <Link
                    to={`/leads?lead=${lead.id}`}
                    className="font-semibold text-amber-900 underline"
                  >
                    {leadStatusLabel(lead.status)} lead
                  </Link>
                ) : (
                  <span className="font-semibold">{leadStatusLabel(lead.status)} lead</span>
                )}
                <span>
                  from {leadSourceLabel(lead.source)}, score {lead.score}, created{' '}
                  {formatDateTime(lead.createdAt)}
                </span>
                {lead.nextFollowUpAt ? (
                  <span className={lead.isOverdue ? 'font-semibold text-red-800' : ''}>
                    · follow up {formatDateTime(lead.nextFollowUpAt)}
                    {lead.isOverdue ? ' (overdue)' : ''}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
