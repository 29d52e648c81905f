import { z } from 'zod';
import { availabilityQuerySchema } from '../api.ts';
import { slotTimes } from '../settings.ts';
import { access, defineRoute } from './define-route.ts';

export const slotAvailabilitySchema = z.object({
  slot: z.enum(slotTimes),
  label: z.string(),
  capacity: z.number().int(),
  taken: z.number().int(),
  remaining: z.number().int(),
  bookable: z.boolean(),
  reason: z.string().optional(),
});

export const availabilitySchema = z.object({
  stationId: z.string(),
  timeZone: z.string(),
  days: z.array(z.object({ date: z.string(), slots: z.array(slotAvailabilitySchema) })),
});

export type SlotAvailability = z.output<typeof slotAvailabilitySchema>;
export type Availability = z.output<typeof availabilitySchema>;

export const availabilityContract = {
  range: defineRoute({
    method: 'GET',
    path: '/api/v1/availability',
    tags: ['availability'],
    summary: 'Capacity and remaining places per slot for a date range (at most 92 days)',
    query: availabilityQuerySchema,
    responses: { 200: availabilitySchema },
    access: access.public,
  }),
};
