import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { slotTimes, type SlotTime } from '@teppan/core';
import { dangerButtonClass, ErrorBox, Section } from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api.ts';
import {
  deleteOverride,
  fetchOverrides,
  putOverride,
  settingsKeys,
  type DateOverride,
  type OverbookedSlot,
} from '../api-settings.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { actionsColumn } from './data-table.tsx';
import { LoadMore } from './list-status.tsx';
import { FormButtons } from './shared-buttons.tsx';
import { CompactSelectField, CompactTextField } from './shared-field.tsx';
import { ListTable } from './shared-list-table.tsx';
import { RefreshBar } from './shared-refresh-bar.tsx';

function overbookedOf(error: unknown): OverbookedSlot[] | null {
  if (!(error instanceof ApiError) || error.code !== 'DATE_OVERRIDE_OVERBOOKED') return null;
  const details = error.details as { slots?: OverbookedSlot[] } | undefined;
  return details?.slots ?? [];
}

function describe(override: DateOverride): string {
  return override.kind === 'blackout'
    ? 'Blackout: no bookings'
    : `At most ${override.maxCapacity ?? 0} event${override.maxCapacity === 1 ? '' : 's'} per slot`;
}

/**
 * Blackout dates and per-date caps of one station. A change that would leave a slot with
 * more bookings than places comes back with those bookings; saving anyway needs an explicit
 * "staff will handle these" tick, which the server records in the audit log.
 */
export function DateOverridesEditor(props: { stationId: string; canEdit: boolean }) {
  const client = useQueryClient();
  const key = settingsKeys.overrides(props.stationId);
  const list = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchOverrides(props.stationId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 60_000,
  });
  const ids = {
    date: useId(),
    slot: useId(),
    kind: useId(),
    cap: useId(),
    reason: useId(),
    ack: useId(),
  };
  const [date, setDate] = useState('');
  const [slot, setSlot] = useState<SlotTime | ''>('');
  const [kind, setKind] = useState<'blackout' | 'cap'>('blackout');
  const [cap, setCap] = useState('1');
  const [reason, setReason] = useState('');
  const [acknowledge, setAcknowledge] = useState(false);
  const [touched, setTouched] = useState(false);
  const [toDelete, setToDelete] = useState<DateOverride | null>(null);

  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: key }),
      client.invalidateQueries({ queryKey: ['availability'] }),
      client.invalidateQueries({ queryKey: ['audit'] }),
    ]);
  const save = useMutation({
    mutationFn: () =>
      putOverride(props.stationId, {
        date,
        slot: slot === '' ? null : slot,
        kind,
        ...(kind === 'cap' ? { maxCapacity: Number(cap) } : {}),
        reason: reason.trim() || null,
        ...(acknowledge ? { acknowledgeOverbooked: true } : {}),
      }),
    onSuccess: async () => {
      setDate('');
      setReason('');
      setAcknowledge(false);
      setTouched(false);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (override: DateOverride) => deleteOverride(props.stationId, override.id),
    onSuccess: async () => {
      setToDelete(null);
      await refresh();
    },
  });

  // An acknowledgement covers the bookings it was shown, not those of another date or slot.
  const edited = () => {
    if (save.isError) save.reset();
    setAcknowledge(false);
  };
  const capNumber = Number(cap);
  const errors = {
    date: date === '' ? 'Choose a date.' : undefined,
    cap:
      kind === 'cap' && (!Number.isInteger(capNumber) || capNumber < 0 || capNumber > 100)
        ? 'Enter a whole number from 0 to 100.'
        : undefined,
  };
  const isValid = !errors.date && !errors.cap;
  const overbooked = overbookedOf(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (isValid) save.mutate();
  };
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Section title="Blackout dates and capacity caps">
      <RefreshBar query={list} label="Refresh blackout dates" className="mb-3" />
      {props.canEdit ? (
        <form
          onSubmit={submit}
          noValidate
          aria-label="Add a blackout or cap"
          className="mb-4 grid gap-3 rounded border border-stone-300 p-3 sm:grid-cols-2 lg:grid-cols-3"
        >
          <CompactTextField
            id={ids.date}
            label="Date"
            type="date"
            value={date}
            min={list.data?.pages[0]?.today}
            error={touched ? errors.date : undefined}
            onChange={(event) => {
              edited();
              setDate(event.target.value);
            }}
          />
          <CompactSelectField
            id={ids.slot}
            label="Slot"
            value={slot}
            onChange={(event) => {
              edited();
              setSlot(event.target.value as SlotTime | '');
            }}
          >
            <option value="">Whole day</option>
            {slotTimes.map((time) => (
              <option key={time} value={time}>
                {time}
              </option>
            ))}
          </CompactSelectField>
          <CompactSelectField
            id={ids.kind}
            label="Kind"
            value={kind}
            onChange={(event) => {
              edited();
              setKind(event.target.value as 'blackout' | 'cap');
            }}
          >
            <option value="blackout">Blackout (no bookings)</option>
            <option value="cap">Cap (at most N events per slot)</option>
          </CompactSelectField>
          {kind === 'cap' ? (
            <CompactTextField
              id={ids.cap}
              label="Maximum events per slot"
              inputMode="numeric"
              value={cap}
              error={errors.cap}
              onChange={(event) => {
                edited();
                setCap(event.target.value);
              }}
            />
          ) : null}
          <CompactTextField
            id={ids.reason}
            label="Reason (shown to customers)"
            className="sm:col-span-2"
            value={reason}
            maxLength={200}
            onChange={(event) => setReason(event.target.value)}
          />
          {overbooked ? (
            <div
              role="alert"
              className="rounded border border-amber-400 bg-amber-50 p-3 sm:col-span-2 lg:col-span-3"
            >
              <p className="font-semibold">
                This leaves more bookings than places. Nothing was saved.
              </p>
              <ul className="mt-2 space-y-1 text-sm">
                {overbooked.map((s) => (
                  <li key={s.slot}>
                    {s.slot}: {s.taken} taken, {s.capacityAfter} place
                    {s.capacityAfter === 1 ? '' : 's'} after the change
                    {s.activeHolds
                      ? ` (${s.activeHolds} unpaid hold${s.activeHolds === 1 ? '' : 's'})`
                      : ''}
                    {s.bookings.length ? ': ' : ''}
                    {s.bookings.map((b, i) => (
                      <span key={b.id}>
                        {i > 0 ? ', ' : ''}
                        <Link to={`/bookings/${b.id}`} className="underline">
                          {b.number}
                        </Link>{' '}
                        ({b.customerName})
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
              <label htmlFor={ids.ack} className="mt-2 flex items-center gap-2 font-medium">
                <input
                  id={ids.ack}
                  type="checkbox"
                  checked={acknowledge}
                  onChange={(event) => setAcknowledge(event.target.checked)}
                />
                Staff will handle these bookings; save anyway
              </label>
            </div>
          ) : save.isError ? (
            <div className="sm:col-span-2 lg:col-span-3">
              <ErrorBox error={save.error} title="The date was not saved." />
            </div>
          ) : null}
          <FormButtons
            className="flex items-end"
            label="Save date"
            isPending={save.isPending}
            isDisabled={overbooked !== null && !acknowledge}
          />
        </form>
      ) : null}
      <ListTable
        status={{
          query: list,
          loading: 'Loading blackout dates…',
          error: 'Blackout dates did not load.',
          empty: 'No blackout dates or caps from today on.',
        }}
        rowCount={items.length}
        caption="Upcoming blackout dates and caps"
        className="overflow-x-auto"
        headClassName="bg-stone-100"
        columns={['Date', 'Slot', 'Rule', 'Reason', props.canEdit ? actionsColumn : null]}
      >
        {items.map((override) => (
          <tr key={override.id} className="border-t border-stone-200" data-testid="date-override">
            <td className="p-2 whitespace-nowrap">{override.date}</td>
            <td className="p-2">{override.slot ?? 'Whole day'}</td>
            <td className="p-2">{describe(override)}</td>
            <td className="p-2">{override.reason ?? '—'}</td>
            {props.canEdit ? (
              <td className="p-2">
                <button
                  type="button"
                  className={dangerButtonClass}
                  onClick={() => setToDelete(override)}
                >
                  Remove
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </ListTable>
      <LoadMore query={list} label="Later dates" className="mt-3" />
      {remove.isError ? <ErrorBox error={remove.error} title="The date was not removed." /> : null}
      <ConfirmDialog
        isOpen={toDelete !== null}
        title="Remove this date rule?"
        confirmLabel="Remove"
        isDanger
        isPending={remove.isPending}
        onConfirm={() => {
          if (toDelete) remove.mutate(toDelete);
        }}
        onCancel={() => setToDelete(null)}
      >
        {toDelete ? (
          <>
            {toDelete.date} {toDelete.slot ?? '(whole day)'}: {describe(toDelete)}. Customers can
            book the freed places at once.
          </>
        ) : null}
      </ConfirmDialog>
    </Section>
  );
}
