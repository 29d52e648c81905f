import {
  isoDateSchema,
  quoteRequestSchema,
  slotSchema,
  timeOfDaySchema,
  uuidParamSchema,
  zipSchema,
} from '@teppan/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import type { AdminRouteRule } from '../admin/admin-access.ts';
import { contextOf, staffOf } from '../staff/require-staff.ts';
import { leadSources, leadStatuses } from './lead-pipeline.ts';

/** The leads pipeline routes and their permission, for the admin access table. */
export const leadsAccess = {
  'GET /api/v1/admin/leads': { permission: 'leads.read', isStationScoped: false },
  'GET /api/v1/admin/leads/owners': { permission: 'leads.read', isStationScoped: false },
  'GET /api/v1/admin/leads/:id': { permission: 'leads.read', isStationScoped: true },
  'POST /api/v1/admin/leads': { permission: 'leads.manage', isStationScoped: true },
  'PATCH /api/v1/admin/leads/:id': { permission: 'leads.manage', isStationScoped: true },
  'POST /api/v1/admin/leads/:id/notes': { permission: 'leads.manage', isStationScoped: true },
  'POST /api/v1/admin/leads/:id/convert': { permission: 'leads.manage', isStationScoped: true },
} as const satisfies Record<string, AdminRouteRule>;

type LeadsRoute = keyof typeof leadsAccess;

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

export function leadsRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // Checked on request, before validation, like the other admin routes.
    const guard = (route: LeadsRoute) =>
      container.staff.requireStaff(leadsAccess[route].permission);

    app.get(
      '/api/v1/admin/leads',
      {
        schema: {
          tags: ['admin'],
          summary: 'Leads pipeline: filters, counts per status, soonest follow-up first',
          querystring: z.strictObject({
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
        },
        onRequest: guard('GET /api/v1/admin/leads'),
      },
      async (request) => container.leads.list(staffOf(request), request.query),
    );

    app.get(
      '/api/v1/admin/leads/owners',
      {
        schema: {
          tags: ['admin'],
          summary: 'Staff who may own a lead of your stations',
        },
        onRequest: guard('GET /api/v1/admin/leads/owners'),
      },
      async (request) => ({ items: await container.leads.owners(staffOf(request)) }),
    );

    app.get(
      '/api/v1/admin/leads/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'A lead with its activity (notes, status changes, edits, holds, conversion)',
          params: uuidParamSchema,
        },
        onRequest: guard('GET /api/v1/admin/leads/:id'),
      },
      async (request) => container.leads.detail(staffOf(request), request.params.id),
    );

    app.post(
      '/api/v1/admin/leads',
      {
        schema: {
          tags: ['admin'],
          summary:
            'Create a lead by hand (phone call, walk-in, referral…); email or phone required',
          body: createBody,
        },
        onRequest: guard('POST /api/v1/admin/leads'),
      },
      async (request, reply) => {
        const lead = await container.leads.create(
          staffOf(request),
          request.body,
          contextOf(request),
        );
        return reply.code(201).send(lead);
      },
    );

    app.patch(
      '/api/v1/admin/leads/:id',
      {
        schema: {
          tags: ['admin'],
          summary: 'Edit a lead: status, score, owner, next follow-up, notes, contact, details',
          description:
            'Optimistic lock: send the `version` you read; a stale one answers 409 LEAD_VERSION_CONFLICT with the current lead in `details.current`. Status moves: new → working → qualified; any open status → lost (a `lostReason` is required); qualified → working; lost → working reopens. `converted` is reached only through the convert route.',
          params: uuidParamSchema,
          body: updateBody,
        },
        onRequest: guard('PATCH /api/v1/admin/leads/:id'),
      },
      async (request) =>
        container.leads.update(
          staffOf(request),
          request.params.id,
          request.body,
          contextOf(request),
        ),
    );

    app.post(
      '/api/v1/admin/leads/:id/notes',
      {
        schema: {
          tags: ['admin'],
          summary: "Add a note to the lead's activity",
          params: uuidParamSchema,
          body: z.strictObject({ text: z.string().trim().min(1, 'Write a note.').max(4000) }),
        },
        onRequest: guard('POST /api/v1/admin/leads/:id/notes'),
      },
      async (request, reply) => {
        const lead = await container.leads.addNote(
          staffOf(request),
          request.params.id,
          request.body.text,
          contextOf(request),
        );
        return reply.code(201).send(lead);
      },
    );

    app.post(
      '/api/v1/admin/leads/:id/convert',
      {
        schema: {
          tags: ['admin'],
          summary: 'Convert a lead: link an existing booking, or hold a date for the customer',
          description:
            '`mode: "link"`: the booking (by number) must be of the lead\'s station and not cancelled; when its customer differs from the lead\'s (id, email or phone), the call answers 409 LEAD_CUSTOMER_MISMATCH unless `confirmCustomerMismatch` is true. The lead becomes converted with the booking. `mode: "hold"`: prices the party (the quote service) and places a hold with source channel "staff" — the assistant\'s "hold a date" path; the lead becomes qualified, `hold.link` is the checkout link to send the customer, and the lead turns converted by itself when that hold becomes a booking. Both take the lead `version` (409 LEAD_VERSION_CONFLICT when stale; a hold placed meanwhile is released).',
          params: uuidParamSchema,
          body: convertBody,
        },
        onRequest: guard('POST /api/v1/admin/leads/:id/convert'),
      },
      async (request) =>
        container.leads.convert(
          staffOf(request),
          request.params.id,
          request.body,
          contextOf(request),
        ),
    );
  };
}
