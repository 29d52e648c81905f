import { z } from 'zod';
import {
  isoDateSchema,
  quoteRequestSchema,
  slotSchema,
  timeOfDaySchema,
  uuidParamSchema,
  zipSchema,
} from '../api.ts';
import { leadSources, leadStatuses } from '../lead-pipeline.ts';
import { access, defineRoute } from './define-route.ts';

// The pipeline's statuses and sources are the domain rule's (lead-pipeline.ts); re-exported here.
export { leadSources, leadStatuses };

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const detailsSchema = z.strictObject({
  eventDate: isoDateSchema.nullable().optional(),
  guests: z.number().int().min(1).max(500).nullable().optional(),
  zip: zipSchema.nullable().optional(),
});

const emailSchema = z.email('Enter a valid email address.').max(254);
const phoneSchema = z
  .string()
  .trim()
  .max(40)
  .refine((v) => v.replace(/\D/g, '').length >= 10, 'Enter a 10-digit phone number.');

const createBody = z.strictObject({
  stationId: z.uuid(),
  source: z.enum(leadSources),
  name: z.string().trim().min(1).max(120).optional(),
  email: emailSchema.optional(),
  phone: phoneSchema.optional(),
  score: z.number().int().min(0).max(100).optional(),
  details: detailsSchema.optional(),
  notes: z.string().trim().max(4000).optional(),
  nextFollowUpAt: z.iso.datetime({ offset: true }).nullable().optional(),
  ownerStaffId: z.uuid().nullable().optional(),
});

const updateBody = z.strictObject({
  version: z.number().int().min(1),
  status: z.enum(leadStatuses).optional(),
  lostReason: z.string().trim().max(500).optional(),
  score: z.number().int().min(0).max(100).optional(),
  name: optionalText(120),
  email: emailSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  details: detailsSchema.optional(),
  notes: optionalText(4000),
  nextFollowUpAt: z.iso.datetime({ offset: true }).nullable().optional(),
  ownerStaffId: z.uuid().nullable().optional(),
});

const convertBody = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('link'),
    version: z.number().int().min(1),
    bookingNumber: z.string().trim().min(1).max(40),
    confirmCustomerMismatch: z.boolean().optional(),
  }),
  z.strictObject({
    mode: z.literal('hold'),
    version: z.number().int().min(1),
    date: isoDateSchema,
    slot: slotSchema,
    requestedTime: timeOfDaySchema.optional(),
    party: quoteRequestSchema.omit({ stationId: true, eventDate: true }),
    customer: z
      .strictObject({
        name: z.string().trim().min(1).max(120).optional(),
        email: emailSchema.optional(),
        phone: z.string().trim().max(40).optional(),
      })
      .optional(),
  }),
]);

const leadViewSchema = z.object({
  id: z.string(),
  stationId: z.string().nullable(),
  customerId: z.string().nullable(),
  source: z.string(),
  status: z.string(),
  score: z.number().int(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  notes: z.string().nullable(),
  nextFollowUpAt: z.string().nullable(),
  isOverdue: z.boolean(),
  owner: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  lostReason: z.string().nullable(),
  booking: z
    .object({ id: z.string(), number: z.string().nullable(), status: z.string().nullable() })
    .nullable(),
  holdId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const leadListSchema = z.object({
  items: z.array(leadViewSchema),
  counts: z.record(z.enum(leadStatuses), z.number().int()),
  nextCursor: z.string().nullable(),
});

export const leadDetailSchema = leadViewSchema.extend({
  allowedMoves: z.array(z.enum(leadStatuses)).readonly(),
  hold: z
    .object({
      id: z.string(),
      status: z.string(),
      bookingId: z.string().nullable(),
      expiresAt: z.string(),
      link: z.string(),
    })
    .nullable(),
  activity: z.array(
    z.object({
      id: z.number().int(),
      type: z.string(),
      data: z.unknown(),
      actor: z.string(),
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
});

export const leadConvertSchema = z.object({
  lead: leadDetailSchema,
  hold: z
    .object({
      id: z.string(),
      status: z.string(),
      quoteNumber: z.string(),
      date: z.string(),
      slot: z.string(),
      totalCents: z.number().int(),
      depositCents: z.number().int(),
      expiresAt: z.string(),
      link: z.string(),
    })
    .nullable(),
});

export const leadsContract = {
  list: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/leads',
    tags: ['admin'],
    summary: 'Leads pipeline: filters, counts per status, soonest follow-up first',
    query: z.strictObject({
      status: z
        .union([z.string().max(40), z.array(z.string().max(40)).max(10)])
        .optional()
        .transform((value) =>
          value === undefined ? undefined : Array.isArray(value) ? value : value.split(','),
        ),
      source: z.string().trim().max(40).optional(),
      owner: z.union([z.uuid(), z.literal('none')]).optional(),
      q: z.string().trim().max(120).optional(),
      stationId: z.uuid().optional(),
      cursor: z.string().max(300).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
    }),
    responses: { 200: leadListSchema },
    access: access.admin('leads.read', { isStationScoped: false }),
  }),
  owners: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/leads/owners',
    tags: ['admin'],
    summary: 'Staff who may own a lead of your stations',
    responses: {
      200: z.object({
        items: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
      }),
    },
    access: access.admin('leads.read', { isStationScoped: false }),
  }),
  detail: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/leads/:id',
    tags: ['admin'],
    summary: 'A lead with its activity (notes, status changes, edits, holds, conversion)',
    params: uuidParamSchema,
    responses: { 200: leadDetailSchema },
    access: access.admin('leads.read', { isStationScoped: true }),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/leads',
    tags: ['admin'],
    summary: 'Create a lead by hand (phone call, walk-in, referral…); email or phone required',
    body: createBody,
    responses: { 201: leadDetailSchema },
    access: access.admin('leads.manage', { isStationScoped: true }),
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/v1/admin/leads/:id',
    tags: ['admin'],
    summary: 'Edit a lead: status, score, owner, next follow-up, notes, contact, details',
    description:
      'Optimistic lock: send the `version` you read; a stale one answers 409 LEAD_VERSION_CONFLICT with the current lead in `details.current`. Status moves: new → working → qualified; any open status → lost (a `lostReason` is required); qualified → working; lost → working reopens. `converted` is reached only through the convert route.',
    params: uuidParamSchema,
    body: updateBody,
    responses: { 200: leadDetailSchema },
    access: access.admin('leads.manage', { isStationScoped: true }),
  }),
  addNote: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/leads/:id/notes',
    tags: ['admin'],
    summary: "Add a note to the lead's activity",
    params: uuidParamSchema,
    body: z.strictObject({ text: z.string().trim().min(1, 'Write a note.').max(4000) }),
    responses: { 201: leadDetailSchema },
    access: access.admin('leads.manage', { isStationScoped: true }),
  }),
  convert: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/leads/:id/convert',
    tags: ['admin'],
    summary: 'Convert a lead: link an existing booking, or hold a date for the customer',
    description:
      '`mode: "link"`: the booking (by number) must be of the lead\'s station and not cancelled; when its customer differs from the lead\'s (id, email or phone), the call answers 409 LEAD_CUSTOMER_MISMATCH unless `confirmCustomerMismatch` is true. The lead becomes converted with the booking. `mode: "hold"`: prices the party (the quote service) and places a hold with source channel "staff" — the assistant\'s "hold a date" path; the lead becomes qualified, `hold.link` is the checkout link to send the customer, and the lead turns converted by itself when that hold becomes a booking. Both take the lead `version` (409 LEAD_VERSION_CONFLICT when stale; a hold placed meanwhile is released).',
    params: uuidParamSchema,
    body: convertBody,
    responses: { 200: leadConvertSchema },
    access: access.admin('leads.manage', { isStationScoped: true }),
  }),
};
