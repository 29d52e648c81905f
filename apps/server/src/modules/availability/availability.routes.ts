import { availabilityQuerySchema, slotTimes } from '@teppan/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';

const slotResponse = z.object({
  slot: z.enum(slotTimes),
  label: z.string(),
  capacity: z.number().int(),
  taken: z.number().int(),
  remaining: z.number().int(),
  bookable: z.boolean(),
  reason: z.string().optional(),
});

export function availabilityRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/availability',
      {
        schema: {
          tags: ['availability'],
          summary: 'Capacity and remaining places per slot for a date range (at most 92 days)',
          querystring: availabilityQuerySchema,
          response: {
            200: z.object({
              stationId: z.uuid(),
              timeZone: z.string(),
              days: z.array(z.object({ date: z.string(), slots: z.array(slotResponse) })),
            }),
          },
        },
      },
      async (request) => container.availability.getRange(request.query),
    );
  };
}
