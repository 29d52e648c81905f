import { routes } from '@teppan/web-client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { computeQuote, type Settings, type SlotTime } from '@teppan/core';
import { buttonClass, ErrorBox, Loading, Notice, secondaryButtonClass } from '@teppan/web-ui';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { ApiError, call, tokenHeaders, type BookingView } from '../api.ts';
import {
  changeBody,
  documentLinks,
  editOf,
  hasChanges,
  paymentActions,
  type BookingEdit,
} from '../booking-actions.ts';
import { DepositSent } from '../components/deposit-sent.tsx';
import { GuestFields, MenuPicker } from '../components/menu-picker.tsx';
import { RefundStatus } from '../components/refund-status.tsx';
import { SlotPicker } from '../components/slot-picker.tsx';
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
    queryFn: () => call(routes.bookings.get, { params: { id }, headers: tokenHeaders(token) }),
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
  const [mode, setMode] = useState<'view' | 'reschedule' | 'cancel' | 'change'>('view');
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
  const { reschedule, cancellation, guestCountChange, menuChange } = booking.policies;
  const canChange = isActive && (guestCountChange.allowed || menuChange.allowed);
  const cardAvailable = settings.data?.published.payments?.cardAvailable === true;
  const pay = paymentActions(booking, cardAvailable);
  const links = documentLinks(booking.id, token);
  const startPayment = (kind: 'deposit' | 'balance') => {
    setBusy(true);
    setFailure(null);
    void call(routes.payments.pay, {
      params: { id: booking.id },
      headers: tokenHeaders(token),
      body: { kind },
    })
      .then((result) => window.location.assign(result.url))
      .catch((error: unknown) => {
        setFailure(error);
        setBusy(false);
      });
  };
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
        <dd data-testid="manage-status">
          {booking.depositDue?.stage === 'awaiting_confirmation'
            ? 'Deposit sent — waiting for our confirmation'
            : (statusText[booking.status] ?? booking.status)}
        </dd>
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
            <dd>{booking.allergens.join('; ')}</dd>
          </>
        ) : null}
      </dl>
      <RefundStatus booking={booking} timeZone={settings.data?.published.station.timeZone} />
      {booking.payments
        .filter(
          (p) =>
            p.status === 'pending' &&
            p.instructions &&
            // A cancelled booking asks for no money; a refund is money coming back.
            booking.status !== 'cancelled' &&
            p.kind !== 'refund' &&
            // Once the customer said the deposit is sent, the box below says what happens.
            !(p.kind === 'deposit' && booking.depositDue?.stage === 'awaiting_confirmation'),
        )
        .map((p) => (
          <Notice key={p.id}>
            <p>{p.instructions}</p>
            <p>
              Reference: <strong>{p.reference}</strong>
            </p>
          </Notice>
        ))}
      <DepositSent
        booking={booking}
        token={token}
        timeZone={settings.data?.published.station.timeZone}
        onReported={(next) => queryClient.setQueryData(['booking', booking.id, token], next)}
      />
      <div className="mb-4 flex flex-wrap gap-3">
        <a
          href={links.calendar}
          download
          className={secondaryButtonClass}
          data-testid="add-to-calendar"
        >
          Add to calendar
        </a>
        <a href={links.agreement} download className={secondaryButtonClass}>
          Signed agreement (PDF)
        </a>
      </div>
      {pay.payDeposit || pay.payBalance ? (
        <div className="mb-4">
          <button
            type="button"
            className={buttonClass}
            disabled={busy}
            onClick={() => startPayment(pay.payDeposit ? 'deposit' : 'balance')}
          >
            {pay.payDeposit
              ? `Pay the ${money(booking.depositCents)} deposit by card`
              : `Pay balance of ${money(booking.balanceCents)} by card`}
          </button>
          <p className="mt-1 text-sm text-stone-600">
            You will continue on our secure card checkout.
          </p>
        </div>
      ) : null}
      {failure ? <ErrorBox error={failure} title="That did not work" /> : null}
      {isActive && mode === 'view' ? (
        <div className="flex flex-wrap gap-3">
          {canChange ? (
            <button
              type="button"
              className={secondaryButtonClass}
              onClick={() => setMode('change')}
            >
              Change guests or menu
            </button>
          ) : null}
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
                if (!target.date || !target.slot) return;
                setBusy(true);
                setFailure(null);
                void call(routes.bookings.reschedule, {
                  params: { id: booking.id },
                  headers: tokenHeaders(token),
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
      {mode === 'change' && settings.data ? (
        <ChangeForm
          booking={booking}
          token={token}
          settings={settings.data.core}
          onCancel={() => setMode('view')}
          onSaved={(next) => {
            refresh(next);
            setDone(`Saved. The new total is ${money(next.totalCents)}.`);
          }}
          onReload={() => {
            // Back to the overview only once the fresh version is in, so a retry starts from it.
            void queryClient
              .invalidateQueries({ queryKey: ['booking', booking.id, token] })
              .then(() => setMode('view'));
          }}
        />
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
                void call(routes.bookings.cancel, {
                  params: { id: booking.id },
                  headers: tokenHeaders(token),
                  body: {},
                })
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

/** Guests and menu, edited against the version the page shows (optimistic lock). */
function ChangeForm(props: {
  booking: BookingView;
  token: string;
  settings: Settings;
  onCancel: () => void;
  onSaved: (next: BookingView) => void;
  onReload: () => void;
}) {
  const { booking, settings } = props;
  const [edit, setEdit] = useState<BookingEdit>(() => editOf(booking));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [problem, setProblem] = useState<string>();
  const { guestCountChange, menuChange } = booking.policies;
  // The browser engine only validates the picks here; the server prices the change.
  const selection = computeQuote({
    input: edit,
    settings,
    travel: { miles: 0, source: 'estimate' },
  }).proteinSelection;
  const isConflict = failure instanceof ApiError && failure.code === 'BOOKING_VERSION_CONFLICT';
  return (
    <form
      aria-labelledby="change-title"
      className="mt-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const body = changeBody(booking, edit);
        if (!hasChanges(body)) return setProblem('Nothing has changed yet.');
        if (edit.adults + edit.children + edit.toddlers === 0)
          return setProblem('A party needs at least one guest.');
        if (menuChange.allowed && selection.status !== 'complete')
          return setProblem(selection.message ?? 'Choose the protein picks for every guest.');
        setProblem(undefined);
        setBusy(true);
        setFailure(null);
        void call(routes.bookings.patch, {
          params: { id: booking.id },
          headers: tokenHeaders(props.token),
          body,
        })
          .then(props.onSaved)
          .catch(setFailure)
          .finally(() => setBusy(false));
      }}
    >
      <h2 id="change-title" className="mb-2 text-xl font-semibold">
        Change guests or menu
      </h2>
      {guestCountChange.allowed ? (
        <GuestFields
          settings={settings}
          adults={edit.adults}
          children={edit.children}
          toddlers={edit.toddlers}
          onChange={(patch) => setEdit({ ...edit, ...patch })}
        />
      ) : (
        <Notice tone="warn">
          <p>{guestCountChange.message ?? 'The guest count is final.'}</p>
        </Notice>
      )}
      {menuChange.allowed ? (
        <MenuPicker
          settings={settings}
          menu={{ proteins: edit.proteins, extraProteins: edit.extraProteins, addons: edit.addons }}
          selection={selection}
          onChange={(menu) =>
            setEdit({
              ...edit,
              proteins: menu.proteins ?? {},
              extraProteins: menu.extraProteins ?? {},
              addons: menu.addons ?? {},
            })
          }
        />
      ) : (
        <Notice tone="warn">
          <p>{menuChange.message ?? 'The menu is final.'}</p>
        </Notice>
      )}
      {problem ? (
        <p role="alert" className="mt-2 text-red-800">
          {problem}
        </p>
      ) : null}
      {isConflict ? (
        <div role="alert" className="my-3 rounded border border-red-300 bg-red-50 p-3 text-red-900">
          <p className="font-semibold">This booking was changed somewhere else.</p>
          <p>{failure.message}</p>
          <button type="button" className={secondaryButtonClass + ' mt-2'} onClick={props.onReload}>
            Reload the booking
          </button>
        </div>
      ) : failure ? (
        <ErrorBox error={failure} title="The change was not saved" />
      ) : null}
      <div className="mt-4 flex flex-wrap gap-3">
        <button type="button" className={secondaryButtonClass} onClick={props.onCancel}>
          Keep as is
        </button>
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}
