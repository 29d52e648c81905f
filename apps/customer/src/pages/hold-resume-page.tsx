import { routes } from '@teppan/web-client';
import { useQuery } from '@tanstack/react-query';
import { buttonClass, ErrorBox, Loading, Notice, secondaryButtonClass } from '@teppan/web-ui';
import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, call, type HoldView, type ServerQuote } from '../api.ts';
import { useDraft } from '../draft.ts';
import { formatDate, formatInstant, formatTime } from '../format.ts';
import { draftForNewHold, draftForRunningHold, holdStage } from './hold-resume.ts';

// /book/hold/:id — the link the assistant, the hold emails and staff send (SPEC §4, §6). A
// running hold opens the booking wizard at its step (agreement, then deposit) with its
// countdown; a lapsed one says what happened and offers the date again while it is free.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function HoldResumePage() {
  const { id = '' } = useParams();
  const isValidId = UUID.test(id);
  const hold = useQuery({
    queryKey: ['hold', id],
    queryFn: () => call(routes.bookings.getHold, { params: { id } }),
    enabled: isValidId,
    retry: false,
    staleTime: 0,
  });
  // The quote carries the party, venue and menu the wizard shows when going back a step.
  const quoteId = hold.data?.quoteId ?? '';
  const quote = useQuery({
    queryKey: ['quote', quoteId],
    // The contract types travel.source and proteinSelection loosely (see fetchQuote in api.ts).
    queryFn: async () =>
      (await call(routes.quotes.get, { params: { id: quoteId } })) as ServerQuote,
    enabled: quoteId !== '',
    retry: false,
  });

  if (!isValidId)
    return (
      <Outcome title="This link is not complete">
        <p>
          The hold link looks cut off. Open the whole link from the message we sent, or start a new
          booking.
        </p>
        <StartAgain />
      </Outcome>
    );
  if (hold.isPending) return <Loading label="Loading your hold…" />;
  if (hold.error) {
    if (hold.error instanceof ApiError && hold.error.code === 'HOLD_NOT_FOUND')
      return (
        <Outcome title="We could not find this hold">
          <p>
            No hold matches this link. It may have been mistyped; open the whole link from the
            message we sent, or start a new booking.
          </p>
          <StartAgain />
        </Outcome>
      );
    return (
      <Outcome title="Your hold could not be loaded">
        <ErrorBox error={hold.error} />
        <button type="button" className={buttonClass} onClick={() => void hold.refetch()}>
          Try again
        </button>
      </Outcome>
    );
  }
  const stage = holdStage(hold.data, Date.now());
  const quoteData = quote.isPending ? undefined : (quote.data ?? null);
  switch (stage.kind) {
    case 'sign':
    case 'pay':
      return <Resume hold={hold.data} quote={quoteData} isSigned={stage.kind === 'pay'} />;
    case 'expired':
    case 'released':
      return <Lapsed hold={hold.data} quote={quoteData} isReleased={stage.kind === 'released'} />;
    case 'booked':
      return <Booked bookingId={stage.bookingId} />;
    case 'unknown':
      return (
        <Outcome title="This hold cannot be continued online">
          <p>Its status is “{stage.status}”. Please contact us and we will sort it out.</p>
          <StartAgain />
        </Outcome>
      );
  }
}

/** A heading that takes the focus, so keyboard and screen-reader users land on the outcome. */
function Outcome({ title, children }: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [title]);
  return (
    <section aria-labelledby="hold-outcome-title">
      <h1
        id="hold-outcome-title"
        ref={heading}
        tabIndex={-1}
        className="mb-3 text-2xl font-bold focus:outline-none"
      >
        {title}
      </h1>
      <div className="space-y-3">{children}</div>
    </section>
  );
}

function StartAgain() {
  return (
    <p>
      <Link to="/book/venue" className={secondaryButtonClass}>
        Start a new booking
      </Link>
    </p>
  );
}

/** `quote`: undefined while loading, null when it could not be read (the hold still resumes). */
function Resume(props: {
  hold: HoldView;
  quote: ServerQuote | null | undefined;
  isSigned: boolean;
}) {
  const [, update] = useDraft();
  const navigate = useNavigate();
  const { hold, quote, isSigned } = props;
  const isReady = quote !== undefined;
  useEffect(() => {
    if (!isReady) return;
    update((current) => draftForRunningHold({ current, hold, quote, isSigned }));
    // Replace: Back from the wizard returns to where the link was opened, not to this hop.
    void navigate(isSigned ? '/book/deposit' : '/book/agreement', { replace: true });
  }, [isReady, hold, quote, isSigned, update, navigate]);
  return <Loading label="Opening your booking…" />;
}

function slotText(hold: HoldView, label: string | undefined): string {
  const time = formatTime(hold.requestedTime ?? hold.slot);
  return `${formatDate(hold.date)}, ${label ? `${label} (${time})` : time}`;
}

function Lapsed(props: {
  hold: HoldView;
  quote: ServerQuote | null | undefined;
  isReleased: boolean;
}) {
  const { hold, quote, isReleased } = props;
  const [, update] = useDraft();
  const navigate = useNavigate();
  const availability = useQuery({
    queryKey: ['availability', hold.stationId, hold.date],
    queryFn: () =>
      call(routes.availability.range, {
        query: { from: hold.date, to: hold.date, stationId: hold.stationId },
      }),
    retry: false,
    staleTime: 0,
  });
  const slot = availability.data?.days
    .find((d) => d.date === hold.date)
    ?.slots.find((s) => s.slot === hold.slot);
  const restart = (keepDate: boolean) => {
    update(() => draftForNewHold({ hold, quote: quote ?? null, keepDate }));
    // A new hold asks the allergy question and the contact details again, then holds.
    void navigate(keepDate ? '/book/allergens' : '/book/date');
  };
  return (
    <Outcome title={isReleased ? 'This hold was released' : 'This hold has expired'}>
      <p>
        {isReleased
          ? 'The place was given back (by you or by our team), so it is no longer kept for you.'
          : `We keep a place only for a limited time so other hosts can book it. This hold ran out at ${formatInstant(hold.expiresAt)} and the place was released.`}
      </p>
      <p>
        It was for <strong>{slotText(hold, slot?.label)}</strong>.
      </p>
      {availability.isPending || quote === undefined ? (
        <Loading label="Checking whether that time is still free…" />
      ) : availability.error ? (
        <>
          <ErrorBox error={availability.error} title="We could not check that time" />
          <div className="flex flex-wrap gap-3">
            <button
              type="button"
              className={buttonClass}
              onClick={() => void availability.refetch()}
            >
              Check again
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => restart(false)}>
              Choose a date and time
            </button>
          </div>
        </>
      ) : slot?.bookable ? (
        <Notice>
          <p className="font-semibold">Good news: that time is still free.</p>
          <p>
            Hold it again with the same party and menu; we ask about allergies and your contact
            details, then keep the place for you.
          </p>
          <button type="button" className={buttonClass + ' mt-2'} onClick={() => restart(true)}>
            Hold it again
          </button>
        </Notice>
      ) : (
        <Notice tone="warn">
          <p className="font-semibold">That time can no longer be booked online.</p>
          {slot?.reason ? <p>{slot.reason}</p> : null}
          <button type="button" className={buttonClass + ' mt-2'} onClick={() => restart(false)}>
            Choose another date or time
          </button>
        </Notice>
      )}
    </Outcome>
  );
}

function Booked({ bookingId }: { bookingId: string }) {
  const [draft] = useDraft();
  // The manage link carries a private token the hold link does not; only this tab's draft may
  // still have it (the booking was made here).
  const manageUrl = draft.booking?.id === bookingId ? draft.booking.manageUrl : null;
  return (
    <Outcome title="This hold is already a booking">
      <p>The deposit step was completed, so this date is booked and nothing is left to do here.</p>
      {manageUrl ? (
        <p>
          <a href={manageUrl} className={buttonClass}>
            Manage your booking
          </a>
        </p>
      ) : (
        <p>
          To see it, pay or make changes, open the private “manage my booking” link from your
          booking confirmation. If you cannot find it, contact us and we will send it again.
        </p>
      )}
    </Outcome>
  );
}
