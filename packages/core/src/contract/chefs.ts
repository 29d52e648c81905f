import { z } from 'zod';
import { isoDateSchema, uuidParamSchema } from '../api.ts';
import { slotTimes } from '../settings.ts';
import { unavailableReasons } from '../chef-assignment.ts';
import { access, defineRoute } from './define-route.ts';

/**
 * The chefs module's answers (STYLE rule 14, ADR 0019). A chef's record, schedule and time
 * off carry no money, so staff and chefs share these views; on an event's crew a chef sees
 * who cooks with them, not how the colleagues rank.
 */

export const chefViewSchema = z.object({
  id: z.string(),
  stationId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  rating: z.number(),
  isActive: z.boolean(),
  homeZip: z.string().nullable(),
  hasHomeLocation: z.boolean(),
  maxGuests: z.number().int(),
  staffId: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});

export const timeOffViewSchema = z.object({
  id: z.string(),
  chefId: z.string(),
  chefName: z.string().optional(),
  fromDate: z.string(),
  toDate: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  requestedBy: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
});

export const chefListSchema = z.object({
  items: z.array(
    chefViewSchema.extend({
      upcomingAssignments: z.number().int(),
      pendingTimeOff: z.number().int(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const chefDetailSchema = z.object({
  chef: chefViewSchema,
  weekly: z.array(z.object({ weekday: z.number().int(), slot: z.string() })),
  timeOff: z.array(timeOffViewSchema),
  assignments: z.array(
    z.object({
      bookingId: z.string(),
      number: z.string(),
      status: z.string(),
      date: z.string(),
      slot: z.string(),
      requestedTime: z.string().nullable(),
      eventStartsAt: z.string(),
      guests: z.number().int(),
      venue: z.object({ zip: z.string(), address: z.string().nullable() }),
      customerName: z.string(),
    }),
  ),
});

export const timeOffListSchema = z.object({
  items: z.array(timeOffViewSchema.extend({ stationId: z.string() })),
});

const factorSchema = z.object({ value: z.number(), weight: z.number(), points: z.number() });

const rankingSchema = z.object({
  ranked: z.array(
    z.object({
      chefId: z.string(),
      name: z.string(),
      rank: z.number().int(),
      score: z.number(),
      isRequested: z.boolean(),
      isAssigned: z.boolean(),
      miles: z.number(),
      factors: z.object({
        travel: factorSchema,
        rating: factorSchema,
        partySize: factorSchema,
        preference: factorSchema,
      }),
      reasons: z.array(z.string()),
    }),
  ),
  unavailable: z.array(
    z.object({
      chefId: z.string(),
      name: z.string(),
      isRequested: z.boolean(),
      isAssigned: z.boolean(),
      reasons: z.array(z.enum(unavailableReasons)),
      messages: z.array(z.string()),
    }),
  ),
});

const chefCrewSchema = z.object({
  bookingId: z.string(),
  number: z.string(),
  status: z.string(),
  date: z.string(),
  slot: z.string(),
  guests: z.number().int(),
  requestedChefId: z.string().nullable(),
  isOpenForAssignment: z.boolean(),
  canAssign: z.boolean(),
  assigned: z.array(
    z.object({
      chefId: z.string(),
      name: z.string(),
      phone: z.string().nullable(),
      rating: z.number(),
      isActive: z.boolean(),
      score: z.number().nullable(),
      assignedBy: z.string(),
      assignedAt: z.string(),
    }),
  ),
});

export const bookingChefsViews = {
  staff: chefCrewSchema.extend({ ranking: rankingSchema.nullable() }),
  chef: chefCrewSchema,
} as const;

const weeklySchema = z
  .array(
    z.strictObject({
      weekday: z.number().int().min(0).max(6),
      slot: z.enum(slotTimes),
    }),
  )
  .max(7 * slotTimes.length * 2);

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const chefFields = {
  name: z.string().trim().min(1).max(120),
  email: z
    .union([z.email().max(200), z.literal('')])
    .nullable()
    .optional(),
  phone: optionalText(40),
  rating: z.number().min(0).max(5).optional(),
  isActive: z.boolean().optional(),
  homeZip: z
    .union([
      z
        .string()
        .trim()
        .regex(/^\d{5}(-?\d{4})?$/, 'Use a 5-digit ZIP code.'),
      z.literal(''),
    ])
    .nullable()
    .optional(),
  maxGuests: z.number().int().min(1).max(500).optional(),
  staffId: z.uuid().nullable().optional(),
};

const timeOffDecisionBody = z
  .strictObject({ note: z.string().trim().max(1000).optional() })
  .nullish();

export const chefsContract = {
  list: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/chefs',
    tags: ['admin'],
    summary: 'Chefs of your stations (a chef sees only themself), by name',
    query: z.strictObject({
      stationId: z.uuid().optional(),
      includeInactive: z
        .enum(['true', 'false'])
        .optional()
        .transform((value) => value === 'true'),
      cursor: z.string().max(400).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
    }),
    responses: { 200: chefListSchema },
    access: access.admin('chefs.read', { isStationScoped: false }),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/chefs',
    tags: ['admin'],
    summary: 'Add a chef to a station, optionally with a weekly availability grid',
    body: z.strictObject({
      stationId: z.uuid(),
      ...chefFields,
      weekly: weeklySchema.optional(),
    }),
    responses: { 201: chefDetailSchema },
    access: access.admin('chefs.manage', { isStationScoped: true }),
  }),
  detail: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/chefs/:id',
    tags: ['admin'],
    summary: 'A chef: weekly availability, time off and upcoming events (no pay)',
    params: uuidParamSchema,
    responses: { 200: chefDetailSchema },
    access: access.admin('chefs.read', { isStationScoped: true }),
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/v1/admin/chefs/:id',
    tags: ['admin'],
    summary: 'Edit a chef (optimistic lock on version; deactivating checks the schedule)',
    params: uuidParamSchema,
    body: z.strictObject({
      ...chefFields,
      name: chefFields.name.optional(),
      version: z.number().int().min(1),
    }),
    responses: { 200: chefDetailSchema },
    access: access.admin('chefs.manage', { isStationScoped: true }),
  }),
  replaceAvailability: defineRoute({
    method: 'PUT',
    path: '/api/v1/admin/chefs/:id/availability',
    tags: ['admin'],
    summary:
      'Replace the weekly availability grid; refused (409) when it would leave booked events without a chef',
    params: uuidParamSchema,
    body: z.strictObject({ weekly: weeklySchema, version: z.number().int().min(1) }),
    responses: { 200: chefDetailSchema },
    access: access.admin('chefs.manage', { isStationScoped: true }),
  }),
  requestTimeOff: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/chefs/:id/time-off',
    tags: ['admin'],
    summary: 'Request time off for a chef (a chef only for themself)',
    params: uuidParamSchema,
    body: z.strictObject({
      fromDate: isoDateSchema,
      toDate: isoDateSchema,
      reason: z.string().trim().max(500).optional(),
    }),
    responses: { 201: timeOffViewSchema },
    access: access.admin('timeOff.request', { isStationScoped: true }),
  }),
  listTimeOff: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/time-off',
    tags: ['admin'],
    summary: 'Time-off requests by status (pending by default), soonest first',
    query: z.strictObject({
      status: z.enum(['requested', 'approved', 'rejected']).default('requested'),
      stationId: z.uuid().optional(),
      limit: z.coerce.number().int().min(1).max(200).default(100),
    }),
    responses: { 200: timeOffListSchema },
    access: access.admin('chefs.read', { isStationScoped: false }),
  }),
  approveTimeOff: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/time-off/:id/approve',
    tags: ['admin'],
    summary: 'Approve time off; refused (409) when the chef is needed for booked events',
    params: uuidParamSchema,
    body: timeOffDecisionBody,
    responses: { 200: timeOffViewSchema },
    access: access.admin('chefs.manage', { isStationScoped: true }),
  }),
  rejectTimeOff: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/time-off/:id/reject',
    tags: ['admin'],
    summary: 'Reject time off, with an optional note',
    params: uuidParamSchema,
    body: timeOffDecisionBody,
    responses: { 200: timeOffViewSchema },
    access: access.admin('chefs.manage', { isStationScoped: true }),
  }),
  bookingChefs: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/bookings/:id/chefs',
    tags: ['admin'],
    summary: 'Chefs assigned to an event, with ranked suggestions (SPEC §4)',
    description:
      'A chef reads the crew of an event assigned to them only (404 otherwise), without the ranking.',
    params: uuidParamSchema,
    // Staff first: the chef's view lacks the ranking; the route's preSerialization hook has
    // shaped the answer to the caller's view.
    responses: { 200: z.union([bookingChefsViews.staff, bookingChefsViews.chef]) },
    access: access.admin('bookings.read', { isStationScoped: true }),
  }),
  assignChefs: defineRoute({
    method: 'PUT',
    path: '/api/v1/admin/bookings/:id/chefs',
    tags: ['admin'],
    summary: 'Set the chefs of an event; a chef is never double-booked at one date and slot',
    params: uuidParamSchema,
    body: z.strictObject({ chefIds: z.array(z.uuid()).max(4) }),
    responses: { 200: bookingChefsViews.staff },
    access: access.admin('bookings.assign', { isStationScoped: true }),
  }),
};
