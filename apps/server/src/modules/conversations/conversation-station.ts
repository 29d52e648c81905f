import type { ToolCall } from '@teppan/agents';
import { z } from 'zod';

/** The records a turn touched that carry a station, best first: booking, hold, quote. */
export interface StationRefs {
  bookingIds: string[];
  holdIds: string[];
  quoteIds: string[];
}

const withId = z.looseObject({ id: z.uuid() });
const withBookingId = z.looseObject({ bookingId: z.uuid() });
const withQuoteId = z.looseObject({ quoteId: z.uuid() });

const idOf = (schema: typeof withId, value: unknown) => schema.safeParse(value).data?.id;

/**
 * Which booking, hold or quote a turn's tool calls touched (ADR 0019): the conversation
 * takes that record's station. Only ids that parse as uuids leave here, so a refused call
 * (`{ error, message }`) or an odd payload never reaches SQL.
 */
export function stationRefsOf(calls: readonly ToolCall[]): StationRefs {
  const refs: StationRefs = { bookingIds: [], holdIds: [], quoteIds: [] };
  const add = (list: string[], id: string | undefined) => {
    if (id && !list.includes(id)) list.push(id);
  };
  for (const call of calls) {
    switch (call.name) {
      case 'findBooking':
        add(refs.bookingIds, idOf(withId, call.output));
        break;
      case 'paymentStatus':
        add(refs.bookingIds, withBookingId.safeParse(call.output).data?.bookingId);
        break;
      case 'placeHold':
        add(refs.holdIds, idOf(withId, call.output));
        add(refs.quoteIds, withQuoteId.safeParse(call.input).data?.quoteId);
        break;
      case 'quote':
        add(refs.quoteIds, idOf(withId, call.output));
        break;
      case 'travelFee':
      case 'availability':
      case 'upsertLead':
      case 'searchKnowledge':
      case 'scheduleSummary':
      case 'cancellationTerms':
      case 'rescheduleTerms':
      case 'noticeCheck':
        break;
    }
  }
  return refs;
}

export const hasStationRefs = (refs: StationRefs): boolean =>
  refs.bookingIds.length + refs.holdIds.length + refs.quoteIds.length > 0;
