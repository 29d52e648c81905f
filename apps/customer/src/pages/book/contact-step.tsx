import { routes } from '@teppan/web-client';
import { customerSchema } from '@teppan/core';
import { ErrorBox, ValueTextField } from '@teppan/web-ui';
import { useRef, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { ApiError, call, fetchQuote, type ServerQuote } from '../../api.ts';
import { consentsFor, EMAIL_CONSENT, SMS_CONSENT } from '../../booking-actions.ts';
import { signatureOf, useDraft, type Draft } from '../../draft.ts';
import { formatDate } from '../../format.ts';
import { toQuoteRequest, validateQuoteRequest } from '../../quote.ts';
import type { LoadedSettings } from '../../settings.ts';
import { StepForm } from './step-form.tsx';

function holdBody(draft: Draft, quoteId: string) {
  return {
    quoteId,
    date: draft.date ?? '',
    slot: draft.slot ?? '12:00',
    ...(draft.requestedTime ? { requestedTime: draft.requestedTime } : {}),
    customer: {
      name: draft.customer.name.trim(),
      email: draft.customer.email.trim(),
      phone: draft.customer.phone.trim(),
    },
    // Part of the hold's signature: a changed answer makes a new hold request, not a replay.
    consents: consentsFor({ email: draft.emailConsent, sms: draft.smsConsent }),
  };
}

export function ContactStep({ settings }: { settings: LoadedSettings }) {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // A second click while the first is in flight joins it instead of sending again.
  const inFlight = useRef<Promise<void> | null>(null);
  if (!draft.allGuestsAsked) return <Navigate to="/book/allergens" replace />;

  const reserve = async () => {
    const parsed = customerSchema.safeParse(draft.customer);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      // The server prices the booking; the browser only sends counts and the venue.
      const request = toQuoteRequest({
        adults: draft.adults,
        children: draft.children,
        toddlers: draft.toddlers,
        proteins: draft.proteins,
        extraProteins: draft.extraProteins,
        addons: draft.addons,
        zip: draft.venue.zip,
        address: draft.venue.address,
        eventDate: draft.date,
      });
      const validity = validateQuoteRequest(request);
      if (!validity.ok) throw new Error(validity.message);
      const quoteSignature = signatureOf(request);
      let quote: ServerQuote | null = draft.quoteSignature === quoteSignature ? draft.quote : null;
      if (!quote) {
        quote = await fetchQuote(request);
        update({ quote, quoteSignature });
      }
      if (!quote.travel.withinServiceArea)
        throw new ApiError(
          422,
          'OUTSIDE_SERVICE_AREA',
          'This address is outside our self-serve service area; please contact our team.',
        );
      const body = holdBody(draft, quote.id);
      const holdSignature = signatureOf(body);
      const current = draft.hold;
      const isSameHold =
        current !== null &&
        draft.holdSignature === holdSignature &&
        new Date(current.expiresAt).getTime() > Date.now();
      if (!isSameHold) {
        if (current && !current.bookingId) {
          // The details changed: give the old place back before holding the new one.
          await call(routes.bookings.release, { params: { id: current.id } }).catch(
            () => undefined,
          );
        }
        const hold = await call(routes.bookings.hold, {
          body: { ...body, idempotencyKey: `web-${draft.sessionKey}-${holdSignature}` },
        });
        update({ hold, holdSignature, signed: false, booking: null, allergensSaved: false });
      }
      void navigate('/book/agreement');
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const slotLabel = settings.core.slots.find((s) => s.time === draft.slot)?.label ?? '';
  return (
    <StepForm
      title="Your contact details"
      back="allergens"
      submitLabel="Hold my date and continue"
      busy={busy}
      onSubmit={() => {
        inFlight.current ??= reserve().finally(() => {
          inFlight.current = null;
        });
        return inFlight.current;
      }}
    >
      <ValueTextField
        label="Full name"
        name="name"
        required
        autoComplete="name"
        value={draft.customer.name}
        error={errors.name}
        onChange={(name) => update((d) => ({ customer: { ...d.customer, name } }))}
      />
      <ValueTextField
        label="Email"
        name="email"
        type="email"
        required
        autoComplete="email"
        inputMode="email"
        value={draft.customer.email}
        error={errors.email}
        onChange={(email) => update((d) => ({ customer: { ...d.customer, email } }))}
      />
      <ValueTextField
        label="Mobile phone"
        name="phone"
        type="tel"
        required
        autoComplete="tel"
        inputMode="tel"
        value={draft.customer.phone}
        error={errors.phone}
        onChange={(phone) => update((d) => ({ customer: { ...d.customer, phone } }))}
      />
      <fieldset className="mb-4 rounded border border-stone-300 bg-white p-4">
        <legend className="px-1 font-semibold">Messages (optional)</legend>
        <div className="mb-2 flex items-start gap-2">
          <input
            id="email-consent"
            type="checkbox"
            checked={draft.emailConsent}
            onChange={(e) => update({ emailConsent: e.target.checked })}
            className="mt-1"
          />
          <label htmlFor="email-consent">{EMAIL_CONSENT}</label>
        </div>
        <div className="flex items-start gap-2">
          <input
            id="sms-consent"
            type="checkbox"
            checked={draft.smsConsent}
            onChange={(e) => update({ smsConsent: e.target.checked })}
            className="mt-1"
          />
          <label htmlFor="sms-consent">{SMS_CONSENT}</label>
        </div>
      </fieldset>
      <p className="text-sm text-stone-700">
        Next we hold {draft.date ? formatDate(draft.date) : ''} {slotLabel} for you while you sign
        the agreement and choose how to pay the deposit.
      </p>
      {failure ? <HoldFailure error={failure} /> : null}
    </StepForm>
  );
}

function HoldFailure({ error }: { error: unknown }) {
  if (
    error instanceof ApiError &&
    (error.code === 'SLOT_FULL' || error.code === 'SLOT_UNAVAILABLE')
  ) {
    return (
      <div role="alert" className="my-3 rounded border border-red-300 bg-red-50 p-3 text-red-900">
        <p className="font-semibold">That time was just taken.</p>
        <p>{error.message}</p>
        <p>
          <Link to="/book/date" className="underline">
            Choose another date or time
          </Link>{' '}
          — everything else you entered is kept.
        </p>
      </div>
    );
  }
  if (error instanceof ApiError && error.code === 'HOLD_LIMIT_REACHED')
    return <ErrorBox error={error} title="You already have reservations in progress" />;
  return <ErrorBox error={error} title="We could not hold this date" />;
}
