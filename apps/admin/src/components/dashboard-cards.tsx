import { Empty } from '@teppan/web-ui';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { DashboardEvent } from '../api-dashboard.ts';
import { statusLabel } from '../format.ts';
import { DataTable } from './data-table.tsx';

/** "Mon, Jan 5" for a calendar date (YYYY-MM-DD), whatever the browser's time zone. */
export function formatDay(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** One headline number that links to the list behind it. */
export function StatCard(props: {
  title: string;
  count: number | string;
  to: string;
  hint?: string;
  isAlert?: boolean;
  testId: string;
}) {
  return (
    <Link
      to={props.to}
      data-testid={props.testId}
      className={`block rounded border p-4 hover:bg-stone-50 focus:outline-2 focus:outline-amber-800 ${
        props.isAlert ? 'border-red-400 bg-red-50' : 'border-stone-300 bg-white'
      }`}
    >
      <span className="block text-sm font-medium text-stone-700">{props.title}</span>
      <span className="block text-3xl font-bold">{props.count}</span>
      {props.hint ? <span className="block text-sm text-stone-600">{props.hint}</span> : null}
    </Link>
  );
}

export function EventTable(props: { events: DashboardEvent[]; caption: string; empty: ReactNode }) {
  if (props.events.length === 0) return <Empty>{props.empty}</Empty>;
  return (
    <DataTable
      caption={props.caption}
      className="overflow-x-auto"
      columns={['Number', 'When', 'Customer', 'Guests', 'Status', 'Chefs']}
    >
      {props.events.map((event) => (
        <tr key={event.id} className="border-t border-stone-200">
          <td className="p-2">
            <Link to={`/bookings/${event.id}`} className="font-medium text-amber-900 underline">
              {event.number}
            </Link>
          </td>
          <td className="p-2">
            {formatDay(event.date)} {event.time}
          </td>
          <td className="p-2">{event.customerName}</td>
          <td className="p-2">{event.guests}</td>
          <td className="p-2">{statusLabel(event.status)}</td>
          <td className="p-2">
            {event.chefs.length ? (
              event.chefs.map((chef) => chef.name).join(', ')
            ) : (
              <span className="font-medium text-red-800">Unassigned</span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
