import { useMutation, useQueryClient } from '@tanstack/react-query';
import { buttonClass, ErrorBox, TextField } from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api.ts';
import {
  chefKeys,
  decideTimeOff,
  requestTimeOff,
  type TimeOff,
  type TimeOffStatus,
} from '../api-chefs.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { FormButtons, SecondaryButton } from './shared-buttons.tsx';
import { CompactTextField } from './shared-field.tsx';

const statusText: Record<TimeOffStatus, string> = {
  requested: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
};

/** The contract types the status as a string: a status this screen does not know shows as is. */
export function timeOffStatus(status: TimeOff['status']): string {
  return Object.hasOwn(statusText, status) ? statusText[status as TimeOffStatus] : status;
}

/**
 * The details of a 409 CHEF_SCHEDULE_CONFLICT (an error's details, which the contract does
 * not type): the events that would lose their chef.
 */
type ScheduleConflicts = {
  assignments: { bookingId: string; number: string; date: string; slot: string }[];
  slots: { date: string; slot: string; capacity: number; taken: number; bookings: string[] }[];
};

function isScheduleConflicts(value: unknown): value is ScheduleConflicts {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as ScheduleConflicts).assignments) &&
    Array.isArray((value as ScheduleConflicts).slots)
  );
}

/**
 * A refused schedule change, explained: the message, the events the chef is assigned to
 * (linked) and the slots that would be left short, with their bookings.
 */
export function ScheduleError({ error, title }: { error: unknown; title: string }) {
  const details = error instanceof ApiError ? error.details : undefined;
  return (
    <div>
      <ErrorBox error={error} title={title} />
      {isScheduleConflicts(details) ? (
        <ul className="mb-3 list-disc pl-5 text-sm" data-testid="schedule-conflicts">
          {details.assignments.map((a) => (
            <li key={a.bookingId}>
              Assigned to{' '}
              <Link to={`/bookings/${a.bookingId}`} className="text-amber-900 underline">
                {a.number}
              </Link>{' '}
              on {a.date} at {a.slot}
            </li>
          ))}
          {details.slots.map((s) => (
            <li key={`${s.date}|${s.slot}`}>
              {s.date} at {s.slot}: {s.taken} booked ({s.bookings.join(', ')}), {s.capacity} chef
              {s.capacity === 1 ? '' : 's'} would remain
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Approve or reject one pending request, with an optional note; rejecting asks first. */
export function TimeOffDecision({ request }: { request: TimeOff }) {
  const id = useId();
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const [isConfirmingReject, setConfirmingReject] = useState(false);
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') => decideTimeOff(request.id, decision, note),
    onSettled: () => client.invalidateQueries({ queryKey: chefKeys.all }),
    onSuccess: () => setConfirmingReject(false),
  });
  return (
    <div className="mt-2">
      <CompactTextField
        id={`${id}-note`}
        label="Note to the chef (optional)"
        maxLength={1000}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <div className="mt-2 flex flex-wrap gap-2">
        <button
          type="button"
          className={buttonClass}
          disabled={decide.isPending}
          onClick={() => decide.mutate('approve')}
        >
          Approve
        </button>
        <SecondaryButton disabled={decide.isPending} onClick={() => setConfirmingReject(true)}>
          Reject
        </SecondaryButton>
      </div>
      {decide.isError ? (
        <ScheduleError error={decide.error} title="The request was not decided." />
      ) : null}
      <ConfirmDialog
        isOpen={isConfirmingReject}
        title="Reject this time off?"
        confirmLabel="Reject"
        isDanger
        isPending={decide.isPending}
        onCancel={() => setConfirmingReject(false)}
        onConfirm={() => decide.mutate('reject')}
      >
        <p>
          {request.chefName ?? 'The chef'} asked for {request.fromDate} to {request.toDate}.
          {note.trim() ? ` Your note: “${note.trim()}”` : ' You have not added a note.'}
        </p>
      </ConfirmDialog>
    </div>
  );
}

function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Ask for time off: a manager decides; pending requests do not change capacity. */
export function TimeOffRequestForm({ chefId }: { chefId: string }) {
  const id = useId();
  const client = useQueryClient();
  const [fromDate, setFrom] = useState('');
  const [toDate, setTo] = useState('');
  const [reason, setReason] = useState('');
  const submit = useMutation({
    mutationFn: () =>
      requestTimeOff(chefId, {
        fromDate,
        toDate,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: async () => {
      setFrom('');
      setTo('');
      setReason('');
      await client.invalidateQueries({ queryKey: chefKeys.all });
    },
  });
  const isRangeInvalid = fromDate !== '' && toDate !== '' && toDate < fromDate;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!isRangeInvalid) submit.mutate();
  };
  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-3" aria-label="Request time off">
      <TextField
        id={`${id}-from`}
        label="First day off"
        type="date"
        required
        min={localToday()}
        value={fromDate}
        onChange={(event) => setFrom(event.target.value)}
      />
      <TextField
        id={`${id}-to`}
        label="Last day off"
        type="date"
        required
        min={fromDate || localToday()}
        value={toDate}
        onChange={(event) => setTo(event.target.value)}
        error={isRangeInvalid ? 'The last day must be on or after the first day.' : undefined}
      />
      <TextField
        id={`${id}-reason`}
        label="Reason (optional)"
        maxLength={500}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <FormButtons
        className="sm:col-span-3"
        label="Request time off"
        pendingLabel="Sending…"
        isPending={submit.isPending}
        isDisabled={isRangeInvalid || !fromDate || !toDate}
      >
        {submit.isSuccess ? (
          <p role="status" className="mt-2 text-green-900">
            Requested. A manager approves or rejects it.
          </p>
        ) : null}
        {submit.isError ? (
          <ErrorBox error={submit.error} title="The request was not sent." />
        ) : null}
      </FormButtons>
    </form>
  );
}
