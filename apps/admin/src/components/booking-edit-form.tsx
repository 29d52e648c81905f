import { routes } from '@teppan/web-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { buttonClass, ErrorBox, TextAreaField, TextField } from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, call } from '../api.ts';
import { type BookingDetail, type BookingPatch } from '../api-bookings.ts';
import { formatDateTime } from '../format.ts';
import { useSession } from '../session.tsx';
import { type BookingFormProps, useRefreshBooking } from './shared-booking-form.tsx';
import { FormButtons, SecondaryButton } from './shared-buttons.tsx';
import { CompactTextField } from './shared-field.tsx';

/** What staff can change here; the server reprices guests and menu through a new quote. */
type Draft = {
  adults: number;
  children: number;
  toddlers: number;
  proteins: Record<string, number>;
  allergens: string;
  specialRequests: string;
};

type Conflict = {
  message: string;
  actor: string | null;
  actorName: string | null;
  at: string | null;
  fields: string[];
};

const fieldLabels: Record<string, string> = {
  adults: 'adults',
  children: 'children',
  toddlers: 'toddlers',
  proteins: 'protein picks',
  allergens: 'allergens',
  specialRequests: 'special requests',
};

function draftOf(booking: BookingDetail): Draft {
  return {
    adults: booking.guests.adults,
    children: booking.guests.children,
    toddlers: booking.guests.toddlers,
    proteins: { ...(booking.menu?.proteins ?? {}) },
    allergens: booking.allergens.join('\n'),
    specialRequests: booking.specialRequests ?? '',
  };
}

function allergenList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((a) => a.trim())
    .filter(Boolean);
}

type Changes = Omit<BookingPatch, 'version' | 'overrideCutoffs'>;

/** Only what the person changed is sent, so a save never rewrites fields they did not touch. */
function changesOf(base: Draft, draft: Draft): Changes {
  const changes: Changes = {};
  for (const key of ['adults', 'children', 'toddlers'] as const)
    if (draft[key] !== base[key]) changes[key] = draft[key];
  if (JSON.stringify(draft.proteins) !== JSON.stringify(base.proteins))
    changes.proteins = Object.fromEntries(Object.entries(draft.proteins).filter(([, n]) => n > 0));
  if (draft.allergens !== base.allergens) changes.allergens = allergenList(draft.allergens);
  if (draft.specialRequests !== base.specialRequests)
    changes.specialRequests = draft.specialRequests.trim();
  return changes;
}

function conflictOf(error: unknown): Conflict | null {
  if (!(error instanceof ApiError) || error.code !== 'BOOKING_VERSION_CONFLICT') return null;
  const details = (error.details ?? {}) as {
    lastChange?: { actorName?: string | null; actor?: string; at?: string; data?: unknown } | null;
  };
  const data = (details.lastChange?.data ?? {}) as { fields?: unknown };
  return {
    message: error.message,
    actor: details.lastChange?.actor ?? null,
    actorName: details.lastChange?.actorName ?? details.lastChange?.actor ?? null,
    at: details.lastChange?.at ?? null,
    fields: Array.isArray(data.fields) ? data.fields.map(String) : [],
  };
}

/**
 * Edit with the optimistic lock: the form remembers the version it started from. When
 * someone else saved first, the server refuses; the form says who and what, keeps this
 * person's draft, and lets them re-apply it on top of the booking as it is now.
 */
export function BookingEditForm(props: BookingFormProps<BookingDetail>) {
  const { booking } = props;
  const formId = useId();
  const client = useQueryClient();
  const refreshBooking = useRefreshBooking(booking.id);
  const me = useSession();
  const [base, setBase] = useState<{ version: number; draft: Draft }>(() => ({
    version: booking.version,
    draft: draftOf(booking),
  }));
  const [draft, setDraft] = useState<Draft>(base.draft);
  const [overrideCutoffs, setOverrideCutoffs] = useState(false);
  const settings = useQuery({
    queryKey: ['settings', booking.stationId],
    queryFn: () => call(routes.settings.get, { query: { stationId: booking.stationId } }),
    staleTime: 5 * 60_000,
  });
  const save = useMutation({
    mutationFn: (body: BookingPatch) =>
      call(routes.admin.patchBooking, { params: { id: booking.id }, body }),
    onSuccess: async () => {
      await refreshBooking();
      props.onDone('Booking saved.');
    },
    onError: async (error) => {
      // Fetch the booking as it is now, so "Now" in the comparison is current.
      if (conflictOf(error)) await client.invalidateQueries({ queryKey: ['booking', booking.id] });
    },
  });
  const conflict = conflictOf(save.error);
  const changes = changesOf(base.draft, draft);
  const perGuest = settings.data?.pricing.proteinsPerGuest ?? 2;
  const required = perGuest * (draft.adults + draft.children);
  const picked = Object.values(draft.proteins).reduce((sum, n) => sum + n, 0);
  const guestsOrMenuChanged = ['adults', 'children', 'toddlers', 'proteins'].some(
    (key) => key in changes,
  );
  const picksWrong = guestsOrMenuChanged && picked !== required;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (Object.keys(changes).length === 0 || picksWrong) return;
    save.mutate({
      version: base.version,
      ...changes,
      ...(overrideCutoffs ? { overrideCutoffs: true } : {}),
    });
  };

  /**
   * Three-way merge: start from the booking as it is now and replay only the fields this
   * person changed, so the other save's fields are kept, not overwritten.
   */
  const reapplyOnCurrent = () => {
    const current = client.getQueryData<BookingDetail>(['booking', booking.id]) ?? booking;
    const now = draftOf(current);
    const merged: Draft = { ...now };
    const mine = (Object.keys(draft) as (keyof Draft)[]).filter(
      (key) => JSON.stringify(draft[key]) !== JSON.stringify(base.draft[key]),
    );
    for (const key of mine) Object.assign(merged, { [key]: draft[key] });
    setBase({ version: current.version, draft: now });
    setDraft(merged);
    save.reset();
  };
  const discard = () => {
    const current = client.getQueryData<BookingDetail>(['booking', booking.id]) ?? booking;
    const fresh = draftOf(current);
    setBase({ version: current.version, draft: fresh });
    setDraft(fresh);
    save.reset();
  };

  const numberField = (key: 'adults' | 'children' | 'toddlers', label: string) => (
    <TextField
      id={`${formId}-${key}`}
      label={label}
      type="number"
      min={0}
      max={200}
      required
      value={draft[key]}
      onChange={(event) =>
        setDraft({ ...draft, [key]: Math.max(0, Number(event.target.value) || 0) })
      }
    />
  );

  return (
    <form onSubmit={onSubmit} aria-label="Edit booking" className="space-y-4">
      {conflict ? (
        <div
          role="alert"
          data-testid="edit-conflict"
          className="rounded border border-amber-500 bg-amber-50 p-3 text-amber-950"
        >
          <p className="font-semibold">Someone else saved this booking first.</p>
          <p>
            {conflict.actor === `staff:${me.staff.id}`
              ? 'You saved it in another tab or window'
              : `${conflict.actorName ?? 'Another user'} saved it`}
            {conflict.at ? ` at ${formatDateTime(conflict.at)}` : ''}
            {conflict.fields.length
              ? ` (changed ${conflict.fields.map((f) => fieldLabels[f] ?? f).join(', ')})`
              : ''}
            . Your changes were not saved, and nothing was overwritten.
          </p>
          <p className="mt-1 text-sm">
            The details on this page now show the booking as it is. Your edit is still in the form
            below.
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <button type="button" className={buttonClass} onClick={reapplyOnCurrent}>
              Apply my changes to the current booking
            </button>
            <SecondaryButton onClick={discard}>Discard my changes</SecondaryButton>
          </div>
        </div>
      ) : null}
      {save.isError && !conflict ? (
        <ErrorBox error={save.error} title="The booking was not saved." />
      ) : null}
      <fieldset className="grid grid-cols-3 gap-3">
        <legend className="mb-1 font-semibold">Guests</legend>
        {numberField('adults', 'Adults')}
        {numberField('children', 'Children')}
        {numberField('toddlers', 'Toddlers')}
      </fieldset>
      <fieldset>
        <legend className="mb-1 font-semibold">Protein picks</legend>
        {settings.isPending ? <p role="status">Loading the menu…</p> : null}
        {settings.isError ? (
          <ErrorBox error={settings.error} title="The menu did not load." />
        ) : null}
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          {Object.entries(settings.data?.pricing.proteins ?? {}).map(([code, protein]) => (
            <CompactTextField
              key={code}
              id={`${formId}-p-${code}`}
              label={protein.label}
              type="number"
              min={0}
              max={400}
              value={draft.proteins[code] ?? 0}
              onChange={(event) =>
                setDraft({
                  ...draft,
                  proteins: {
                    ...draft.proteins,
                    [code]: Math.max(0, Number(event.target.value) || 0),
                  },
                })
              }
            />
          ))}
        </div>
        <p
          className={`mt-1 text-sm ${picksWrong ? 'font-semibold text-red-800' : 'text-stone-700'}`}
          aria-live="polite"
        >
          {picked} of {required} picks ({perGuest} per adult or child).
        </p>
      </fieldset>
      <TextAreaField
        id={`${formId}-allergens`}
        label="Allergens (one per line)"
        rows={2}
        maxLength={5000}
        value={draft.allergens}
        onChange={(event) => setDraft({ ...draft, allergens: event.target.value })}
      />
      <TextAreaField
        id={`${formId}-requests`}
        label="Special requests"
        rows={3}
        maxLength={2000}
        value={draft.specialRequests}
        onChange={(event) => setDraft({ ...draft, specialRequests: event.target.value })}
      />
      <label className="flex items-start gap-2">
        <input
          type="checkbox"
          checked={overrideCutoffs}
          onChange={(event) => setOverrideCutoffs(event.target.checked)}
          className="mt-1"
        />
        <span>
          Override the final-guest-count and menu cut-offs
          <span className="block text-sm text-stone-600">
            Only when the chef has agreed; the audit log records it.
          </span>
        </span>
      </label>
      <FormButtons
        className="flex flex-wrap gap-2"
        label="Save changes"
        isPending={save.isPending}
        isDisabled={Object.keys(changes).length === 0 || picksWrong}
      >
        <SecondaryButton onClick={() => props.onDone()}>Cancel</SecondaryButton>
        {Object.keys(changes).length === 0 ? (
          <span className="self-center text-sm text-stone-600">No changes yet.</span>
        ) : null}
      </FormButtons>
    </form>
  );
}
