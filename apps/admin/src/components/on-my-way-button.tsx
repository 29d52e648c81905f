import { routes } from '@teppan/web-client';
import { useMutation } from '@tanstack/react-query';
import { buttonClass, Section } from '@teppan/web-ui';
import { call } from '../api.ts';
import { useCan, useSession } from '../session.tsx';
import { MutationError } from './page-parts.tsx';

/**
 * "On my way" (SPEC §4): the assigned chef tells the customer they are coming; staff of the
 * station can tap it for the chef. The server sends the email once per booking and drops
 * the reminder planned before the event, so a second tap only says it was already sent.
 */
export function OnMyWayButton(props: { bookingId: string; status: string }) {
  const can = useCan();
  const me = useSession();
  const send = useMutation({
    mutationFn: () => call(routes.bookings.onMyWay, { params: { id: props.bookingId } }),
  });
  if (props.status !== 'confirmed' || !can('bookings.status')) return null;
  const result = send.data?.status;
  return (
    <Section title="On the day">
      <p className="mb-2 text-sm text-stone-700">
        {me.role === 'chef'
          ? 'Leaving for this event? Tell the customer you are on the way.'
          : 'Tell the customer the assigned chef is on the way (only once per booking).'}
      </p>
      <button
        type="button"
        className={buttonClass}
        disabled={send.isPending || result !== undefined}
        onClick={() => send.mutate()}
      >
        On my way
      </button>
      {result ? (
        <p role="status" className="mt-2 text-green-900">
          {result === 'sent'
            ? 'The customer was emailed that the chef is on the way.'
            : 'The customer had already been told the chef is on the way; nothing more was sent.'}
        </p>
      ) : null}
      <MutationError mutation={send} title="The message was not sent." />
    </Section>
  );
}
