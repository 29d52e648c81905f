import { quoteRequestSchema, uuidParamSchema } from '@teppan/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';

const lineSchema = z.object({
  code: z.string(),
  label: z.string(),
  quantity: z.number().int(),
  unitCents: z.number().int(),
  totalCents: z.number().int(),
});

export const quoteResponseSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  stationId: z.uuid(),
  settingsVersion: z.number().int(),
  adults: z.number().int(),
  children: z.number().int(),
  toddlers: z.number().int(),
  menu: z.unknown(),
  lines: z.array(lineSchema),
  foodSubtotalCents: z.number().int(),
  minimumApplied: z.boolean(),
  travel: z.object({
    miles: z.number(),
    feeCents: z.number().int(),
    source: z.string(),
    withinServiceArea: z.boolean(),
    isEstimate: z.boolean(),
  }),
  taxCents: z.number().int(),
  totalCents: z.number().int(),
  depositCents: z.number().int(),
  balanceCents: z.number().int(),
  gratuitySuggestions: z.array(z.object({ percent: z.number(), cents: z.number().int() })),
  proteinSelection: z.unknown(),
  venue: z.object({ zip: z.string(), address: z.string().nullable() }),
  eventDate: z.string().nullable(),
  createdAt: z.string(),
});

export function quotesRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/quotes',
      {
        schema: {
          tags: ['quotes'],
          summary: 'Compute and store a quote',
          description:
            'Prices come from the station settings and the pricing engine; the request carries only counts and the venue. `travel.source: "estimate"` marks a ZIP-centroid distance that staff confirm before the event.',
          body: quoteRequestSchema,
          response: { 201: quoteResponseSchema },
        },
      },
      async (request, reply) => {
        const quote = await container.quotes.create(request.body);
        container.metrics.quotesCreated.inc();
        return reply.code(201).send(quote);
      },
    );

    app.get(
      '/api/v1/quotes/:id',
      {
        schema: {
          tags: ['quotes'],
          summary: 'Read a stored quote',
          params: uuidParamSchema,
          response: { 200: quoteResponseSchema },
        },
      },
      async (request) => container.quotes.get(request.params.id),
    );
  };
}
