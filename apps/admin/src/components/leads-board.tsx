import { routes } from '@teppan/web-client';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { ErrorBox, Loading } from '@teppan/web-ui';
import { useId } from 'react';
import { call } from '../api.ts';
import {
  leadDetails,
  leadListQuery,
  leadMoves,
  leadSourceLabel,
  leadStatusLabel,
  type Lead,
  type LeadFilters,
  type LeadStatus,
} from '../api-leads.ts';
import { formatDateTime } from '../format.ts';
import { LoadMore } from './list-status.tsx';

const PAGE_SIZE = 25;

export function leadColumnKey(status: LeadStatus, filters: LeadFilters) {
  return ['leads', status, filters] as const;
}

/** One pipeline column: its count, its cards (soonest follow-up first), "Load more". */
export function LeadColumn(props: {
  status: LeadStatus;
  filters: LeadFilters;
  selectedId: string | null;
  canManage: boolean;
  isMoving: boolean;
  onOpen: (lead: Lead) => void;
  onMove: (lead: Lead, to: LeadStatus) => void;
}) {
  const headingId = useId();
  const column = useInfiniteQuery({
    queryKey: leadColumnKey(props.status, props.filters),
    queryFn: ({ pageParam }) =>
      call(routes.leads.list, {
        query: {
          ...leadListQuery(props.filters),
          status: props.status,
          cursor: pageParam,
          limit: PAGE_SIZE,
        },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const items = column.data?.pages.flatMap((page) => page.items) ?? [];
  const count = column.data?.pages[0]?.counts[props.status];

  return (
    <section
      aria-labelledby={headingId}
      className="flex min-w-0 flex-col rounded border border-stone-300 bg-stone-50"
      data-testid={`lead-column-${props.status}`}
    >
      <h2 id={headingId} className="border-b border-stone-300 px-3 py-2 font-semibold">
        {leadStatusLabel(props.status)}{' '}
        <span className="text-stone-600" data-testid="lead-count">
          ({count ?? '…'})
        </span>
      </h2>
      <div className="flex flex-col gap-2 p-2">
        {column.isPending ? <Loading label="Loading…" /> : null}
        {column.isError ? <ErrorBox error={column.error} /> : null}
        {column.isSuccess && items.length === 0 ? (
          <p className="px-1 py-2 text-sm text-stone-600">No leads.</p>
        ) : null}
        {items.map((lead) => (
          <LeadCard
            key={lead.id}
            lead={lead}
            isSelected={lead.id === props.selectedId}
            canManage={props.canManage}
            isMoving={props.isMoving}
            onOpen={() => props.onOpen(lead)}
            onMove={(to) => props.onMove(lead, to)}
          />
        ))}
        <LoadMore query={column} />
      </div>
    </section>
  );
}

function LeadCard(props: {
  lead: Lead;
  isSelected: boolean;
  canManage: boolean;
  isMoving: boolean;
  onOpen: () => void;
  onMove: (to: LeadStatus) => void;
}) {
  const { lead } = props;
  const selectId = useId();
  const moves = leadMoves(lead.status);
  const details = leadDetails(lead);
  const name = lead.name ?? lead.email ?? lead.phone ?? 'Unnamed lead';
  return (
    <article
      className={`rounded border bg-white p-2 text-sm ${props.isSelected ? 'border-amber-800 ring-2 ring-amber-700' : 'border-stone-300'}`}
      data-testid="lead-card"
    >
      <button
        type="button"
        onClick={props.onOpen}
        className="block w-full text-left font-semibold text-amber-900 underline"
        aria-label={`Open ${name}`}
      >
        {name}
      </button>
      <p className="text-stone-700">
        {leadSourceLabel(lead.source)} · score {lead.score}
      </p>
      {details.eventDate || details.guests ? (
        <p className="text-stone-700">
          {details.eventDate ?? 'date open'}
          {details.guests ? ` · ${details.guests} guests` : ''}
        </p>
      ) : null}
      {lead.nextFollowUpAt ? (
        <p className={lead.isOverdue ? 'font-semibold text-red-800' : 'text-stone-700'}>
          {lead.isOverdue ? 'Overdue: ' : 'Follow up '}
          {formatDateTime(lead.nextFollowUpAt)}
        </p>
      ) : null}
      {lead.owner ? <p className="text-stone-600">Owner: {lead.owner.name}</p> : null}
      {props.canManage && moves.length > 0 ? (
        <div className="mt-1">
          <label htmlFor={selectId} className="sr-only">
            Move {name} to
          </label>
          <select
            id={selectId}
            value=""
            disabled={props.isMoving}
            onChange={(event) => {
              const to = event.target.value as LeadStatus;
              if (to) props.onMove(to);
            }}
            className="w-full rounded border border-stone-400 bg-white px-2 py-1"
          >
            <option value="">Move to…</option>
            {moves.map((to) => (
              <option key={to} value={to}>
                {leadStatusLabel(to)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </article>
  );
}
