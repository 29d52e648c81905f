import { randomUUID } from 'node:crypto';
import type { AccessContext, AccessRequests } from '../../test/admin-access-context.ts';
import type { conversationInboxAccess } from '../conversations/conversation-inbox.routes.ts';
import type { bookingAdminAccess } from './admin-access.ts';

/** A booking with a pending cancellation request, ready for a decision. */
async function bookingAwaitingDecision(context: AccessContext): Promise<string> {
  const booking = await context.newBooking();
  await context.t.database.db
    .updateTable('core.bookings')
    .set({ status: 'cancellation_requested', previous_status: 'pending_deposit' })
    .where('id', '=', booking.id)
    .execute();
  return booking.id;
}

/** A web conversation of station A (handed to staff when `takenOver`), as the inbox expects. */
async function conversation(context: AccessContext, takenOver: boolean): Promise<string> {
  const { t } = context;
  const started = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    payload: { channel: 'web' },
  });
  const { id } = started.json<{ id: string }>();
  await t.database.db
    .updateTable('ai.conversations')
    .set({ station_id: context.stationA, ...(takenOver ? { status: 'handoff' as const } : {}) })
    .where('id', '=', id)
    .execute();
  context.stationARecords.add(id);
  return id;
}

export const bookingAdminRequests: AccessRequests<keyof typeof bookingAdminAccess> = {
  'GET /api/v1/admin/bookings': () => ({ url: '/api/v1/admin/bookings' }),
  'GET /api/v1/admin/bookings.csv': () => ({ url: '/api/v1/admin/bookings.csv' }),
  'GET /api/v1/admin/bookings/:id': (c) => ({
    url: `/api/v1/admin/bookings/${c.sharedBooking.id}`,
  }),
  'PATCH /api/v1/admin/bookings/:id': async (c) => {
    const booking = await c.newBooking();
    return {
      url: `/api/v1/admin/bookings/${booking.id}`,
      payload: { version: booking.version, specialRequests: 'Birthday: candles on the fried rice' },
    };
  },
  'POST /api/v1/admin/bookings/:id/payments': async (c) => {
    // A fresh pending-deposit booking; the Zelle deposit arrived and confirms it.
    const booking = await c.newBooking();
    const row = await c.t.database.db
      .selectFrom('core.bookings')
      .select('deposit_cents')
      .where('id', '=', booking.id)
      .executeTakeFirstOrThrow();
    return {
      url: `/api/v1/admin/bookings/${booking.id}/payments`,
      payload: {
        kind: 'deposit',
        method: 'zelle',
        amountCents: row.deposit_cents,
        idempotencyKey: randomUUID(),
      },
    };
  },
  'POST /api/v1/admin/bookings/:id/cancellation-request': async (c) => ({
    url: `/api/v1/admin/bookings/${(await c.newBooking()).id}/cancellation-request`,
    payload: { reason: 'Customer asked by phone' },
  }),
  'POST /api/v1/admin/bookings/:id/cancellation-request/approve': async (c) => ({
    url: `/api/v1/admin/bookings/${await bookingAwaitingDecision(c)}/cancellation-request/approve`,
    payload: { note: 'Approved' },
  }),
  'POST /api/v1/admin/bookings/:id/cancellation-request/reject': async (c) => ({
    url: `/api/v1/admin/bookings/${await bookingAwaitingDecision(c)}/cancellation-request/reject`,
    payload: { note: 'Not this time' },
  }),
  'GET /api/v1/admin/audit': () => ({ url: '/api/v1/admin/audit' }),
  'GET /api/v1/admin/knowledge': () => ({ url: '/api/v1/admin/knowledge' }),
  'PUT /api/v1/admin/knowledge/:docId': async (c) => {
    const doc = await c.t.database.db
      .selectFrom('ai.knowledge_documents')
      .select(['doc_id', 'title', 'markdown', 'version'])
      .orderBy('doc_id')
      .executeTakeFirstOrThrow();
    return {
      url: `/api/v1/admin/knowledge/${doc.doc_id}`,
      payload: { title: doc.title, markdown: doc.markdown, version: doc.version },
    };
  },
};

export const conversationInboxRequests: AccessRequests<keyof typeof conversationInboxAccess> = {
  // One of station A's waiting, so an admin of B would see it if the list leaked.
  'GET /api/v1/admin/conversations': async (c) => {
    await conversation(c, true);
    return { url: '/api/v1/admin/conversations' };
  },
  'GET /api/v1/admin/conversations/:id': async (c) => ({
    url: `/api/v1/admin/conversations/${await conversation(c, false)}`,
  }),
  'POST /api/v1/admin/conversations/:id/take-over': async (c) => ({
    url: `/api/v1/admin/conversations/${await conversation(c, false)}/take-over`,
  }),
  'POST /api/v1/admin/conversations/:id/reply': async (c) => ({
    url: `/api/v1/admin/conversations/${await conversation(c, true)}/reply`,
    payload: { text: 'Hello from the team' },
  }),
  'POST /api/v1/admin/conversations/:id/hand-back': async (c) => ({
    url: `/api/v1/admin/conversations/${await conversation(c, true)}/hand-back`,
  }),
};
