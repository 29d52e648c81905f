import { z } from 'zod';
import { quoteRequestSchema, uuidParamSchema } from '../api.ts';
import { access, defineRoute } from './define-route.ts';

const lineSchema = z.object({
  code: z.string(),
  label: z.string(),
  quantity: z.number().int(),
  unitCents: z.number().int(),
  totalCents: z.number().int(),
});

/** A stored quote as the API answers it (also inside a booking). Ids are plain strings (ADR 0019). */
export const quoteResponseSchema = z.object({
  id: z.string(),
  number: z.string(),
  stationId: z.string(),
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

export type QuoteResponse = z.output<typeof quoteResponseSchema>;

export const quotesContract = {
  create: defineRoute({
    method: 'POST',
    path: '/api/v1/quotes',
    tags: ['quotes'],
    summary: 'Compute and store a quote',
    description:
      'Prices come from the station settings and the pricing engine; the request carries only counts and the venue. `travel.source: "estimate"` marks a ZIP-centroid distance that staff confirm before the event.',
    body: quoteRequestSchema,
    responses: { 201: quoteResponseSchema },
    access: access.public,
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/v1/quotes/:id',
    tags: ['quotes'],
    summary: 'Read a stored quote',
    params: uuidParamSchema,
    responses: { 200: quoteResponseSchema },
    access: access.public,
  }),
};
