import { z } from 'zod';
import { bookingPatchSchema, isoDateSchema, uuidParamSchema } from '../api.ts';
import { bookingViewSchema, cancellationOutcomeSchema, chefBookingViewSchema } from './bookings.ts';
import { access, defineRoute, rawResponse } from './define-route.ts';

/**
 * The admin API's own routes (issue F6): the bookings of the admin panel, the audit log and
 * the assistant's knowledge documents. The booking answers a chef may read are declared once
 * per audience (STYLE rule 14, ADR 0019): staff get the money, a chef gets their event
 * without any amount, message or payment.
 */

/** What staff record by hand: money received or refunded outside the card processor. */
export const staffPaymentMethods = ['zelle', 'venmo', 'cash', 'check'] as const;
export const staffPaymentKinds = ['deposit', 'balance', 'reschedule_fee', 'refund'] as const;

const customerSchema = z.object({
  name: z.string(),
  email: z.string(),
  phone: z.string(),
});

const chefListItemSchema = z.object({
  id: z.string(),
  number: z.string(),
  stationId: z.string(),
  status: z.string(),
  date: z.string(),
  slot: z.string(),
  requestedTime: z.string().nullable(),
  eventStartsAt: z.string(),
  guests: z.number().int(),
  venueZip: z.string(),
  sourceChannel: z.string(),
  customer: customerSchema,
});

const staffListItemSchema = chefListItemSchema.extend({ totalCents: z.number().int() });

const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const bookingListViews = {
  staff: pageOf(staffListItemSchema),
  chef: pageOf(chefListItemSchema),
} as const;

/** One CSV row per booking; the header is the view's keys, in order. */
const csvLeft = {
  number: z.string(),
  date: z.string(),
  slot: z.string(),
  requested_time: z.string().nullable(),
  status: z.string(),
  customer: z.string(),
  email: z.string(),
  phone: z.string(),
  guests: z.number().int(),
};
const csvRight = { zip: z.string(), source: z.string() };

export const bookingCsvViews = {
  staff: z.object({ ...csvLeft, total_usd: z.string(), ...csvRight }),
  chef: z.object({ ...csvLeft, ...csvRight }),
} as const;

const chefTimelineItemSchema = z.object({
  type: z.string(),
  actor: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
});

const detailExtras = {
  customer: customerSchema.extend({ id: z.string() }),
  previousStatus: z.string().nullable(),
  cancellationReason: z.string().nullable(),
};

export const bookingDetailViews = {
  staff: bookingViewSchema.extend({
    ...detailExtras,
    timeline: z.array(chefTimelineItemSchema.extend({ data: z.unknown() })),
    sentMessages: z.array(
      z.object({
        channel: z.string(),
        recipient: z.string(),
        subject: z.string().nullable(),
        template: z.string(),
        status: z.string(),
        provider: z.string(),
        at: z.string(),
      }),
    ),
    scheduledMessages: z.array(
      z.object({
        kind: z.string(),
        dueAt: z.string(),
        status: z.string(),
        outcome: z.string().nullable(),
        processedAt: z.string().nullable(),
      }),
    ),
  }),
  // What changed and who did it, not what money moved; no customer messages (chefs cook).
  chef: chefBookingViewSchema.extend({
    ...detailExtras,
    timeline: z.array(chefTimelineItemSchema),
  }),
} as const;

/** A manual payment recorded (201) or a repeated request recognised (200, `isReplay`). */
export const staffPaymentResultSchema = z.object({
  booking: bookingViewSchema,
  paymentId: z.string(),
  isReplay: z.boolean(),
});

const bookingListQuery = z.strictObject({
  status: z
    .union([z.string().max(40), z.array(z.string().max(40)).max(10)])
    .optional()
    .transform((value) =>
      value === undefined ? undefined : Array.isArray(value) ? value : value.split(','),
    ),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  q: z.string().trim().max(120).optional(),
  stationId: z.uuid().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const decisionBody = z.strictObject({ note: z.string().trim().max(1000).optional() }).nullish();

export const auditPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      actor: z.string(),
      action: z.string(),
      entity: z.string(),
      entityId: z.string().nullable(),
      stationId: z.string().nullable(),
      before: z.unknown(),
      after: z.unknown(),
      ip: z.string().nullable(),
      requestId: z.string().nullable(),
      at: z.string(),
    }),
  ),
  nextBeforeId: z.number().int().nullable(),
});

const knowledgeDocumentSchema = z.object({
  docId: z.string(),
  title: z.string(),
  markdown: z.string(),
  version: z.number().int(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

export const adminContract = {
  bookings: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/bookings',
    tags: ['admin'],
    summary: 'Bookings list: filters, search, cursor pages',
    description: 'A chef gets only the events assigned to them, without amounts.',
    query: bookingListQuery,
    // Staff first: a chef-shaped page lacks the staff view's amounts, so it can only match
    // the chef's view; the route's preSerialization hook has shaped it to the caller's view.
    responses: { 200: z.union([bookingListViews.staff, bookingListViews.chef]) },
    access: access.admin('bookings.read', { isStationScoped: false }),
  }),
  bookingsCsv: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/bookings.csv',
    tags: ['admin'],
    summary: 'Bookings list as CSV (same filters)',
    description: "A chef's file lists only the events assigned to them and has no amount column.",
    query: bookingListQuery.omit({ cursor: true, limit: true }),
    responses: {
      200: rawResponse(
        'text/csv',
        z.string(),
        'One row per booking (at most 50,000), under a header row of the column names.',
      ),
    },
    access: access.admin('bookings.read', { isStationScoped: false }),
  }),
  booking: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/bookings/:id',
    tags: ['admin'],
    summary: 'Booking detail with its timeline and planned messages',
    description:
      'A chef reads only an event assigned to them (404 otherwise), without amounts, payments, policies or messages.',
    params: uuidParamSchema,
    // Staff first, as for the list: the chef's view has no amount, payment or message.
    responses: { 200: z.union([bookingDetailViews.staff, bookingDetailViews.chef]) },
    access: access.admin('bookings.read', { isStationScoped: true }),
  }),
  patchBooking: defineRoute({
    method: 'PATCH',
    path: '/api/v1/admin/bookings/:id',
    tags: ['admin'],
    summary: 'Edit guests, menu, allergens or requests (optimistic lock on version)',
    description:
      'Repriced through a new stored quote. A stale `version` answers 409 BOOKING_VERSION_CONFLICT with the current version and the change that won (who, when, what) in `details`. Staff are held to the final-guest-count and menu cut-offs unless `overrideCutoffs` is true, which the audit log records.',
    params: uuidParamSchema,
    body: bookingPatchSchema.extend({ overrideCutoffs: z.boolean().optional() }),
    responses: { 200: bookingViewSchema },
    access: access.admin('bookings.update', { isStationScoped: true }),
  }),
  recordPayment: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/bookings/:id/payments',
    tags: ['admin'],
    summary: 'Record money received or refunded outside the card processor',
    description:
      'Zelle, Venmo, cash or cheque. A deposit must equal the booking deposit and confirms a pending-deposit booking; a balance payment cannot exceed the balance owed; a refund cannot exceed what was paid minus what was refunded, and pays out the refunds a cancellation left owed first; a cancelled booking takes refunds only. Repeating a request with the same `idempotencyKey` records nothing new (200 with `isReplay: true`).',
    params: uuidParamSchema,
    body: z.strictObject({
      kind: z.enum(staffPaymentKinds),
      method: z.enum(staffPaymentMethods),
      amountCents: z.number().int().min(1).max(10_000_000),
      externalReference: z.string().trim().max(200).optional(),
      idempotencyKey: z.uuid(),
    }),
    responses: { 200: staffPaymentResultSchema, 201: staffPaymentResultSchema },
    access: access.admin('payments.confirm', { isStationScoped: true }),
  }),
  requestCancellation: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/bookings/:id/cancellation-request',
    tags: ['admin'],
    summary: 'Request a cancellation (an admin approves or rejects it)',
    params: uuidParamSchema,
    body: z.strictObject({
      reason: z.string().trim().min(1).max(1000),
      version: z.number().int().min(1).optional(),
    }),
    responses: { 200: bookingViewSchema },
    access: access.admin('bookings.cancel.request', { isStationScoped: true }),
  }),
  approveCancellation: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/bookings/:id/cancellation-request/approve',
    tags: ['admin'],
    summary: 'Approve a cancellation request (frees the place)',
    params: uuidParamSchema,
    body: decisionBody,
    responses: { 200: bookingViewSchema.extend({ outcome: cancellationOutcomeSchema }) },
    access: access.admin('bookings.cancel.approve', { isStationScoped: true }),
  }),
  rejectCancellation: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/bookings/:id/cancellation-request/reject',
    tags: ['admin'],
    summary: 'Reject a cancellation request (restores the status)',
    params: uuidParamSchema,
    body: decisionBody,
    responses: { 200: bookingViewSchema },
    access: access.admin('bookings.cancel.approve', { isStationScoped: true }),
  }),
  audit: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/audit',
    tags: ['admin'],
    summary: 'Audit log, newest first',
    description:
      'Entries of your stations (or of `stationId`, one of them); organisation-wide entries (sign-ins, staff accounts, shared documents) only for super admins.',
    query: z.strictObject({
      stationId: z.uuid().optional(),
      entity: z.string().max(60).optional(),
      entityId: z.string().max(100).optional(),
      actor: z.string().max(100).optional(),
      beforeId: z.coerce.number().int().min(1).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    responses: { 200: auditPageSchema },
    access: access.admin('audit.read', { isStationScoped: false }),
  }),
  knowledge: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/knowledge',
    tags: ['admin'],
    summary: "The assistant's knowledge documents (FAQ, policies, menu)",
    responses: { 200: z.object({ items: z.array(knowledgeDocumentSchema) }) },
    access: access.admin('settings.update', { isStationScoped: false }),
  }),
  updateKnowledge: defineRoute({
    method: 'PUT',
    path: '/api/v1/admin/knowledge/:docId',
    tags: ['admin'],
    summary:
      'Edit a knowledge document (markdown, one "## " heading per answer); re-indexed at once',
    description:
      'The documents serve the assistant at every station, so only a super admin edits them.',
    params: z.strictObject({ docId: z.string().regex(/^[a-z0-9-]{1,40}$/) }),
    body: z.strictObject({
      title: z.string().trim().min(1).max(120),
      markdown: z.string().min(1).max(100_000),
      version: z.number().int().min(1),
    }),
    responses: { 200: knowledgeDocumentSchema },
    access: access.admin('knowledge.manage', { isStationScoped: false }),
  }),
};
