import type { ChefSuggestion } from '@teppan/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  buttonClass,
  compactSecondaryButtonClass,
  Empty,
  ErrorBox,
  Loading,
  RefreshButton,
  Section,
} from '@teppan/web-ui';
import { useState } from 'react';
import { ApiError } from '../api.ts';
import { chefKeys, getBookingChefs, setBookingChefs, type AssignedChef } from '../api-chefs.ts';
import { formatDateTime } from '../format.ts';
import { useCan } from '../session.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';

const factorLabels = [
  ['travel', 'Travel'],
  ['rating', 'Rating'],
  ['partySize', 'Party size'],
  ['preference', 'Preference'],
] as const;

function ScoreBreakdown({ suggestion }: { suggestion: ChefSuggestion }) {
  return (
    <dl className="grid grid-cols-2 gap-x-3 text-xs text-stone-700 sm:grid-cols-4">
      {factorLabels.map(([key, label]) => {
        const factor = suggestion.factors[key];
        return (
          <div key={key}>
            <dt className="font-medium">{label}</dt>
            <dd>
              {factor.points} / {factor.weight} pts
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/**
 * Who cooks an event, and the ranked suggestions of SPEC §4 (travel, rating, party-size fit,
 * preference; a customer-requested chef first). A permitted user assigns and unassigns here;
 * the server refuses a chef who is away, off roster or already cooking at that time.
 */
export function ChefAssignmentPanel({ bookingId }: { bookingId: string }) {
  const can = useCan();
  const client = useQueryClient();
  const queryKey = chefKeys.booking(bookingId);
  const [removing, setRemoving] = useState<AssignedChef | null>(null);
  const chefs = useQuery({
    queryKey,
    queryFn: () => getBookingChefs(bookingId),
    refetchInterval: 60_000,
  });
  const save = useMutation({
    mutationFn: (request: { chefIds: string[]; label: string }) =>
      setBookingChefs(bookingId, request.chefIds),
    onSuccess: async (data) => {
      client.setQueryData(queryKey, data);
      setRemoving(null);
      await Promise.all([
        client.invalidateQueries({ queryKey: ['booking', bookingId] }),
        client.invalidateQueries({ queryKey: chefKeys.all }),
        client.invalidateQueries({ queryKey: ['audit'] }),
      ]);
    },
    // Someone else assigned first, or the chef just became unavailable: show it on fresh data.
    onError: (error) =>
      error instanceof ApiError && error.status === 409
        ? client.invalidateQueries({ queryKey })
        : undefined,
  });

  const refresh = (
    <RefreshButton
      onRefresh={() => chefs.refetch()}
      isFetching={chefs.isFetching}
      label="Refresh chefs"
    />
  );

  if (chefs.isPending)
    return (
      <Section title="Chefs">
        <Loading label="Loading chefs…" />
      </Section>
    );
  if (chefs.isError)
    return (
      <Section title="Chefs">
        <ErrorBox error={chefs.error} title="The chefs of this event did not load." />
        {refresh}
      </Section>
    );

  const data = chefs.data;
  const canChange = can('bookings.assign') && data.canAssign && data.isOpenForAssignment;
  const assignedIds = data.assigned.map((a) => a.chefId);
  // A chef's view of the crew carries no ranking.
  const ranking = 'ranking' in data ? data.ranking : null;
  const assign = (suggestion: ChefSuggestion) =>
    save.mutate({
      chefIds: [...assignedIds, suggestion.chefId],
      label: `${suggestion.name} assigned.`,
    });

  return (
    <Section title="Chefs">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-stone-700">
          {data.date} at {data.slot} · {data.guests} guests
        </p>
        {refresh}
      </div>
      {save.isError ? <ErrorBox error={save.error} title="The chefs were not changed." /> : null}
      {save.isSuccess ? (
        <p
          role="status"
          className="mb-3 rounded border border-green-300 bg-green-50 p-2 text-green-900"
        >
          {save.variables.label}
        </p>
      ) : null}

      <h3 className="mb-2 font-semibold">Assigned</h3>
      {data.assigned.length === 0 ? (
        <Empty>No chef is assigned to this event yet.</Empty>
      ) : (
        <ul className="mb-4 divide-y divide-stone-200" data-testid="assigned-chefs">
          {data.assigned.map((chef) => (
            <li key={chef.chefId} className="flex flex-wrap items-center gap-3 py-2">
              <span className="font-medium">{chef.name}</span>
              <span className="text-sm text-stone-600">
                rated {chef.rating.toFixed(2)}
                {chef.score !== null ? ` · score ${chef.score}` : ''} · since{' '}
                {formatDateTime(chef.assignedAt)}
              </span>
              {canChange ? (
                <button
                  type="button"
                  className={`${compactSecondaryButtonClass} ml-auto`}
                  disabled={save.isPending}
                  onClick={() => setRemoving(chef)}
                >
                  Unassign {chef.name}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {!data.isOpenForAssignment ? (
        <p className="mb-3 text-sm text-stone-700">
          This event is {data.status.replace(/_/g, ' ')}; its chefs can no longer change.
        </p>
      ) : null}

      {ranking ? (
        <>
          <h3 className="mt-4 mb-2 font-semibold">Suggestions</h3>
          {ranking.ranked.length === 0 ? (
            <Empty>No chef is free for this date and slot.</Empty>
          ) : (
            <ol className="space-y-3" data-testid="chef-suggestions">
              {ranking.ranked.map((suggestion) => (
                <li key={suggestion.chefId} className="rounded border border-stone-300 p-3">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-semibold">
                      {suggestion.rank}. {suggestion.name}
                    </span>
                    <span
                      className="rounded bg-amber-100 px-2 py-0.5 text-sm font-semibold text-amber-950"
                      aria-label={`Score ${suggestion.score} of 100`}
                    >
                      {suggestion.score}
                    </span>
                    {suggestion.isRequested ? (
                      <span className="rounded bg-blue-100 px-2 py-0.5 text-sm text-blue-950">
                        Requested by the customer
                      </span>
                    ) : null}
                    {suggestion.isAssigned ? (
                      <span className="rounded bg-green-100 px-2 py-0.5 text-sm text-green-950">
                        Assigned
                      </span>
                    ) : null}
                    {canChange && !suggestion.isAssigned ? (
                      <button
                        type="button"
                        className={`${buttonClass} ml-auto`}
                        disabled={save.isPending}
                        onClick={() => assign(suggestion)}
                      >
                        Assign {suggestion.name}
                      </button>
                    ) : null}
                  </div>
                  <ScoreBreakdown suggestion={suggestion} />
                  <ul className="mt-1 list-disc pl-5 text-sm text-stone-700">
                    {suggestion.reasons.map((reason) => (
                      <li key={reason}>{reason}</li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          )}
          {ranking.unavailable.length > 0 ? (
            <details className="mt-4">
              <summary className="cursor-pointer font-semibold">
                Not available ({ranking.unavailable.length})
              </summary>
              <ul className="mt-2 space-y-1 text-sm" data-testid="unavailable-chefs">
                {ranking.unavailable.map((chef) => (
                  <li key={chef.chefId}>
                    <span className="font-medium">{chef.name}</span>: {chef.messages.join(' ')}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : null}

      <ConfirmDialog
        isOpen={removing !== null}
        title="Unassign chef?"
        confirmLabel="Unassign"
        isDanger
        isPending={save.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (!removing) return;
          save.mutate({
            chefIds: assignedIds.filter((id) => id !== removing.chefId),
            label: `${removing.name} unassigned.`,
          });
        }}
      >
        <p>
          {removing?.name} will no longer be assigned to this event. The event shows as unassigned
          until another chef is assigned.
        </p>
      </ConfirmDialog>
    </Section>
  );
}
