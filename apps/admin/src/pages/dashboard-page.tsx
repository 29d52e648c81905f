import { routes } from '@teppan/web-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Empty, Section } from '@teppan/web-ui';
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { call, queryString } from '../api.ts';
import { dashboardQueryKey, staffBlocks, type Dashboard } from '../api-dashboard.ts';
import { EventTable, formatDay, StatCard } from '../components/dashboard-cards.tsx';
import { ItemList, QueryStatus, RefreshPageHeader } from '../components/page-parts.tsx';
import { StationSelect } from '../components/page-station-fields.tsx';
import { formatCents, formatDateTime, methodLabel } from '../format.ts';
import { useSession } from '../session.tsx';

const REFRESH_MS = 60_000;

/** Today and this week at one station (the panel's home). */
export function DashboardPage() {
  const id = useId();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const stationId = params.get('stationId') ?? me.stations[0]?.id ?? '';
  const dashboard = useQuery({
    queryKey: dashboardQueryKey(stationId),
    queryFn: () =>
      call(routes.dashboard.overview, { query: { stationId: stationId || undefined } }),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
    refetchOnWindowFocus: true,
  });

  return (
    <>
      <RefreshPageHeader title="Dashboard" query={dashboard} refreshLabel="Refresh dashboard">
        <StationSelect
          isInline
          id={`${id}-station`}
          value={stationId}
          onChange={(next) => setParams({ stationId: next })}
        />
        {dashboard.data ? (
          <span className="text-sm text-stone-600" aria-live="polite">
            Updated {formatDateTime(dashboard.data.generatedAt)}
          </span>
        ) : null}
      </RefreshPageHeader>
      <QueryStatus
        query={dashboard}
        loading="Loading the dashboard…"
        error="The dashboard did not load."
      />
      {dashboard.data ? <DashboardBody data={dashboard.data} /> : null}
    </>
  );
}

function DashboardBody({ data }: { data: Dashboard }) {
  const stationId = data.station.id;
  const { depositsDue, unassigned, newLeads, messagesWaiting, money } = staffBlocks(data);
  const bookingsLink = (filters: Record<string, string>) =>
    `/bookings${queryString({ ...filters, stationId })}`;
  const byDay = new Map<string, Dashboard['week']['items']>();
  for (const event of data.week.items)
    byDay.set(event.date, [...(byDay.get(event.date) ?? []), event]);

  return (
    <>
      {data.scope.isOwnEventsOnly ? (
        <p className="mb-4 rounded border border-stone-300 bg-white p-3 text-stone-800">
          You see the events you are assigned to at {data.station.name}.
        </p>
      ) : null}
      <div className="mb-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <StatCard
          testId="card-today"
          title={`Events today (${formatDay(data.today.date)})`}
          count={data.today.count}
          to={bookingsLink({ from: data.today.date, to: data.today.date })}
        />
        <StatCard
          testId="card-week"
          title="Events this week"
          count={data.week.count}
          hint={`${formatDay(data.week.from)} – ${formatDay(data.week.to)}`}
          to={bookingsLink({ from: data.week.from, to: data.week.to })}
        />
        {depositsDue ? (
          <StatCard
            testId="card-deposits"
            title="Deposits due"
            count={depositsDue.bookings.count + depositsDue.holds.count}
            hint={`${depositsDue.bookings.count - depositsDue.bookings.reportedCount} awaiting payment, ${depositsDue.bookings.reportedCount} to confirm, ${depositsDue.holds.count} in checkout`}
            to={bookingsLink({ status: 'pending_deposit', from: data.today.date })}
          />
        ) : null}
        {unassigned ? (
          <StatCard
            testId="card-unassigned"
            title="Unassigned in the next 7 days"
            count={unassigned.count}
            isAlert={unassigned.count > 0}
            to={bookingsLink({ from: unassigned.from, to: unassigned.to })}
          />
        ) : null}
        {newLeads ? (
          <StatCard
            testId="card-leads"
            title="New leads (7 days)"
            count={newLeads.count}
            to={`/leads${queryString({ stationId })}`}
          />
        ) : null}
        {messagesWaiting ? (
          <StatCard
            testId="card-messages"
            title="Messages waiting for staff"
            count={messagesWaiting.count}
            isAlert={messagesWaiting.count > 0}
            to="/inbox?status=handoff"
          />
        ) : null}
        {money ? (
          <StatCard
            testId="card-money"
            title="This week's events: deposits received"
            count={formatCents(money.depositsReceivedCents)}
            hint={`Balance outstanding ${formatCents(money.balanceOutstandingCents)}`}
            to={bookingsLink({ from: money.weekFrom, to: money.weekTo })}
          />
        ) : null}
      </div>

      <Section title="Today">
        <EventTable events={data.today.items} caption="Events today" empty="No events today." />
      </Section>

      <Section title="This week">
        {data.week.items.length === 0 ? (
          <Empty>No events this week.</Empty>
        ) : (
          [...byDay].map(([date, events]) => (
            <div key={date} className="mb-4">
              <h3 className="mb-1 font-semibold">{formatDay(date)}</h3>
              <EventTable events={events} caption={`Events on ${date}`} empty="No events." />
            </div>
          ))
        )}
        {data.week.count > data.week.items.length ? (
          <p className="mt-2 text-sm text-stone-600">
            Showing {data.week.items.length} of {data.week.count};{' '}
            <Link
              to={bookingsLink({ from: data.week.from, to: data.week.to })}
              className="underline"
            >
              see them all in the list
            </Link>
            .
          </p>
        ) : null}
      </Section>

      {unassigned ? (
        <Section title="Unassigned events in the next 7 days">
          <ItemList items={unassigned.items} empty="Every event in the next 7 days has a chef.">
            {(event) => (
              <>
                <Link to={`/bookings/${event.id}`} className="font-medium text-amber-900 underline">
                  {event.number}
                </Link>{' '}
                {formatDay(event.date)} {event.time} · {event.customerName} · {event.guests} guests
              </>
            )}
          </ItemList>
        </Section>
      ) : null}

      {depositsDue ? (
        <Section title="Deposits due">
          <h3 className="mb-1 font-semibold">Bookings waiting for their deposit</h3>
          <ItemList
            items={depositsDue.bookings.items}
            empty="No booking is waiting for a deposit."
            className="mb-4 divide-y divide-stone-200"
          >
            {(booking) => (
              <>
                <Link
                  to={`/bookings/${booking.id}`}
                  className="font-medium text-amber-900 underline"
                >
                  {booking.number}
                </Link>{' '}
                {formatDay(booking.date)} {booking.time} · {booking.customerName} · deposit{' '}
                {formatCents(booking.depositCents)}
                {booking.reported ? (
                  <p className="text-sm" data-testid="deposit-reported">
                    <span className="rounded bg-amber-100 px-1 font-semibold text-amber-950">
                      Customer says paid
                    </span>{' '}
                    by {methodLabel(booking.reported.method)}, reference{' '}
                    <span className="font-mono">{booking.reported.reference}</span>
                    {booking.deadline ? (
                      <>
                        {' '}
                        — confirm by <strong>{formatDateTime(booking.deadline)}</strong>
                      </>
                    ) : null}
                  </p>
                ) : booking.deadline ? (
                  <p className="text-sm text-stone-700">
                    To pay by <strong>{formatDateTime(booking.deadline)}</strong>; cancelled
                    automatically if unpaid
                  </p>
                ) : null}
              </>
            )}
          </ItemList>
          <h3 className="mb-1 font-semibold">Holds in checkout</h3>
          <ItemList items={depositsDue.holds.items} empty="No hold is running.">
            {(hold) => (
              <>
                {formatDay(hold.date)} {hold.slot} · {hold.customerName} ·{' '}
                {hold.status === 'awaiting_signature' ? 'to sign' : 'to pay the deposit'} by{' '}
                <strong>{formatDateTime(hold.deadline)}</strong>
              </>
            )}
          </ItemList>
        </Section>
      ) : null}

      {newLeads ? (
        <Section title="New leads (last 7 days)">
          <ItemList items={newLeads.items} empty="No new leads this week.">
            {(lead) => (
              <>
                <Link
                  to={`/leads${queryString({ lead: lead.id })}`}
                  className="font-medium text-amber-900 underline"
                >
                  {lead.name ?? 'Unnamed lead'}
                </Link>{' '}
                · {lead.source} · score {lead.score} · {formatDateTime(lead.createdAt)}
              </>
            )}
          </ItemList>
        </Section>
      ) : null}

      {messagesWaiting ? (
        <Section title="Messages waiting for staff">
          <ItemList items={messagesWaiting.items} empty="No conversation is waiting for staff.">
            {(conversation) => (
              <>
                <Link
                  to={`/inbox/${conversation.id}`}
                  className="font-medium text-amber-900 underline"
                >
                  {conversation.channel === 'sms' ? 'SMS' : 'Web chat'}
                </Link>{' '}
                · {conversation.handoffReason ?? 'handed to staff'} ·{' '}
                {formatDateTime(conversation.updatedAt)}
                {conversation.handoffSummary ? (
                  <p className="text-sm text-stone-700">{conversation.handoffSummary}</p>
                ) : null}
              </>
            )}
          </ItemList>
        </Section>
      ) : null}
      <p className="text-sm text-stone-600">
        Dates in {data.station.timeZone}; weeks run Monday to Sunday. Refreshes every minute.
      </p>
    </>
  );
}
