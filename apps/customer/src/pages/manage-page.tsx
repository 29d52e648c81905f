import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SlotTime } from '@teppan/core';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { api, type BookingView } from '../api.ts';
import { SlotPicker } from '../components/slot-picker.tsx';
import { buttonClass, ErrorBox, Loading, Notice, secondaryButtonClass } from '../components/ui.tsx';
import { formatDate, formatTime, money } from '../format.ts';
import { useSettings } from '../settings.ts';

const statusText: Record<string, string> = {
  pending_deposit: 'Waiting for the deposit',
  confirmed: 'Confirmed',
  in_progress: 'In progress',
  completed: 'Completed',
  cancellation_requested: 'Cancellation requested',
  cancelled: 'Cancelled',
  no_show: 'No show',
};

export function ManagePage() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const token = search.get('token') ?? '';
  const booking = useQuery({
    queryKey: ['booking', id, token],
    queryFn: () => api<BookingView>(`/api/v1/bookings/${id}`, { token }),
    enabled: token !== '',
    retry: false,
  });
  if (!token)
    return (
      <ErrorBox
        title="This link is incomplete"
        error={
          new Error(
            'Open the full link from your confirmation page or email; it carries a private token.',
          )
        }
      />
    );
  if (booking.isPending) return <Loading label="Loading your booking…" />;
  if (booking.error)
    return <ErrorBox error={booking.error} title="We could not open this booking" />;
  return <BookingDetails booking={booking.data} token={token} />;
}

function BookingDetails({ booking, token }: { booking: BookingView; token: string }) {
  const queryClient = useQueryClient();
  const settings = useSettings();
  const [mode, setMode] = useState<'view' | 'reschedule' | 'cancel'>('view');
  const [target, setTarget] = useState<{ date: string | null; slot: SlotTime | null }>({
    date: null,
    slot: null,
  });
  const [acceptFee, setAcceptFee] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState<string>();
  const refresh = (next: BookingView) => {
    queryClient.setQueryData(['booking', booking.id, token], next);
    setMode('view');
  };
  const isActive = booking.status === 'pending_deposit' || booking.status === 'confirmed';
  const { reschedule, cancellation } = booking.policies;
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">Booking {booking.number}</h1>
      {done ? (
        <p
          role="status"
          className="mb-3 rounded border border-green-300 bg-green-50 p-3 text-green-900"
        >
          {done}
        </p>
      ) : null}
      <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded border border-stone-300 bg-white p-4">
        <dt className="font-semibold">Status</dt>
        <dd data-testid="manage-status">{statusText[booking.status] ?? booking.status}</dd>
        <dt className="font-semibold">Date</dt>
        <dd data-testid="manage-date">
          {formatDate(booking.date)}, {formatTime(booking.requestedTime ?? booking.slot)}
        </dd>
        <dt className="font-semibold">Guests</dt>
        <dd>
          {booking.guests.adults} adults, {booking.guests.children} children,{' '}
          {booking.guests.toddlers} under 6
        </dd>
        <dt className="font-semibold">Venue</dt>
        <dd>{[booking.venue.address, booking.venue.zip].filter(Boolean).join(', ')}</dd>
        <dt className="font-semibold">Total</dt>
        <dd data-testid="manage-total">{money(booking.totalCents)}</dd>
        <dt className="font-semibold">Paid</dt>
        <dd>{money(booking.paidCents)}</dd>
        <dt className="font-semibold">Balance</dt>
        <dd data-testid="manage-balance">{money(booking.balanceCents)}</dd>
        {Array.isArray(booking.allergens) && booking.allergens.length > 0 ? (
          <>
            <dt className="font-semibold">Allergies</dt>
            <dd>{(booking.allergens as string[]).join('; ')}</dd>
          </>
        ) : null}
      </dl>
      {booking.payments
        .filter((p) => p.status === 'pending' && p.instructions)
        .map((p) => (
          <Notice key={p.id}>
            <p>{p.instructions}</p>
            <p>
              Reference: <strong>{p.reference}</strong>
            </p>
          </Notice>
        ))}
      {failure ? <ErrorBox error={failure} title="That did not work" /> : null}
      {isActive && mode === 'view' ? (
        <div className="flex flex-wrap gap-3">
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => setMode('reschedule')}
          >
            Reschedule
          </button>
          <button type="button" className={secondaryButtonClass} onClick={() => setMode('cancel')}>
            Cancel booking
          </button>
        </div>
      ) : null}
      {mode === 'reschedule' ? (
        <section aria-labelledby="reschedule-title" className="mt-4">
          <h2 id="reschedule-title" className="mb-2 text-xl font-semibold">
            Reschedule
          </h2>
          <Notice tone={reschedule.free ? 'info' : 'warn'}>
            <p data-testid="reschedule-terms">{reschedule.message}</p>
          </Notice>
          {settings.data ? (
            <SlotPicker
              timeZone={settings.data.published.station.timeZone}
              date={target.date}
              slot={target.slot}
              onChange={setTarget}
            />
          ) : (
            <Loading />
          )}
          {!reschedule.free ? (
            <div className="mt-3 flex items-start gap-2">
              <input
                id="accept-fee"
                type="checkbox"
                checked={acceptFee}
                onChange={(e) => setAcceptFee(e.target.checked)}
                className="mt-1"
              />
              <label htmlFor="accept-fee">
                I accept the {money(reschedule.feeCents)} reschedule fee.
              </label>
            </div>
          ) : null}
          <div className="mt-4 flex flex-wrap gap-3">
            <button type="button" className={secondaryButtonClass} onClick={() => setMode('view')}>
              Keep my date
            </button>
            <button
              type="button"
              className={buttonClass}
              disabled={busy || !target.date || !target.slot || (!reschedule.free && !acceptFee)}
              onClick={() => {
                setBusy(true);
                setFailure(null);
                void api<BookingView>(`/api/v1/bookings/${booking.id}/reschedule`, {
                  token,
                  body: {
                    date: target.date,
                    slot: target.slot,
                    version: booking.version,
                    acceptFee,
                  },
                })
                  .then((next) => {
                    refresh(next);
                    setDone(`Moved to ${formatDate(next.date)}, ${formatTime(next.slot)}.`);
                  })
                  .catch(setFailure)
                  .finally(() => setBusy(false));
              }}
            >
              Move my booking
            </button>
          </div>
        </section>
      ) : null}
      {mode === 'cancel' ? (
        <section aria-labelledby="cancel-title" className="mt-4">
          <h2 id="cancel-title" className="mb-2 text-xl font-semibold">
            Cancel this booking?
          </h2>
          <Notice tone="warn">
            <p data-testid="cancel-outcome">{cancellation.message}</p>
            <p>
              Refund: {money(cancellation.refundCents)} · Kept: {money(cancellation.forfeitedCents)}
            </p>
          </Notice>
          <div className="flex flex-wrap gap-3">
            <button type="button" className={secondaryButtonClass} onClick={() => setMode('view')}>
              Keep my booking
            </button>
            <button
              type="button"
              className="inline-flex items-center justify-center rounded bg-red-800 px-4 py-2 font-semibold text-white hover:bg-red-900 disabled:bg-stone-400"
              disabled={busy}
              onClick={() => {
                setBusy(true);
                setFailure(null);
                void api<BookingView>(`/api/v1/bookings/${booking.id}/cancel`, { token, body: {} })
                  .then((next) => {
                    refresh(next);
                    setDone('Your booking is cancelled.');
                  })
                  .catch(setFailure)
                  .finally(() => setBusy(false));
              }}
            >
              Yes, cancel
            </button>
          </div>
        </section>
      ) : null}
    </>
  );
}
