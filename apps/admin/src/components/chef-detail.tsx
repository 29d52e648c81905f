import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Empty, Section, TextField } from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api.ts';
import {
  chefKeys,
  replaceAvailability,
  updateChef,
  type Chef,
  type ChefDetail,
  type ChefUpdate,
  type WeeklyCellInput,
} from '../api-chefs.ts';
import { statusLabel } from '../format.ts';
import { useCan } from '../session.tsx';
import {
  ScheduleError,
  TimeOffDecision,
  TimeOffRequestForm,
  timeOffStatus,
} from './chefs-time-off.tsx';
import { WeeklyGrid, weeklyGridKey } from './chefs-weekly-grid.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { FormButtons, SecondaryButton } from './shared-buttons.tsx';

// A chef's detail view (profile, weekly availability, time off) and its edit form.

function ChefEditForm({ chef }: { chef: Chef }) {
  const id = useId();
  const client = useQueryClient();
  const [draft, setDraft] = useState({
    name: chef.name,
    email: chef.email ?? '',
    phone: chef.phone ?? '',
    rating: String(chef.rating),
    homeZip: chef.homeZip ?? '',
    maxGuests: String(chef.maxGuests),
  });
  const [isConfirmingActive, setConfirmingActive] = useState(false);
  const save = useMutation({
    mutationFn: (patch: ChefUpdate) => updateChef(chef.id, patch),
    onSuccess: (data) => {
      client.setQueryData(chefKeys.detail(chef.id), data);
      setConfirmingActive(false);
      return client.invalidateQueries({ queryKey: chefKeys.all });
    },
    onError: (error) =>
      error instanceof ApiError && error.code === 'CHEF_VERSION_CONFLICT'
        ? client.invalidateQueries({ queryKey: chefKeys.detail(chef.id) })
        : undefined,
  });
  const set = (key: keyof typeof draft) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const rating = Number(draft.rating);
  const isRatingInvalid = draft.rating === '' || Number.isNaN(rating) || rating < 0 || rating > 5;
  const isZipInvalid = draft.homeZip.trim() !== '' && !/^\d{5}$/.test(draft.homeZip.trim());
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (isRatingInvalid || isZipInvalid) return;
    save.mutate({
      name: draft.name.trim(),
      email: draft.email.trim() || null,
      phone: draft.phone.trim() || null,
      rating,
      homeZip: draft.homeZip.trim() || null,
      maxGuests: Number(draft.maxGuests),
      version: chef.version,
    });
  };
  const field = (key: keyof typeof draft, label: string, extra: Record<string, unknown> = {}) => (
    <TextField
      id={`${id}-${key}`}
      label={label}
      value={draft[key]}
      onChange={(event) => set(key)(event.target.value)}
      {...extra}
    />
  );
  return (
    <form onSubmit={onSubmit} aria-label="Edit chef" className="grid gap-3 sm:grid-cols-2">
      {field('name', 'Name', { required: true, maxLength: 120 })}
      {field('email', 'Email', { type: 'email', maxLength: 200 })}
      {field('phone', 'Phone', { maxLength: 40 })}
      {field('rating', 'Rating (0–5)', {
        type: 'number',
        step: 0.01,
        min: 0,
        max: 5,
        'aria-invalid': isRatingInvalid,
      })}
      {field('homeZip', 'Home ZIP', {
        inputMode: 'numeric',
        maxLength: 5,
        'aria-invalid': isZipInvalid,
      })}
      {field('maxGuests', 'Largest party', { type: 'number', min: 1, max: 500, required: true })}
      {isRatingInvalid ? <p className="text-sm text-red-800">Rating is between 0 and 5.</p> : null}
      {isZipInvalid ? <p className="text-sm text-red-800">Use a 5-digit ZIP code.</p> : null}
      <FormButtons
        className="flex flex-wrap gap-2 sm:col-span-2"
        label="Save chef"
        isPending={save.isPending}
      >
        <SecondaryButton disabled={save.isPending} onClick={() => setConfirmingActive(true)}>
          {chef.isActive ? 'Deactivate chef' : 'Reactivate chef'}
        </SecondaryButton>
      </FormButtons>
      {save.isError ? (
        <div className="sm:col-span-2">
          <ScheduleError error={save.error} title="The chef was not saved." />
        </div>
      ) : null}
      {save.isSuccess ? (
        <p role="status" className="text-green-900 sm:col-span-2">
          Saved.
        </p>
      ) : null}
      <ConfirmDialog
        isOpen={isConfirmingActive}
        title={chef.isActive ? 'Deactivate this chef?' : 'Reactivate this chef?'}
        confirmLabel={chef.isActive ? 'Deactivate' : 'Reactivate'}
        isDanger={chef.isActive}
        isPending={save.isPending}
        onCancel={() => setConfirmingActive(false)}
        onConfirm={() => save.mutate({ isActive: !chef.isActive, version: chef.version })}
      >
        <p>
          {chef.isActive
            ? `${chef.name} will no longer count towards capacity or appear in suggestions. This is refused while they are assigned to upcoming events or needed for booked slots.`
            : `${chef.name} will count towards capacity again on their weekly availability.`}
        </p>
      </ConfirmDialog>
    </form>
  );
}

export function ChefDetailView({ detail }: { detail: ChefDetail }) {
  const can = useCan();
  const client = useQueryClient();
  const { chef } = detail;
  const canManage = can('chefs.manage');
  const saveGrid = useMutation({
    mutationFn: (weekly: WeeklyCellInput[]) =>
      replaceAvailability(chef.id, { weekly, version: chef.version }),
    onSuccess: (data) => {
      client.setQueryData(chefKeys.detail(chef.id), data);
      return client.invalidateQueries({ queryKey: ['availability'] });
    },
    onError: (error) =>
      error instanceof ApiError && error.code === 'CHEF_VERSION_CONFLICT'
        ? client.invalidateQueries({ queryKey: chefKeys.detail(chef.id) })
        : undefined,
  });
  return (
    <>
      <Section title="Weekly availability">
        <p className="mb-2 text-sm text-stone-700">
          Within the next two weeks, capacity follows this grid minus approved time off.
        </p>
        <WeeklyGrid
          key={weeklyGridKey(detail.weekly, chef.version)}
          weekly={detail.weekly}
          isEditable={canManage}
          isSaving={saveGrid.isPending}
          onSave={(weekly) => saveGrid.mutate(weekly)}
        />
        {saveGrid.isError ? (
          <ScheduleError error={saveGrid.error} title="The availability was not saved." />
        ) : null}
        {saveGrid.isSuccess ? (
          <p role="status" className="mt-2 text-green-900">
            Availability saved.
          </p>
        ) : null}
      </Section>

      <Section title="Upcoming events">
        {detail.assignments.length === 0 ? (
          <Empty>No upcoming events assigned.</Empty>
        ) : (
          <ul className="divide-y divide-stone-200" data-testid="chef-assignments">
            {detail.assignments.map((a) => (
              <li key={a.bookingId} className="py-2">
                <Link
                  to={`/bookings/${a.bookingId}`}
                  className="font-semibold text-amber-900 underline"
                >
                  {a.number}
                </Link>{' '}
                · {a.date} at {a.slot}
                {a.requestedTime && a.requestedTime !== a.slot
                  ? ` (${a.requestedTime})`
                  : ''} · {a.guests} guests · {a.customerName} · {a.venue.address ?? a.venue.zip} ·{' '}
                {statusLabel(a.status)}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="Time off">
        {detail.timeOff.length === 0 ? (
          <Empty>No recent or upcoming time off.</Empty>
        ) : (
          <ul className="mb-4 divide-y divide-stone-200" data-testid="chef-time-off">
            {detail.timeOff.map((t) => (
              <li key={t.id} className="py-2">
                <p>
                  <span className="font-medium">
                    {t.fromDate} to {t.toDate}
                  </span>{' '}
                  · {timeOffStatus(t.status)}
                  {t.reason ? ` · “${t.reason}”` : ''}
                  {t.decisionNote ? ` · note: ${t.decisionNote}` : ''}
                </p>
                {t.status === 'requested' && canManage ? (
                  <TimeOffDecision request={{ ...t, chefName: chef.name }} />
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {can('timeOff.request') ? (
          <>
            <h3 className="mb-2 font-semibold">Request time off</h3>
            <TimeOffRequestForm chefId={chef.id} />
          </>
        ) : null}
      </Section>

      {canManage ? (
        <Section title="Details">
          <ChefEditForm key={chef.id} chef={chef} />
        </Section>
      ) : null}
    </>
  );
}
