import { payeeOf } from '@teppan/core';
import { routes } from '@teppan/web-client';
import { ErrorBox } from '@teppan/web-ui';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { call, tokenHeaders, type BookingView, type DepositMethod } from '../../api.ts';
import { HoldTimer } from '../../components/hold-timer.tsx';
import { useDraft } from '../../draft.ts';
import { money } from '../../format.ts';
import type { LoadedSettings } from '../../settings.ts';
import { StepForm } from './step-form.tsx';

const offlineMethods = [
  { id: 'zelle', label: 'Zelle' },
  { id: 'venmo', label: 'Venmo' },
  { id: 'cash', label: 'Cash to our team' },
] as const;

export function DepositStep({ settings }: { settings: LoadedSettings }) {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  // Zelle and Venmo are offered only with a payee set (the server refuses them otherwise).
  const offered = offlineMethods.filter((m) =>
    settings.published.payments.offlineMethods.includes(m.id),
  );
  const [method, setMethod] = useState<DepositMethod>(offered[0]?.id ?? 'cash');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (draft.booking) return <Navigate to="/book/confirmation" replace />;
  if (!draft.hold || !draft.signed) return <Navigate to="/book/agreement" replace />;
  const hold = draft.hold;
  const cardAvailable = settings.published.payments?.cardAvailable === true;
  const methods = cardAvailable
    ? [...offered, { id: 'card', label: 'Card (secure checkout)' } as const]
    : offered;
  const contact = settings.published.contact;
  const payee =
    !method || method === 'card' ? null : payeeOf(settings.published.payments.payees, method);
  return (
    <StepForm
      title="Pay the deposit"
      back={undefined}
      submitLabel="Confirm deposit method"
      busy={busy}
      onSubmit={async () => {
        setBusy(true);
        setFailure(null);
        try {
          const booking = await call(routes.bookings.deposit, {
            params: { id: hold.id },
            body: { method },
          });
          update({ booking });
          let allergensSaved = true;
          const allergens = draft.allergies.map((r) =>
            r.guest.trim() ? `${r.guest.trim()}: ${r.allergy.trim()}` : r.allergy.trim(),
          );
          if (allergens.length > 0 || draft.specialRequests.trim()) {
            allergensSaved = await saveAllergens(booking, allergens, draft.specialRequests.trim());
          }
          update({ allergensSaved });
          const checkout = booking.checkout;
          if (checkout && 'url' in checkout && checkout.url) {
            window.location.assign(checkout.url);
            return;
          }
          void navigate('/book/confirmation');
        } catch (error) {
          setFailure(error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <HoldTimer
        hold={hold}
        signed
        onExpired={() => {
          update({ hold: null, holdSignature: null, signed: false });
          void navigate('/book/date');
        }}
      />
      <p className="mb-3">
        Deposit due now: <strong>{money(hold.depositCents)}</strong> of the {money(hold.totalCents)}{' '}
        total. It is deducted from the balance.
      </p>
      <fieldset className="mb-4 rounded border border-stone-300 bg-white p-4">
        <legend className="px-1 font-semibold">How will you pay?</legend>
        {methods.map((m) => (
          <div key={m.id} className="mb-2">
            <input
              type="radio"
              id={`method-${m.id}`}
              name="method"
              value={m.id}
              checked={method === m.id}
              onChange={() => setMethod(m.id)}
              className="mr-2"
            />
            <label htmlFor={`method-${m.id}`}>{m.label}</label>
          </div>
        ))}
        {!cardAvailable ? (
          <p className="mt-2 text-sm text-stone-600">
            Card payments are not offered online right now.
          </p>
        ) : null}
      </fieldset>
      {method !== 'card' ? (
        <p className="text-sm text-stone-700" data-testid="deposit-payee">
          {payee
            ? `You will send ${money(hold.depositCents)} by ${method === 'venmo' ? 'Venmo' : 'Zelle'} to ${payee}. `
            : `Cash goes to ${contact.name}: call ${contact.phone} to arrange the hand-over. `}
          The payment reference and the deadline come on the next page and by email. Our team
          confirms the payment by hand; your booking stays pending until then.
        </p>
      ) : null}
      {offered.length < offlineMethods.length ? (
        <p className="mt-1 text-sm text-stone-600">
          Other ways to pay? Call {contact.phone} or write to {contact.email}.
        </p>
      ) : null}
      {failure ? <ErrorBox error={failure} title="The deposit could not be recorded" /> : null}
    </StepForm>
  );
}

/** Saves the allergy list and requests on the new booking; false when the save failed. */
export async function saveAllergens(
  booking: BookingView & { manageToken: string },
  allergens: string[],
  specialRequests: string,
) {
  try {
    await call(routes.bookings.patch, {
      params: { id: booking.id },
      headers: tokenHeaders(booking.manageToken),
      body: {
        version: booking.version,
        allergens,
        ...(specialRequests ? { specialRequests } : {}),
      },
    });
    return true;
  } catch {
    return false;
  }
}
