import { routes } from '@teppan/web-client';
import { canTransition, type BookingStatus, bookingStatuses } from '@teppan/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  buttonClass,
  compactSecondaryButtonClass,
  dangerButtonClass,
  ErrorBox,
  inputClass,
  Loading,
  Section,
} from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, call } from '../api.ts';
import { staffView, type PaymentView } from '../api-bookings.ts';
import { BookingDetailsSection, BookingRecords } from '../components/booking-detail-sections.tsx';
import { BookingEditForm } from '../components/booking-edit-form.tsx';
import { ChefAssignmentPanel } from '../components/chef-assignment-panel.tsx';
import { ManualPaymentForm } from '../components/manual-payment-form.tsx';
import { OnMyWayButton } from '../components/on-my-way-button.tsx';
import { MutationError, RefreshPageHeader } from '../components/page-parts.tsx';
import { formatCents, formatDateTime, methodLabel, statusLabel } from '../format.ts';
import { useCan } from '../session.tsx';

const dayStatuses = ['in_progress', 'completed', 'no_show'] as const;

function isBookingStatus(value: string): value is BookingStatus {
  return (bookingStatuses as readonly string[]).includes(value);
}

type Panel = 'none' | 'edit' | 'payment';

/** The button that opens one of the page's forms, or closes it when it is open. */
function PanelToggle(props: {
  panel: Exclude<Panel, 'none'>;
  label: string;
  open: Panel;
  onOpen: (panel: Panel) => void;
}) {
  const isOpen = props.open === props.panel;
  return (
    <button
      type="button"
      className={compactSecondaryButtonClass}
      aria-expanded={isOpen}
      onClick={() => props.onOpen(isOpen ? 'none' : props.panel)}
    >
      {props.label}
    </button>
  );
}

export function BookingDetailPage() {
  const { id = '' } = useParams();
  const formId = useId();
  const can = useCan();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [panel, setPanel] = useState<Panel>('none');
  // The outcome of the last thing done on this page (an action or a form), one at a time.
  const [notice, setNotice] = useState<string | null>(null);
  const closePanel = (message?: string) => {
    setPanel('none');
    if (message) setNotice(message);
  };
  const queryKey = ['booking', id];
  const booking = useQuery({
    queryKey,
    queryFn: () => call(routes.admin.booking, { params: { id } }),
  });

  // Every action answers with fresh server state; reloading the detail (and the lists and
  // calendar that may show it) keeps one source of truth instead of guessing optimistically.
  const afterChange = async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey }),
      client.invalidateQueries({ queryKey: ['bookings'] }),
      client.invalidateQueries({ queryKey: ['availability'] }),
      client.invalidateQueries({ queryKey: ['audit'] }),
    ]);
  };
  const action = useMutation({
    mutationFn: (request: { send: () => Promise<unknown>; label: string }) => request.send(),
    onMutate: () => setNotice(null),
    onSuccess: async (_data, request) => {
      setNotice(request.label);
      await afterChange();
    },
    // Someone else changed the booking first (a stale version): show the error and the
    // booking as it is now, so the next decision is made on fresh data.
    onError: (error) =>
      error instanceof ApiError && error.status === 409
        ? client.invalidateQueries({ queryKey })
        : undefined,
  });

  if (booking.isPending) return <Loading label="Loading the booking…" />;
  if (booking.isError)
    return (
      <>
        <RefreshPageHeader title="Booking" query={booking} />
        <ErrorBox error={booking.error} title="This booking did not load." />
        <Link to="/bookings" className="text-amber-900 underline">
          Back to bookings
        </Link>
      </>
    );

  const b = booking.data;
  const status = isBookingStatus(b.status) ? b.status : null;
  // A chef's view has no money, payments, policies or messages.
  const staff = staffView(b);
  const payments: PaymentView[] = staff?.payments ?? [];
  const canRequestCancel =
    can('bookings.cancel.request') &&
    status !== null &&
    canTransition(status, 'cancellation_requested');
  const canDecide = can('bookings.cancel.approve') && status === 'cancellation_requested';
  const moves = can('bookings.status')
    ? dayStatuses.filter((to) => status !== null && canTransition(status, to))
    : [];
  const confirmable =
    can('payments.confirm') && status === 'pending_deposit'
      ? payments.filter((p) => p.kind === 'deposit' && p.status === 'pending')
      : [];

  const canEdit =
    can('bookings.update') && (status === 'pending_deposit' || status === 'confirmed');
  const canRecordPayment =
    can('payments.confirm') &&
    staff !== undefined &&
    status !== null &&
    status !== 'cancellation_requested';

  // An admin's answer to a cancellation request (the reason was given when it was asked).
  const decisions = [
    {
      text: 'Approve cancellation',
      className: dangerButtonClass,
      label: 'Cancellation approved.',
      send: () => call(routes.admin.approveCancellation, { params: { id: b.id }, body: {} }),
    },
    {
      text: 'Reject cancellation',
      className: compactSecondaryButtonClass,
      label: 'Cancellation request rejected.',
      send: () => call(routes.admin.rejectCancellation, { params: { id: b.id }, body: {} }),
    },
  ];

  const onRequestCancel = (event: FormEvent) => {
    event.preventDefault();
    action.mutate(
      {
        send: () =>
          call(routes.admin.requestCancellation, {
            params: { id: b.id },
            body: { reason, version: b.version },
          }),
        label: 'Cancellation requested.',
      },
      { onSuccess: () => setReason('') },
    );
  };

  return (
    <>
      <RefreshPageHeader
        title={`Booking ${b.number}`}
        query={booking}
        refreshLabel="Refresh booking"
      >
        <Link to="/bookings" className={compactSecondaryButtonClass}>
          Back to bookings
        </Link>
      </RefreshPageHeader>
      <MutationError mutation={action} title="That did not work." />
      {notice ? (
        <p
          role="status"
          className="mb-3 rounded border border-green-300 bg-green-50 p-3 text-green-900"
        >
          {notice}
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <BookingDetailsSection b={b} canReadPayments={can('payments.read')} />

        <Section title="Actions">
          {!canEdit &&
          !canRecordPayment &&
          !canRequestCancel &&
          !canDecide &&
          moves.length === 0 &&
          confirmable.length === 0 ? (
            <p>Nothing to do on this booking with your role.</p>
          ) : null}
          {canEdit || canRecordPayment ? (
            <div className="mb-4 flex flex-wrap gap-2">
              {canEdit ? (
                <PanelToggle panel="edit" label="Edit booking" open={panel} onOpen={setPanel} />
              ) : null}
              {canRecordPayment ? (
                <PanelToggle
                  panel="payment"
                  label="Record a payment"
                  open={panel}
                  onOpen={setPanel}
                />
              ) : null}
            </div>
          ) : null}
          {staff?.depositDue?.reported ? (
            <div
              className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-amber-950"
              data-testid="deposit-reported"
            >
              <p className="font-semibold">Customer says paid</p>
              <p>
                By {methodLabel(staff.depositDue.reported.method)} on{' '}
                {formatDateTime(staff.depositDue.reported.at)}, reference{' '}
                <span className="font-mono">{staff.depositDue.reported.reference}</span>.
              </p>
              {staff.depositDue.deadline ? (
                <p>
                  Confirm by <strong>{formatDateTime(staff.depositDue.deadline)}</strong> once the
                  money is in; unconfirmed then, the booking is cancelled, the date released and the
                  customer told.
                </p>
              ) : null}
            </div>
          ) : null}
          {confirmable.map((payment) => (
            <div key={payment.id} className="mb-4">
              <button
                type="button"
                className={buttonClass}
                disabled={action.isPending}
                onClick={() =>
                  action.mutate({
                    send: () =>
                      call(routes.bookings.confirmPayment, { params: { id: payment.id } }),
                    label: 'Deposit confirmed.',
                  })
                }
              >
                Confirm {payment.method} deposit of {formatCents(payment.amountCents)} received
              </button>
            </div>
          ))}
          {canDecide ? (
            <div className="mb-4 flex flex-wrap gap-2">
              {decisions.map((decision) => (
                <button
                  key={decision.text}
                  type="button"
                  className={decision.className}
                  disabled={action.isPending}
                  onClick={() => action.mutate(decision)}
                >
                  {decision.text}
                </button>
              ))}
            </div>
          ) : null}
          {canRequestCancel ? (
            <form onSubmit={onRequestCancel} className="mb-4">
              <label htmlFor={`${formId}-reason`} className="block font-medium">
                Reason for cancelling
              </label>
              <textarea
                id={`${formId}-reason`}
                required
                maxLength={1000}
                rows={3}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                className={inputClass}
              />
              <button
                type="submit"
                className={`${compactSecondaryButtonClass} mt-2`}
                disabled={action.isPending || reason.trim() === ''}
              >
                Request cancellation
              </button>
              {can('bookings.cancel.approve') ? null : (
                <p className="mt-1 text-sm text-stone-600">An admin approves or rejects it.</p>
              )}
            </form>
          ) : null}
          {moves.length > 0 ? (
            <div className="flex flex-wrap gap-2">
              {moves.map((to) => (
                <button
                  key={to}
                  type="button"
                  className={compactSecondaryButtonClass}
                  disabled={action.isPending}
                  onClick={() =>
                    action.mutate({
                      send: () =>
                        call(routes.bookings.changeStatus, {
                          params: { id: b.id },
                          body: { status: to, version: b.version },
                        }),
                      label: `Marked ${statusLabel(to).toLowerCase()}.`,
                    })
                  }
                >
                  Mark {statusLabel(to).toLowerCase()}
                </button>
              ))}
            </div>
          ) : null}
          {/* Once cancelled, the figures above say what came back; the policy text would
              describe a cancellation made now. */}
          {staff?.policies.cancellation && status !== 'cancelled' ? (
            <p className="mt-3 text-sm text-stone-700">{staff.policies.cancellation.message}</p>
          ) : null}
        </Section>
      </div>

      {panel === 'edit' && canEdit ? (
        <Section title="Edit booking">
          <BookingEditForm booking={b} onDone={closePanel} />
        </Section>
      ) : null}
      {panel === 'payment' && canRecordPayment && staff ? (
        <Section title="Record a payment">
          <ManualPaymentForm booking={staff} onDone={closePanel} />
        </Section>
      ) : null}

      <ChefAssignmentPanel bookingId={b.id} />
      <OnMyWayButton bookingId={b.id} status={b.status} />

      <BookingRecords
        b={b}
        payments={payments}
        canReadPayments={can('payments.read')}
        canReadConversations={can('conversations.read')}
      />
    </>
  );
}
