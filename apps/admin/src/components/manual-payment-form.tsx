import { routes } from '@teppan/web-client';
import { useMutation } from '@tanstack/react-query';
import { ErrorBox, Field, inputClass, SelectField, TextField } from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { call } from '../api.ts';
import { type StaffBookingDetail } from '../api-bookings.ts';
import { formatCents } from '../format.ts';
import { type BookingFormProps, useRefreshBooking } from './shared-booking-form.tsx';
import { FormButtons, SecondaryButton } from './shared-buttons.tsx';

const kinds = [
  { value: 'deposit', label: 'Deposit' },
  { value: 'balance', label: 'Balance' },
  { value: 'reschedule_fee', label: 'Reschedule fee' },
  { value: 'refund', label: 'Refund paid back' },
] as const;
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
  const defaultKind = booking.status === 'pending_deposit' ? 'deposit' : 'balance';
  const [kind, setKind] = useState<(typeof kinds)[number]['value']>(defaultKind);
  const [method, setMethod] = useState<(typeof methods)[number]>('zelle');
  const suggested =
    kind === 'deposit' ? booking.depositCents : kind === 'balance' ? booking.balanceCents : null;
  const [amount, setAmount] = useState(suggested ? (suggested / 100).toFixed(2) : '');
  const [reference, setReference] = useState('');
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const cents = parseDollars(amount);
  const record = useMutation({
    mutationFn: (amountCents: number) =>
      call(routes.admin.recordPayment, {
        params: { id: booking.id },
        body: {
          kind,
          method,
          amountCents,
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
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (cents === null || cents <= 0) return;
    record.mutate(cents);
  };
  const amountInvalid = amount !== '' && (cents === null || cents <= 0);

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
            const next = event.target.value as typeof kind;
            setKind(next);
            const hint =
              next === 'deposit'
                ? booking.depositCents
                : next === 'balance'
                  ? booking.balanceCents
                  : null;
            setAmount(hint ? (hint / 100).toFixed(2) : '');
          }}
        >
          {kinds.map((k) => (
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
            aria-invalid={amountInvalid}
            aria-describedby={`${formId}-amount-help`}
            onChange={(event) => setAmount(event.target.value)}
            className={inputClass}
          />
          <p id={`${formId}-amount-help`} className="text-sm text-stone-600">
            {amountInvalid
              ? 'Enter an amount like 100 or 100.50.'
              : booking.balanceCents !== undefined
                ? `Balance owed: ${formatCents(booking.balanceCents)}`
                : ''}
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
        isDisabled={cents === null || cents <= 0}
      >
        <SecondaryButton onClick={() => props.onDone()}>Cancel</SecondaryButton>
      </FormButtons>
    </form>
  );
}
