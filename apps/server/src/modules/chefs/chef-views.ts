import { unavailableReasons } from '@teppan/core';
import { z } from 'zod';

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
