import { routes } from '@teppan/web-client';
import { Notice, secondaryButtonClass } from '@teppan/web-ui';
import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { call, errorMessage, tokenHeaders } from '../../api.ts';
import { documentLinks } from '../../booking-actions.ts';
import { DepositSent } from '../../components/deposit-sent.tsx';
import { resetDraft, useDraft } from '../../draft.ts';
import { formatDate, formatTime, money } from '../../format.ts';
import type { LoadedSettings } from '../../settings.ts';
import { saveAllergens } from './deposit-step.tsx';

export function ConfirmationStep({ settings }: { settings: LoadedSettings }) {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string>();
  const booking = draft.booking;
  if (!booking) return <Navigate to="/book/deposit" replace />;
  const deposit = booking.payments.find((p) => p.kind === 'deposit');
  const managePath = `/manage/${booking.id}?token=${encodeURIComponent(booking.manageToken)}`;
  const links = documentLinks(booking.id, booking.manageToken);
  const isReported = booking.depositDue?.stage === 'awaiting_confirmation';
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">Thank you — your date is reserved</h1>
      <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded border border-stone-300 bg-white p-4">
        <dt className="font-semibold">Booking number</dt>
        <dd data-testid="booking-number">{booking.number}</dd>
        <dt className="font-semibold">Status</dt>
        <dd data-testid="booking-status">
          {booking.status !== 'pending_deposit'
            ? booking.status
            : isReported
              ? 'Deposit sent — waiting for our confirmation'
              : 'Waiting for your deposit'}
        </dd>
        <dt className="font-semibold">Date</dt>
        <dd>
          {formatDate(booking.date)}, {formatTime(booking.requestedTime ?? booking.slot)}
        </dd>
        <dt className="font-semibold">Total</dt>
        <dd data-testid="booking-total">{money(booking.totalCents)}</dd>
        <dt className="font-semibold">Deposit</dt>
        <dd>{money(booking.depositCents)}</dd>
      </dl>
      {deposit?.instructions && !isReported ? (
        <Notice>
          <h2 className="font-semibold">How to pay the deposit</h2>
          <p data-testid="payment-instructions">{deposit.instructions}</p>
          <p>
            Reference: <strong data-testid="payment-reference">{deposit.reference}</strong>
          </p>
        </Notice>
      ) : null}
      <DepositSent
        booking={booking}
        token={booking.manageToken}
        timeZone={settings.published.station.timeZone}
        onReported={(next) => update({ booking: { ...booking, ...next } })}
      />
      {!draft.allergensSaved ? (
        <Notice tone="warn">
          <p>Your allergy list and requests were not saved yet.</p>
          <button
            type="button"
            className={secondaryButtonClass + ' mt-2'}
            disabled={retrying}
            onClick={() => {
              setRetrying(true);
              void (async () => {
                const fresh = await call(routes.bookings.get, {
                  params: { id: booking.id },
                  headers: tokenHeaders(booking.manageToken),
                }).catch((e: unknown) => {
                  setRetryError(errorMessage(e));
                  return null;
                });
                if (fresh) {
                  const ok = await saveAllergens(
                    { ...fresh, manageToken: booking.manageToken },
                    draft.allergies.map((r) =>
                      r.guest.trim() ? `${r.guest.trim()}: ${r.allergy.trim()}` : r.allergy.trim(),
                    ),
                    draft.specialRequests.trim(),
                  );
                  update({ allergensSaved: ok });
                  if (!ok)
                    setRetryError('Saving failed again; please add them from the manage page.');
                }
                setRetrying(false);
              })();
            }}
          >
            Try again
          </button>
          {retryError ? <p role="alert">{retryError}</p> : null}
        </Notice>
      ) : null}
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
      <p className="mb-2">
        Keep this private link to see, change or cancel your booking:{' '}
        <Link
          to={managePath}
          className="break-all text-amber-900 underline"
          data-testid="manage-link"
        >
          Manage booking {booking.number}
        </Link>
      </p>
      <button
        type="button"
        className={secondaryButtonClass + ' mt-4'}
        onClick={() => {
          resetDraft();
          void navigate('/book/venue');
        }}
      >
        Start a new booking
      </button>
    </>
  );
}
