import { routes } from '@teppan/web-client';
import { slotTimes } from '@teppan/core';
import { useMutation } from '@tanstack/react-query';
import {
  buttonClass,
  compactSecondaryButtonClass,
  ErrorBox,
  Section,
  SelectField,
  TextField,
} from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, call } from '../api.ts';
import {
  leadDetails,
  type LeadConvertBody,
  type LeadConvertResult,
  type LeadDetail,
} from '../api-leads.ts';
import { formatCents, formatDateTime } from '../format.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { conflictCurrent } from './leads-shared.tsx';
import { FormButtons } from './shared-buttons.tsx';

type Mismatch = { number: string; customerName: string; date: string };

/**
 * Convert a lead: link a booking that already exists (same station; another customer's
 * booking needs a confirmation), or hold a date and send the customer the checkout link —
 * the lead turns converted by itself once they pay the deposit.
 */
export function LeadConvertSection(props: {
  lead: LeadDetail;
  onDone: (lead: LeadDetail) => Promise<void>;
  onConflict: (error: unknown) => void;
}) {
  const id = useId();
  const { lead } = props;
  const details = leadDetails(lead);
  const [mode, setMode] = useState<'link' | 'hold'>('link');
  const [number, setNumber] = useState('');
  const [mismatch, setMismatch] = useState<Mismatch | null>(null);
  const [result, setResult] = useState<LeadConvertResult['hold']>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [hold, setHold] = useState({
    date: details.eventDate ?? '',
    slot: '18:00',
    requestedTime: '',
    adults: details.guests === undefined ? '' : String(details.guests),
    children: '0',
    toddlers: '0',
    zip: details.zip ?? '',
    address: '',
    name: lead.name ?? '',
    email: lead.email ?? '',
    phone: lead.phone ?? '',
  });
  const setField = (key: keyof typeof hold) => (value: string) =>
    setHold((h) => ({ ...h, [key]: value }));

  const convert = useMutation({
    mutationFn: (body: LeadConvertBody) =>
      call(routes.leads.convert, { params: { id: lead.id }, body }),
    onSuccess: async (converted) => {
      setMismatch(null);
      setResult(converted.hold);
      await props.onDone(converted.lead);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'LEAD_CUSTOMER_MISMATCH') {
        const details = error.details as { booking?: Mismatch } | undefined;
        if (details?.booking) setMismatch(details.booking);
        return;
      }
      if (conflictCurrent(error)) props.onConflict(error);
    },
  });

  const onLink = (event: FormEvent) => {
    event.preventDefault();
    if (!number.trim()) {
      setProblem('Enter a booking number, like TP-1042.');
      return;
    }
    setProblem(null);
    convert.mutate({ mode: 'link', version: lead.version, bookingNumber: number.trim() });
  };

  const onHold = (event: FormEvent) => {
    event.preventDefault();
    const adults = Number(hold.adults);
    const children = Number(hold.children || 0);
    const toddlers = Number(hold.toddlers || 0);
    if (!hold.date) return setProblem('Choose the event date.');
    // The select offers only the slots there are.
    const slot = slotTimes.find((known) => known === hold.slot);
    if (!slot) return setProblem('Choose a time slot.');
    if (
      ![adults, children, toddlers].every((n) => Number.isInteger(n) && n >= 0) ||
      adults + children + toddlers < 1
    )
      return setProblem('Enter the number of guests (whole numbers).');
    if (!/^\d{5}$/.test(hold.zip.trim())) return setProblem('Enter the 5-digit ZIP of the venue.');
    if (!hold.name.trim() || !hold.email.trim() || !hold.phone.trim())
      return setProblem('A hold needs the customer’s name, email and phone.');
    setProblem(null);
    convert.mutate({
      mode: 'hold',
      version: lead.version,
      date: hold.date,
      slot,
      ...(hold.requestedTime ? { requestedTime: hold.requestedTime } : {}),
      party: {
        adults,
        children,
        toddlers,
        venue: {
          zip: hold.zip.trim(),
          ...(hold.address.trim() ? { address: hold.address.trim() } : {}),
        },
      },
      customer: { name: hold.name.trim(), email: hold.email.trim(), phone: hold.phone.trim() },
    });
  };

  const input = (key: keyof typeof hold, label: string, type = 'text', extra: object = {}) => (
    <TextField
      id={`${id}-${key}`}
      label={label}
      type={type}
      value={hold[key]}
      onChange={(event) => setField(key)(event.target.value)}
      {...extra}
    />
  );

  const activeHold =
    lead.hold &&
    (lead.hold.status === 'awaiting_signature' || lead.hold.status === 'awaiting_deposit')
      ? lead.hold
      : null;

  return (
    <Section title="Convert to a booking">
      {activeHold ? (
        <div className="mb-3 rounded border border-green-300 bg-green-50 p-3">
          <p>
            A date is held for this lead ({activeHold.status.replace(/_/g, ' ')}, until{' '}
            {formatDateTime(activeHold.expiresAt)}). Send the customer this checkout link; the lead
            becomes converted when they pay the deposit:
          </p>
          <p className="mt-1 break-all font-mono text-sm">{activeHold.link}</p>
        </div>
      ) : null}
      {result ? (
        <div role="status" className="mb-3 rounded border border-green-300 bg-green-50 p-3">
          Held {result.date} at {result.slot} (quote {result.quoteNumber}, total{' '}
          {formatCents(result.totalCents)}, deposit {formatCents(result.depositCents)}).
          <button
            type="button"
            className={`${compactSecondaryButtonClass} ml-2`}
            onClick={() => void navigator.clipboard?.writeText(result.link)}
          >
            Copy checkout link
          </button>
        </div>
      ) : null}
      <fieldset className="mb-3">
        <legend className="font-medium">How</legend>
        <label className="mr-4">
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === 'link'}
            onChange={() => setMode('link')}
          />{' '}
          Link an existing booking
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === 'hold'}
            onChange={() => setMode('hold')}
          />{' '}
          Hold a date for the customer
        </label>
      </fieldset>
      {problem ? (
        <p role="alert" className="mb-2 text-red-800">
          {problem}
        </p>
      ) : null}
      {convert.isError &&
      !conflictCurrent(convert.error) &&
      !(convert.error instanceof ApiError && convert.error.code === 'LEAD_CUSTOMER_MISMATCH') ? (
        <ErrorBox error={convert.error} title="The lead was not converted." />
      ) : null}
      {mode === 'link' ? (
        <form
          onSubmit={onLink}
          aria-label="Link a booking"
          className="flex flex-wrap items-end gap-2"
        >
          <TextField
            id={`${id}-number`}
            label="Booking number"
            value={number}
            placeholder="TP-1042"
            maxLength={40}
            onChange={(event) => setNumber(event.target.value)}
          />
          <button type="submit" className={buttonClass} disabled={convert.isPending}>
            {convert.isPending ? 'Linking…' : 'Link and convert'}
          </button>
        </form>
      ) : (
        <form onSubmit={onHold} aria-label="Hold a date" className="grid gap-3 sm:grid-cols-3">
          {input('date', 'Event date', 'date')}
          <SelectField
            id={`${id}-slot`}
            label="Time slot"
            value={hold.slot}
            onChange={(event) => setField('slot')(event.target.value)}
          >
            {slotTimes.map((slot) => (
              <option key={slot} value={slot}>
                {slot}
              </option>
            ))}
          </SelectField>
          {input('requestedTime', 'Exact start (optional)', 'time')}
          {input('adults', 'Adults', 'number', { min: 0, max: 300 })}
          {input('children', 'Children', 'number', { min: 0, max: 300 })}
          {input('toddlers', 'Toddlers', 'number', { min: 0, max: 300 })}
          {input('zip', 'Venue ZIP', 'text', { inputMode: 'numeric', maxLength: 5 })}
          <div className="sm:col-span-2">{input('address', 'Venue address (optional)')}</div>
          {input('name', 'Customer name')}
          {input('email', 'Customer email', 'email')}
          {input('phone', 'Customer phone', 'tel')}
          <FormButtons
            className="sm:col-span-3"
            label="Quote and hold the date"
            pendingLabel="Holding…"
            isPending={convert.isPending}
            isDisabled={activeHold !== null}
          />
        </form>
      )}
      <ConfirmDialog
        isOpen={mismatch !== null}
        title="Another customer’s booking"
        confirmLabel="Link anyway"
        isPending={convert.isPending}
        onCancel={() => setMismatch(null)}
        onConfirm={() =>
          convert.mutate({
            mode: 'link',
            version: lead.version,
            bookingNumber: number.trim(),
            confirmCustomerMismatch: true,
          })
        }
      >
        <p>
          {mismatch?.number} ({mismatch?.date}) was booked by {mismatch?.customerName}, not by this
          lead’s contact. Link it to this lead anyway?
        </p>
      </ConfirmDialog>
    </Section>
  );
}
