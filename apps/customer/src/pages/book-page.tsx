import { useQuery } from '@tanstack/react-query';
import { customerSchema, resolveSlot, type Settings } from '@teppan/core';
import {
  buttonClass,
  ErrorBox,
  inputClass,
  Loading,
  Notice,
  secondaryButtonClass,
  ValueTextField,
} from '@teppan/web-ui';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import {
  api,
  ApiError,
  errorMessage,
  type AgreementView,
  type BookingView,
  type DepositResult,
  type HoldView,
  type ServerQuote,
} from '../api.ts';
import { consentsFor, documentLinks, EMAIL_CONSENT, SMS_CONSENT } from '../booking-actions.ts';
import { DepositSent } from '../components/deposit-sent.tsx';
import { HoldTimer } from '../components/hold-timer.tsx';
import { GuestFields, MenuPicker } from '../components/menu-picker.tsx';
import { QuoteSummary } from '../components/quote-summary.tsx';
import { SlotPicker } from '../components/slot-picker.tsx';
import { resetDraft, signatureOf, useDraft, type Draft } from '../draft.ts';
import { formatDate, formatTime, money } from '../format.ts';
import { toQuoteRequest, useLiveQuote, validateQuoteRequest } from '../quote.ts';
import { useSettings, type LoadedSettings } from '../settings.ts';

const steps = [
  { id: 'venue', label: 'Venue' },
  { id: 'date', label: 'Date & time' },
  { id: 'menu', label: 'Guests & menu' },
  { id: 'allergens', label: 'Allergies' },
  { id: 'contact', label: 'Contact' },
  { id: 'agreement', label: 'Agreement' },
  { id: 'deposit', label: 'Deposit' },
  { id: 'confirmation', label: 'Confirmation' },
] as const;
type StepId = (typeof steps)[number]['id'];

function isStep(value: string | undefined): value is StepId {
  return steps.some((s) => s.id === value);
}

export function BookPage() {
  const { step } = useParams();
  const settings = useSettings();
  if (!isStep(step)) return <Navigate to="/book/venue" replace />;
  if (settings.isPending) return <Loading label="Loading…" />;
  if (settings.error)
    return <ErrorBox error={settings.error} title="The booking form could not be loaded" />;
  return <Wizard step={step} settings={settings.data} />;
}

function Progress({ step }: { step: StepId }) {
  const index = steps.findIndex((s) => s.id === step);
  return (
    <nav aria-label="Booking steps" className="mb-4">
      <p className="text-sm text-stone-600">
        Step {index + 1} of {steps.length}
      </p>
      <ol className="mt-1 flex flex-wrap gap-1 text-xs">
        {steps.map((s, i) => (
          <li
            key={s.id}
            aria-current={s.id === step ? 'step' : undefined}
            className={`rounded px-2 py-1 ${
              s.id === step
                ? 'bg-amber-800 text-white'
                : i < index
                  ? 'bg-amber-100 text-amber-950'
                  : 'bg-stone-200 text-stone-800'
            }`}
          >
            {s.label}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function StepForm(props: {
  title: string;
  onSubmit: () => void | Promise<void>;
  back?: StepId;
  submitLabel?: string;
  busy?: boolean;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void props.onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="step-title">
      <h1 id="step-title" className="mb-4 text-2xl font-bold">
        {props.title}
      </h1>
      {props.children}
      <div className="mt-6 flex flex-wrap gap-3">
        {props.back ? (
          <Link to={`/book/${props.back}`} className={secondaryButtonClass}>
            Back
          </Link>
        ) : null}
        <button type="submit" className={buttonClass} disabled={props.busy}>
          {props.busy ? 'Please wait…' : (props.submitLabel ?? 'Continue')}
        </button>
      </div>
    </form>
  );
}

function Wizard({ step, settings }: { step: StepId; settings: LoadedSettings }) {
  return (
    <>
      <Progress step={step} />
      <StepBody step={step} settings={settings} />
    </>
  );
}

function StepBody({ step, settings }: { step: StepId; settings: LoadedSettings }) {
  switch (step) {
    case 'venue':
      return <VenueStep />;
    case 'date':
      return <DateStep settings={settings} />;
    case 'menu':
      return <MenuStep settings={settings} />;
    case 'allergens':
      return <AllergensStep />;
    case 'contact':
      return <ContactStep settings={settings} />;
    case 'agreement':
      return <AgreementStep settings={settings} />;
    case 'deposit':
      return <DepositStep settings={settings} />;
    case 'confirmation':
      return <ConfirmationStep settings={settings} />;
  }
}

function VenueStep() {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  return (
    <StepForm
      title="Where is the party?"
      onSubmit={() => {
        if (!/^\d{5}(-\d{4})?$/.test(draft.venue.zip.trim())) {
          setError('Enter a 5-digit US ZIP code.');
          return;
        }
        void navigate('/book/date');
      }}
    >
      <ValueTextField
        label="ZIP code"
        name="zip"
        required
        inputMode="numeric"
        autoComplete="postal-code"
        value={draft.venue.zip}
        error={error}
        onChange={(zip) => {
          setError(undefined);
          update((d) => ({ venue: { ...d.venue, zip } }));
        }}
      />
      <ValueTextField
        label="Street address"
        name="address"
        hint="Optional now; it makes the travel fee exact."
        autoComplete="street-address"
        value={draft.venue.address}
        onChange={(address) => update((d) => ({ venue: { ...d.venue, address } }))}
      />
    </StepForm>
  );
}

function DateStep({ settings }: { settings: LoadedSettings }) {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const [timeError, setTimeError] = useState<string>();
  const windowMinutes = settings.core.requestedTimeWindowMinutes;
  if (!draft.venue.zip) return <Navigate to="/book/venue" replace />;
  return (
    <StepForm
      title="Pick a date and time"
      back="venue"
      onSubmit={() => {
        if (!draft.date || !draft.slot) {
          setError('Choose a date and one of its open time slots.');
          return;
        }
        if (draft.requestedTime) {
          const slot = resolveSlot({
            requestedTime: draft.requestedTime,
            slots: settings.core.slots,
            windowMinutes,
          });
          if (slot !== draft.slot) {
            setTimeError(
              `Choose a start time within ${windowMinutes} minutes of ${formatTime(draft.slot)}, or leave it empty.`,
            );
            return;
          }
        }
        void navigate('/book/menu');
      }}
    >
      <SlotPicker
        timeZone={settings.published.station.timeZone}
        date={draft.date}
        slot={draft.slot}
        onChange={({ date, slot }) => {
          setError(undefined);
          update({ date, slot });
        }}
      />
      {error ? (
        <p role="alert" className="mt-2 text-red-800">
          {error}
        </p>
      ) : null}
      <div className="mt-4">
        <ValueTextField
          label="Preferred start time (optional)"
          name="requestedTime"
          type="time"
          hint={`Any time within ${windowMinutes} minutes of the chosen slot.`}
          value={draft.requestedTime}
          error={timeError}
          onChange={(requestedTime) => {
            setTimeError(undefined);
            update({ requestedTime });
          }}
        />
      </div>
    </StepForm>
  );
}

function useDraftQuote(settings: Settings) {
  const [draft] = useDraft();
  return useLiveQuote({
    settings,
    inputs: {
      adults: draft.adults,
      children: draft.children,
      toddlers: draft.toddlers,
      proteins: draft.proteins,
      extraProteins: draft.extraProteins,
      addons: draft.addons,
      zip: draft.venue.zip,
      address: draft.venue.address,
      eventDate: draft.date,
    },
  });
}

function MenuStep({ settings }: { settings: LoadedSettings }) {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  const live = useDraftQuote(settings.core);
  const [error, setError] = useState<string>();
  if (!draft.date || !draft.slot) return <Navigate to="/book/date" replace />;
  const guests = draft.adults + draft.children + draft.toddlers;
  return (
    <StepForm
      title="Guests and menu"
      back="date"
      onSubmit={() => {
        if (guests === 0) return setError('Add at least one guest.');
        if (guests >= settings.core.largePartyHandoffGuests)
          return setError(
            `Parties of ${settings.core.largePartyHandoffGuests} or more are planned with our team; please contact us.`,
          );
        if (live.local.proteinSelection.status !== 'complete')
          return setError(
            live.local.proteinSelection.message ?? 'Choose the protein picks for every guest.',
          );
        if (!live.validity.ok) return setError(live.validity.message);
        if (live.serverQuote && live.isServerCurrent && !live.serverQuote.travel.withinServiceArea)
          return setError(
            'This address is outside our self-serve service area; please contact our team.',
          );
        void navigate('/book/allergens');
      }}
    >
      <div className="grid gap-6 md:grid-cols-2">
        <div>
          <GuestFields
            settings={settings.core}
            adults={draft.adults}
            children={draft.children}
            toddlers={draft.toddlers}
            onChange={(patch) => {
              setError(undefined);
              update(patch);
            }}
          />
          <MenuPicker
            settings={settings.core}
            menu={{
              proteins: draft.proteins,
              extraProteins: draft.extraProteins,
              addons: draft.addons,
            }}
            selection={live.local.proteinSelection}
            onChange={(menu) => {
              setError(undefined);
              update(menu);
            }}
          />
        </div>
        <div>
          <QuoteSummary live={live} settings={settings.core} />
        </div>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-red-800">
          {error}
        </p>
      ) : null}
    </StepForm>
  );
}

function AllergensStep() {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const guests = draft.adults + draft.children + draft.toddlers;
  if (guests === 0) return <Navigate to="/book/menu" replace />;
  const setRow = (i: number, patch: Partial<Draft['allergies'][number]>) =>
    update((d) => ({ allergies: d.allergies.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  return (
    <StepForm
      title="Food allergies"
      back="menu"
      onSubmit={() => {
        if (draft.allergies.some((r) => r.allergy.trim() === ''))
          return setError('Describe the allergy on every row, or remove the empty row.');
        if (!draft.allGuestsAsked)
          return setError(`Please ask all ${guests} guests about allergies and confirm below.`);
        void navigate('/book/contact');
      }}
    >
      <p className="mb-3">
        Our chef cooks on a shared grill. Please ask{' '}
        <strong>every one of your {guests} guests</strong> about food allergies and list them here
        (for example shellfish, sesame, gluten, soy, eggs).
      </p>
      {draft.allergies.length === 0 ? (
        <p className="mb-3 text-stone-700">No allergies listed.</p>
      ) : null}
      {draft.allergies.map((row, i) => (
        <fieldset key={i} className="mb-3 rounded border border-stone-300 bg-white p-3">
          <legend className="px-1 font-semibold">Allergy {i + 1}</legend>
          <ValueTextField
            label="Guest name (optional)"
            value={row.guest}
            onChange={(guest) => setRow(i, { guest })}
          />
          <ValueTextField
            label="Allergy"
            required
            value={row.allergy}
            onChange={(allergy) => {
              setError(undefined);
              setRow(i, { allergy });
            }}
          />
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => update((d) => ({ allergies: d.allergies.filter((_, j) => j !== i) }))}
          >
            Remove allergy {i + 1}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className={secondaryButtonClass + ' mb-4'}
        onClick={() => update((d) => ({ allergies: [...d.allergies, { guest: '', allergy: '' }] }))}
      >
        Add an allergy
      </button>
      <div className="mb-4">
        <label htmlFor="special-requests" className="block font-medium">
          Special requests (optional)
        </label>
        <textarea
          id="special-requests"
          className={inputClass}
          rows={3}
          maxLength={2000}
          value={draft.specialRequests}
          onChange={(e) => update({ specialRequests: e.target.value })}
        />
      </div>
      <div className="flex items-start gap-2">
        <input
          id="all-asked"
          type="checkbox"
          checked={draft.allGuestsAsked}
          aria-invalid={error && !draft.allGuestsAsked ? true : undefined}
          onChange={(e) => {
            setError(undefined);
            update({ allGuestsAsked: e.target.checked });
          }}
          className="mt-1"
        />
        <label htmlFor="all-asked">
          I have asked all {guests} guests about food allergies, and the list above is complete.
        </label>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-red-800">
          {error}
        </p>
      ) : null}
    </StepForm>
  );
}

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

function ContactStep({ settings }: { settings: LoadedSettings }) {
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
        quote = await api<ServerQuote>('/api/v1/quotes', { body: request });
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
          await api(`/api/v1/holds/${current.id}/release`, { method: 'POST' }).catch(
            () => undefined,
          );
        }
        const hold = await api<HoldView>('/api/v1/holds', {
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

function AgreementStep({ settings }: { settings: LoadedSettings }) {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  const [accept, setAccept] = useState({ terms: false, waiver: false, allergen: false });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const stationId = settings.published.station.id;
  // The text comes from the versioned templates; its hash goes back with the signature so
  // the server refuses a signature over text that changed while the page was open.
  const agreement = useQuery({
    queryKey: ['agreement', stationId],
    queryFn: () =>
      api<AgreementView>(`/api/v1/agreements/current?stationId=${encodeURIComponent(stationId)}`),
    staleTime: 60_000,
  });
  if (!draft.hold) return <Navigate to="/book/contact" replace />;
  if (draft.signed) return <Navigate to="/book/deposit" replace />;
  const hold = draft.hold;
  const onExpired = () => {
    update({ hold: null, holdSignature: null, signed: false });
    void navigate('/book/date');
  };
  return (
    <StepForm
      title="Review and sign the agreement"
      back="contact"
      submitLabel="Sign the agreement"
      busy={busy || !agreement.data}
      onSubmit={async () => {
        const next: Record<string, string> = {};
        if (!accept.terms) next.terms = 'Accept the terms to continue.';
        if (!accept.waiver) next.waiver = 'Accept the liability waiver to continue.';
        if (!accept.allergen) next.allergen = 'Accept the allergen disclosure to continue.';
        if (!draft.signerName.trim()) next.signerName = 'Type your full name to sign.';
        setErrors(next);
        if (Object.keys(next).length > 0 || !agreement.data) return;
        setBusy(true);
        setFailure(null);
        try {
          const signed = await api<HoldView>(`/api/v1/holds/${hold.id}/sign`, {
            body: {
              signerName: draft.signerName.trim(),
              acceptTerms: true,
              acceptLiabilityWaiver: true,
              acceptAllergenDisclosure: true,
              contentHash: agreement.data.contentHash,
            },
          });
          update({ hold: signed, signed: true });
          void navigate('/book/deposit');
        } catch (error) {
          if (error instanceof ApiError && error.code === 'AGREEMENT_CHANGED') {
            // Show the new text and make the signer tick the boxes again.
            setAccept({ terms: false, waiver: false, allergen: false });
            void agreement.refetch();
          }
          setFailure(error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <HoldTimer hold={hold} signed={false} onExpired={onExpired} />
      {agreement.isPending ? <Loading label="Loading the agreement…" /> : null}
      {agreement.error ? (
        <ErrorBox error={agreement.error} title="The agreement could not be loaded" />
      ) : null}
      {agreement.data ? (
        <section
          aria-labelledby="terms-title"
          className="mb-3 max-h-64 overflow-y-auto rounded border border-stone-300 bg-white p-3 text-sm"
          tabIndex={0}
          data-agreement-version={agreement.data.version}
        >
          {agreement.data.documents.map((doc, i) => (
            <div key={doc.kind}>
              <h2
                id={i === 0 ? 'terms-title' : undefined}
                className={i === 0 ? 'font-semibold' : 'mt-2 font-semibold'}
              >
                {doc.title}
              </h2>
              {doc.paragraphs.map((paragraph, j) => (
                <p key={j} className="mb-1">
                  {paragraph}
                </p>
              ))}
            </div>
          ))}
        </section>
      ) : null}
      {(
        [
          ['terms', 'I accept the terms of service.'],
          ['waiver', 'I accept the liability waiver.'],
          ['allergen', 'I have read the allergen disclosure.'],
        ] as const
      ).map(([key, label]) => (
        <div key={key} className="mb-2">
          <div className="flex items-start gap-2">
            <input
              id={`accept-${key}`}
              type="checkbox"
              checked={accept[key]}
              aria-invalid={errors[key] ? true : undefined}
              aria-describedby={errors[key] ? `accept-${key}-error` : undefined}
              onChange={(e) => setAccept({ ...accept, [key]: e.target.checked })}
              className="mt-1"
            />
            <label htmlFor={`accept-${key}`}>{label}</label>
          </div>
          {errors[key] ? (
            <p id={`accept-${key}-error`} className="text-sm text-red-800">
              {errors[key]}
            </p>
          ) : null}
        </div>
      ))}
      <ValueTextField
        label="Type your full name to sign"
        name="signerName"
        required
        autoComplete="name"
        value={draft.signerName}
        error={errors.signerName}
        onChange={(signerName) => update({ signerName })}
      />
      {failure ? <ErrorBox error={failure} title="The agreement could not be signed" /> : null}
    </StepForm>
  );
}

const offlineMethods = [
  { id: 'zelle', label: 'Zelle' },
  { id: 'venmo', label: 'Venmo' },
  { id: 'cash', label: 'Cash to our team' },
] as const;

function DepositStep({ settings }: { settings: LoadedSettings }) {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  const [method, setMethod] = useState<string>('zelle');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (draft.booking) return <Navigate to="/book/confirmation" replace />;
  if (!draft.hold || !draft.signed) return <Navigate to="/book/agreement" replace />;
  const hold = draft.hold;
  const cardAvailable = settings.published.payments?.cardAvailable === true;
  const methods = cardAvailable
    ? [...offlineMethods, { id: 'card', label: 'Card (secure checkout)' }]
    : offlineMethods;
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
          const booking = await api<DepositResult>(`/api/v1/holds/${hold.id}/deposit`, {
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
          if (booking.checkout?.url) {
            window.location.assign(booking.checkout.url);
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
      <p className="text-sm text-stone-700">
        For Zelle, Venmo and cash you get the payment reference on the next page. Our team confirms
        the payment by hand; your booking stays pending until then.
      </p>
      {failure ? <ErrorBox error={failure} title="The deposit could not be recorded" /> : null}
    </StepForm>
  );
}

async function saveAllergens(
  booking: BookingView & { manageToken: string },
  allergens: string[],
  specialRequests: string,
) {
  try {
    await api(`/api/v1/bookings/${booking.id}`, {
      method: 'PATCH',
      token: booking.manageToken,
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

function ConfirmationStep({ settings }: { settings: LoadedSettings }) {
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
                const fresh = await api<BookingView>(`/api/v1/bookings/${booking.id}`, {
                  token: booking.manageToken,
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
