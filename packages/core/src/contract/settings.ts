import { z } from 'zod';
import { settingsSchema } from '../settings.ts';
import { access, defineRoute } from './define-route.ts';

const shape = settingsSchema.shape;

/** What the customer site and the assistant read of a station's settings. */
export const publicSettingsSchema = z.object({
  station: z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    timeZone: z.string(),
    zip: z.string(),
  }),
  version: z.number().int(),
  pricing: shape.pricing,
  travel: z.object({
    freeMiles: z.number(),
    perMileCents: z.number().int(),
    serviceRadiusMiles: z.number(),
  }),
  slots: shape.slots,
  requestedTimeWindowMinutes: z.number().int(),
  notice: shape.notice,
  holds: shape.holds,
  policies: shape.policies,
  eventDuration: shape.eventDuration,
  serviceArea: shape.serviceArea,
  // Our own output: no format checks (ADR 0019).
  brand: z.object({
    name: z.string().optional(),
    tagline: z.string().optional(),
    primaryColor: z.string().optional(),
    contactEmail: z.string().optional(),
    contactPhone: z.string().optional(),
    postalAddress: z.string().optional(),
  }),
  /**
   * How guests reach the business: the station's brand settings, else the built-in
   * defaults (the mail sender, the station's address); shown in the footer and in every
   * "call us" message.
   */
  contact: z.object({
    name: z.string(),
    phone: z.string(),
    email: z.string(),
    postalAddress: z.string(),
  }),
  largePartyHandoffGuests: z.number().int(),
  payments: z.object({
    cardAvailable: z.boolean(),
    /** Only methods with a payee set: Zelle and Venmo without one are not offered. */
    offlineMethods: z.array(z.enum(['zelle', 'venmo', 'cash'])).readonly(),
    /** Whom offline deposits go to (SPEC §5); absent methods are not offered. */
    payees: z.object({
      zelle: z.object({ recipient: z.string(), accountName: z.string() }).optional(),
      venmo: z.object({ handle: z.string() }).optional(),
    }),
  }),
});

export type PublicSettings = z.output<typeof publicSettingsSchema>;

export const settingsContract = {
  get: defineRoute({
    method: 'GET',
    path: '/api/v1/settings',
    tags: ['settings'],
    summary: 'Public business settings of a station: prices, slots, policies, service area',
    description:
      'What the customer site and the assistant show: every figure comes from the station settings in force (versioned). Internal settings such as chef-assignment weights are not included.',
    query: z.strictObject({ stationId: z.uuid().optional() }),
    responses: { 200: publicSettingsSchema },
    access: access.public,
  }),
};
