import { routes } from '@teppan/web-client';
import { depositReportSchema } from '@teppan/core';
import {
  buttonClass,
  ErrorBox,
  Notice,
  secondaryButtonClass,
  ValueTextField,
} from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, call, tokenHeaders, type BookingView } from '../api.ts';
import { formatInstant } from '../format.ts';
import { useSettings } from '../settings.ts';

const methods = [
  { id: 'zelle', label: 'Zelle' },
  { id: 'venmo', label: 'Venmo' },
  { id: 'cash', label: 'Cash' },
] as const;
type Method = (typeof methods)[number]['id'];

const methodLabel = (method: string) => methods.find((m) => m.id === method)?.label ?? method;

function isMethod(value: string): value is Method {
  return methods.some((m) => m.id === value);
}

/**
 * "I've sent it" (SPEC §4): where the offline payment instructions are shown, the customer
 * gives the reference they used before the deposit deadline; afterwards the page says by
 * when we confirm it. Shown on the wizard's confirmation step and the manage page.
 */
export function DepositSent(props: {
  booking: BookingView;
  token: string;
  timeZone: string | undefined;
  onReported: (next: BookingView) => void;
}) {
  const { booking } = props;
  const due = booking.depositDue;
  const [isEditing, setIsEditing] = useState(false);
  const contact = useSettings().data?.published.contact;
  if (!due) return null;
  const deadline = due.deadline ? formatInstant(due.deadline, props.timeZone) : null;
  const isPast = due.deadline !== null && Date.parse(due.deadline) <= Date.now();

  if (due.stage === 'awaiting_confirmation' && due.reported && !isEditing)
    return (
      <section
        aria-labelledby="deposit-sent-title"
        className="my-3 rounded border border-green-300 bg-green-50 p-3 text-green-950"
        data-testid="deposit-sent"
      >
        <h2 id="deposit-sent-title" className="font-semibold">
          Thanks — you told us the deposit is sent
        </h2>
        <p role="status" data-testid="deposit-confirm-by">
          {deadline
            ? `We'll confirm your payment by ${deadline}.`
            : "We'll confirm your payment as soon as we find it."}
        </p>
        <p>
          {methodLabel(due.reported.method)}, reference{' '}
          <strong data-testid="deposit-sent-reference">{due.reported.reference}</strong>. We look
          for it and email you once it is confirmed; if we cannot find it by then, the booking is
          cancelled and we tell you.
        </p>
        {due.canReport ? (
          <button
            type="button"
            className={secondaryButtonClass + ' mt-2'}
            onClick={() => setIsEditing(true)}
          >
            Correct the reference
          </button>
        ) : null}
      </section>
    );

  if (!due.canReport) {
    if (!isPast) return null;
    return (
      <Notice tone="warn">
        <p role="status" data-testid="deposit-deadline-passed">
          The deposit was due by {deadline}. The date is being released; if you already sent the
          payment, call us{contact ? ` at ${contact.phone} or write to ${contact.email}` : ''} and
          we will sort it out.
        </p>
      </Notice>
    );
  }

  return (
    <DepositSentForm
      {...props}
      deadline={deadline}
      initialMethod={
        due.reported?.method ?? props.booking.payments.find((p) => p.kind === 'deposit')?.method
      }
      initialReference={due.reported?.reference ?? ''}
      onCancel={due.reported ? () => setIsEditing(false) : undefined}
      onDone={(next) => {
        setIsEditing(false);
        props.onReported(next);
      }}
    />
  );
}

function DepositSentForm(props: {
  booking: BookingView;
  token: string;
  deadline: string | null;
  initialMethod: string | undefined;
  initialReference: string;
  onCancel: (() => void) | undefined;
  onDone: (next: BookingView) => void;
}) {
  const { booking } = props;
  const titleId = useId();
  // Only the methods the station takes (a payee set, or cash), and whatever was chosen.
  const offlineMethods = useSettings().data?.published.payments.offlineMethods;
  const offered = methods.filter(
    (m) => !offlineMethods || offlineMethods.includes(m.id) || m.id === props.initialMethod,
  );
  const [method, setMethod] = useState<Method>(
    props.initialMethod && isMethod(props.initialMethod)
      ? props.initialMethod
      : (offered[0]?.id ?? 'zelle'),
  );
  const [reference, setReference] = useState(props.initialReference);
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const depositReference = booking.payments.find((p) => p.kind === 'deposit')?.reference;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = depositReportSchema.safeParse({ reference, method });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Check the reference.');
      return;
    }
    setError(undefined);
    setFailure(null);
    setBusy(true);
    try {
      props.onDone(
        await call(routes.bookings.depositSent, {
          params: { id: booking.id },
          headers: tokenHeaders(props.token),
          body: parsed.data,
        }),
      );
    } catch (caught) {
      // A reference that is not this booking's belongs next to the field.
      if (caught instanceof ApiError && caught.code === 'DEPOSIT_REFERENCE_MISMATCH')
        setError(caught.message);
      else setFailure(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      aria-labelledby={titleId}
      className="my-3 rounded border border-stone-300 bg-white p-4"
      data-testid="deposit-sent-form"
    >
      <h2 id={titleId} className="mb-1 text-lg font-semibold">
        {props.onCancel ? 'Correct the payment reference' : 'Sent the deposit? Tell us here'}
      </h2>
      <p className="mb-3 text-sm text-stone-700">
        {props.deadline
          ? `Send it by ${props.deadline}, then tell us here so we can look for it. Without the deposit or word from you by then, the booking is cancelled and the date released.`
          : 'Once you have sent it, tell us here so we can look for it.'}
      </p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <fieldset className="mb-3">
          <legend className="font-medium">How did you pay?</legend>
          <div className="mt-1 flex flex-wrap gap-4">
            {offered.map((m) => (
              <label key={m.id} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="deposit-method"
                  value={m.id}
                  checked={method === m.id}
                  onChange={() => setMethod(m.id)}
                />
                {m.label}
              </label>
            ))}
          </div>
        </fieldset>
        <ValueTextField
          label="Payment reference"
          name="reference"
          required
          value={reference}
          error={error}
          hint={`The reference you put in the note${depositReference ? ` (${depositReference})` : ''}, or the confirmation number or note your app shows.`}
          onChange={(value) => {
            setReference(value);
            setError(undefined);
          }}
        />
        {failure ? <ErrorBox error={failure} title="We could not record that" /> : null}
        <div className="flex flex-wrap gap-3">
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy ? 'Sending…' : "I've sent the deposit"}
          </button>
          {props.onCancel ? (
            <button type="button" className={secondaryButtonClass} onClick={props.onCancel}>
              Keep the reference
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
