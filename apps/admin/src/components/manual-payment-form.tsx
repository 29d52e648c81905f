import { routes } from '@teppan/web-client';
import { useMutation } from '@tanstack/react-query';
import { ErrorBox, Field, inputClass, SelectField, TextField } from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { call } from '../api.ts';
import { type StaffBookingDetail } from '../api-bookings.ts';
import { formatCents } from '../format.ts';
import { paymentKindOptions, type ManualPaymentKind } from '../payment-form-options.ts';
import { type BookingFormProps, useRefreshBooking } from './shared-booking-form.tsx';
import { FormButtons, SecondaryButton } from './shared-buttons.tsx';

const methods = ['zelle', 'venmo', 'cash', 'check'] as const;

function parseDollars(text: string): number | null {
  const match = /^\s*\$?\s*(\d{1,6})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

/**
 * Money that came (or went back) by Zelle, Venmo, cash or cheque. One idempotency key per
 * form fill: a double click or a retry after a timeout records the payment once.
 */
export function ManualPaymentForm(props: BookingFormProps<StaffBookingDetail>) {
  const { booking } = props;
  const formId = useId();
  const refreshBooking = useRefreshBooking(booking.id);
  // Only what makes sense in the booking's state (the server refuses the rest as well).
  const options = paymentKindOptions(booking);
  const [kind, setKind] = useState<ManualPaymentKind | undefined>(options[0]?.value);
  const option = options.find((o) => o.value === kind);
  const [method, setMethod] = useState<(typeof methods)[number]>('zelle');
  const [amount, setAmount] = useState(
    option?.suggestedCents ? (option.suggestedCents / 100).toFixed(2) : '',
  );
  const [reference, setReference] = useState('');
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const cents = parseDollars(amount);
  const record = useMutation({
    mutationFn: (input: { kind: ManualPaymentKind; amountCents: number }) =>
      call(routes.admin.recordPayment, {
        params: { id: booking.id },
        body: {
          kind: input.kind,
          method,
          amountCents: input.amountCents,
          idempotencyKey,
          ...(reference.trim() ? { externalReference: reference.trim() } : {}),
        },
      }),
    onSuccess: async (result) => {
      setIdempotencyKey(crypto.randomUUID());
      const what = kind === 'refund' ? 'Refund' : 'Payment';
      const amount = cents === null ? '' : ` of ${formatCents(cents)}`;
      await refreshBooking();
      props.onDone(
        result.isReplay
          ? `${what}${amount} was already recorded; nothing was added.`
          : `${what}${amount} recorded.`,
      );
    },
  });
  const isAboveMax = cents !== null && option?.maxCents != null && cents > option.maxCents;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!kind || cents === null || cents <= 0 || isAboveMax) return;
    record.mutate({ kind, amountCents: cents });
  };
  const amountInvalid = amount !== '' && (cents === null || cents <= 0);
  if (!kind)
    return (
      <div className="space-y-3">
        <p data-testid="payment-nothing">
          {booking.status === 'cancelled'
            ? 'Nothing to record: the booking is cancelled and nothing paid is left to refund.'
            : 'Nothing can be recorded on this booking in its current state.'}
        </p>
        <SecondaryButton onClick={() => props.onDone()}>Close</SecondaryButton>
      </div>
    );

  return (
    <form onSubmit={onSubmit} aria-label="Record a payment" className="space-y-3">
      {record.isError ? (
        <ErrorBox error={record.error} title="The payment was not recorded." />
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          id={`${formId}-kind`}
          label="What for"
          value={kind}
          onChange={(event) => {
            const next = options.find((o) => o.value === event.target.value);
            if (!next) return;
            setKind(next.value);
            setAmount(next.suggestedCents ? (next.suggestedCents / 100).toFixed(2) : '');
          }}
        >
          {options.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          id={`${formId}-method`}
          label="Method"
          value={method}
          onChange={(event) => setMethod(event.target.value as typeof method)}
        >
          {methods.map((m) => (
            <option key={m} value={m}>
              {m === 'check' ? 'Cheque' : m[0]?.toUpperCase() + m.slice(1)}
            </option>
          ))}
        </SelectField>
        <Field id={`${formId}-amount`} label="Amount (USD)">
          <input
            id={`${formId}-amount`}
            inputMode="decimal"
            required
            value={amount}
            aria-invalid={amountInvalid || isAboveMax}
            aria-describedby={`${formId}-amount-help`}
            onChange={(event) => setAmount(event.target.value)}
            className={inputClass}
          />
          <p id={`${formId}-amount-help`} className="text-sm text-stone-600">
            {amountInvalid
              ? 'Enter an amount like 100 or 100.50.'
              : amountHelp(kind, option?.maxCents ?? null)}
          </p>
        </Field>
        <TextField
          id={`${formId}-reference`}
          label="Their reference (optional)"
          maxLength={200}
          value={reference}
          onChange={(event) => setReference(event.target.value)}
        />
      </div>
      <FormButtons
        className="flex flex-wrap gap-2"
        label={`Record ${cents ? formatCents(cents) : ''} ${kind === 'refund' ? 'refund' : 'payment'}`}
        pendingLabel="Recording…"
        isPending={record.isPending}
        isDisabled={cents === null || cents <= 0 || isAboveMax}
      >
        <SecondaryButton onClick={() => props.onDone()}>Cancel</SecondaryButton>
      </FormButtons>
    </form>
  );
}

function amountHelp(kind: ManualPaymentKind, maxCents: number | null): string {
  if (maxCents === null) return '';
  switch (kind) {
    case 'deposit':
      return `The deposit is ${formatCents(maxCents)}.`;
    case 'balance':
      return `Balance owed: ${formatCents(maxCents)}.`;
    case 'refund':
      return `At most ${formatCents(maxCents)} (paid minus refunded).`;
    case 'reschedule_fee':
      return '';
  }
}
