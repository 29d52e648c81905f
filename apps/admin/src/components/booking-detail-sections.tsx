import { Empty, Section } from '@teppan/web-ui';
import type { ReactNode } from 'react';
import { staffView, type BookingDetail, type PaymentView } from '../api-bookings.ts';
import { formatCents, formatDateTime, statusLabel, timelineDetail } from '../format.ts';
import { DataTable } from './data-table.tsx';

// The read-only parts of the booking detail page: its facts, and what happened to it so far.

function Row(props: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2 py-1">
      <dt className="font-medium text-stone-700">{props.label}</dt>
      <dd data-testid={props.testId}>{props.children}</dd>
    </div>
  );
}

/** Who, when, where and what; the money only for a role that reads payments. */
export function BookingDetailsSection({
  b,
  canReadPayments,
}: {
  b: BookingDetail;
  canReadPayments: boolean;
}) {
  const staff = staffView(b);
  return (
    <Section title="Details">
      <dl>
        <Row label="Status" testId="booking-status">
          {statusLabel(b.status)}
        </Row>
        {staff?.depositDue?.deadline ? (
          <Row
            label={
              staff.depositDue.stage === 'awaiting_confirmation'
                ? 'Confirm deposit by'
                : 'Deposit due by'
            }
            testId="deposit-deadline"
          >
            {formatDateTime(staff.depositDue.deadline)} · cancelled automatically if unpaid then
          </Row>
        ) : null}
        <Row label="Event" testId="booking-when">
          {b.date} at {b.slot}
          {b.requestedTime ? ` (asked for ${b.requestedTime})` : ''} · station time
        </Row>
        <Row label="Guests">
          {b.guests.adults} adults, {b.guests.children} children, {b.guests.toddlers} toddlers
        </Row>
        <Row label="Customer">{b.customer.name}</Row>
        <Row label="Email">{b.customer.email}</Row>
        <Row label="Phone">{b.customer.phone}</Row>
        <Row label="Venue">
          {b.venue.address ? `${b.venue.address}, ` : ''}
          {b.venue.zip}
        </Row>
        {b.specialRequests ? <Row label="Requests">{b.specialRequests}</Row> : null}
        {b.cancellationReason ? (
          <Row label="Cancellation reason" testId="cancellation-reason">
            {b.cancellationReason}
          </Row>
        ) : null}
        {b.allergens.length > 0 ? (
          <Row label="Allergens" testId="booking-allergens">
            {b.allergens.join(', ')}
          </Row>
        ) : null}
        {b.menu?.proteins ? (
          <Row label="Proteins">
            {Object.entries(b.menu.proteins)
              .map(([code, n]) => `${n} ${code.replace(/_/g, ' ')}`)
              .join(', ')}
          </Row>
        ) : null}
        {canReadPayments && staff ? (
          <>
            <Row label="Total" testId="booking-total">
              {formatCents(staff.totalCents)}
            </Row>
            <Row label="Deposit">{formatCents(staff.depositCents)}</Row>
            <Row label="Paid" testId="booking-paid">
              {formatCents(staff.paidCents)}
            </Row>
            <Row label="Balance">{formatCents(staff.balanceCents)}</Row>
            {staff.money.refundToRecordCents > 0 ? (
              <Row label="Refund to record" testId="booking-refund-to-record">
                {formatCents(staff.money.refundToRecordCents)}
              </Row>
            ) : null}
            {staff.money.refundSentCents > 0 ? (
              <Row label="Refund owed, not paid out" testId="booking-refund-sent">
                {formatCents(staff.money.refundSentCents)}
              </Row>
            ) : null}
            {staff.money.refundReceivedCents > 0 ? (
              <Row label="Refunded" testId="booking-refunded">
                {formatCents(staff.money.refundReceivedCents)}
              </Row>
            ) : null}
            {staff.money.keptCents > 0 ? (
              <Row label="Kept per policy" testId="booking-kept">
                {formatCents(staff.money.keptCents)}
              </Row>
            ) : null}
          </>
        ) : null}
        <Row label="Version">{b.version}</Row>
      </dl>
    </Section>
  );
}

/** The payments, the timeline, the messages sent and the messages planned. */
export function BookingRecords({
  b,
  payments,
  canReadPayments,
  canReadConversations,
}: {
  b: BookingDetail;
  payments: PaymentView[];
  canReadPayments: boolean;
  canReadConversations: boolean;
}) {
  const staff = staffView(b);
  return (
    <>
      {canReadPayments ? (
        <Section title="Payments">
          {payments.length === 0 ? (
            <Empty>No payments yet.</Empty>
          ) : (
            <DataTable
              className="overflow-x-auto"
              headClassName=""
              cellClassName="p-1"
              columns={['Kind', 'Method', 'Amount', 'Status', 'Reference']}
            >
              {payments.map((payment) => (
                <tr
                  key={payment.id}
                  className="border-t border-stone-200"
                  data-testid="payment-row"
                >
                  <td className="p-1">
                    {payment.kind === 'refund' ? 'refund (to the customer)' : payment.kind}
                  </td>
                  <td className="p-1">{payment.method}</td>
                  <td className="p-1">{formatCents(payment.amountCents)}</td>
                  <td className="p-1">{payment.status}</td>
                  <td className="p-1 font-mono">{payment.reference}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </Section>
      ) : null}

      <Section title="Timeline">
        {b.timeline.length === 0 ? (
          <Empty>No changes recorded yet.</Empty>
        ) : (
          <ol className="space-y-2" data-testid="timeline">
            {b.timeline.map((event, index) => (
              <li key={`${event.at}-${index}`} className="border-l-4 border-amber-700 pl-3">
                <p className="font-medium">{event.type.replace(/[._]/g, ' ')}</p>
                {timelineDetail(event) ? <p className="text-sm">{timelineDetail(event)}</p> : null}
                <p className="text-sm text-stone-600">
                  {formatDateTime(event.at)}
                  {event.actorName || event.actor ? ` · ${event.actorName ?? event.actor}` : ''}
                </p>
              </li>
            ))}
          </ol>
        )}
      </Section>

      {canReadConversations && staff ? (
        <Section title="Messages sent">
          {staff.sentMessages.length === 0 ? (
            <Empty>Nothing has been sent about this booking yet.</Empty>
          ) : (
            <ul className="space-y-1" data-testid="sent-messages">
              {staff.sentMessages.map((message, index) => (
                <li key={`${message.at}-${index}`}>
                  <span className="font-medium">{message.subject ?? message.template}</span> ·{' '}
                  {message.channel === 'sms' ? 'text' : 'email'} to {message.recipient} ·{' '}
                  {formatDateTime(message.at)} ·{' '}
                  {message.status === 'recorded'
                    ? 'in the outbox, not sent yet (offline without a mail or SMS provider)'
                    : message.status}
                </li>
              ))}
            </ul>
          )}
        </Section>
      ) : null}

      {/* Not in a chef's view: reminders and follow-ups go to the customer, not the kitchen. */}
      {staff ? (
        <Section title="Planned messages">
          {staff.scheduledMessages.length === 0 ? (
            <Empty>No messages planned.</Empty>
          ) : (
            <ul className="space-y-1">
              {staff.scheduledMessages.map((message, index) => (
                <li key={`${message.kind}-${index}`}>
                  <span className="font-medium">{message.kind.replace(/_/g, ' ')}</span> ·{' '}
                  {formatDateTime(message.dueAt)} · {message.status}
                  {message.outcome ? ` (${message.outcome})` : ''}
                </li>
              ))}
            </ul>
          )}
        </Section>
      ) : null}
    </>
  );
}
