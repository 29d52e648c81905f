// Before any schema is built: no eval probe under the browser's CSP (strict-csp.ts).
import './strict-csp.ts';
import { z } from 'zod';
import { addonCodes, proteinCodes, slotTimes } from './settings.ts';
import { isValidIsoDate } from './slots.ts';

// The public HTTP contract (request shapes). Parsed once at the boundary; see STYLE rule 1.

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD.')
  .refine(isValidIsoDate, 'This date does not exist.')
  // Business dates live in this era; PostgreSQL also has no year 0000.
  .refine(
    (value) => value >= '1900-01-01' && value <= '2999-12-31',
    'Use a date between 1900 and 2999.',
  );

export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time like 18:30.');

export const slotSchema = z.enum(slotTimes, {
  error: `Choose one of the time slots ${slotTimes.join(', ')}.`,
});

const guestCount = (label: string) =>
  z
    .number({ error: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(0, `${label} cannot be negative.`)
    .max(300, `${label} cannot exceed 300; contact us for very large events.`);

const itemCount = z.number().int().min(0).max(1000);

export const proteinCountsSchema = z.partialRecord(z.enum(proteinCodes), itemCount);
export const addonCountsSchema = z.partialRecord(z.enum(addonCodes), itemCount);

export const zipSchema = z
  .string()
  .trim()
  .regex(/^\d{5}(-\d{4})?$/, 'Enter a 5-digit US ZIP code.');

export const venueSchema = z.strictObject({
  zip: zipSchema,
  address: z.string().trim().min(1).max(300).optional(),
});

export const menuSchema = z.strictObject({
  proteins: proteinCountsSchema.optional(),
  extraProteins: proteinCountsSchema.optional(),
  addons: addonCountsSchema.optional(),
});

export const quoteRequestSchema = z.strictObject({
  adults: guestCount('Adults'),
  children: guestCount('Children').default(0),
  toddlers: guestCount('Toddlers').default(0),
  proteins: proteinCountsSchema.optional(),
  extraProteins: proteinCountsSchema.optional(),
  addons: addonCountsSchema.optional(),
  venue: venueSchema,
  eventDate: isoDateSchema.optional(),
  stationId: z.uuid().optional(),
});
export type QuoteRequest = z.infer<typeof quoteRequestSchema>;

export const availabilityQuerySchema = z.strictObject({
  from: isoDateSchema,
  to: isoDateSchema,
  stationId: z.uuid().optional(),
});

const phoneSchema = z
  .string()
  .trim()
  .max(40)
  .transform((value) => value.replace(/[^\d+]/g, ''))
  .refine((digits) => /^(\+?1)?\d{10}$/.test(digits), 'Enter a 10-digit US phone number.');

export const customerSchema = z.strictObject({
  name: z.string().trim().min(1, 'Enter your name.').max(120),
  email: z.email('Enter a valid email address.').max(254),
  phone: phoneSchema,
});

export const holdRequestSchema = z.strictObject({
  quoteId: z.uuid(),
  date: isoDateSchema,
  slot: slotSchema,
  requestedTime: timeOfDaySchema.optional(),
  customer: customerSchema,
  idempotencyKey: z.string().min(8).max(200).optional(),
  consents: z
    .strictObject({
      sms: z.boolean(),
      email: z.boolean(),
      // The exact checkbox wording shown, kept as evidence next to the answer.
      text: z.string().trim().min(1).max(2000),
    })
    .optional(),
});
export type HoldRequest = z.infer<typeof holdRequestSchema>;

export const signRequestSchema = z.strictObject({
  signerName: z.string().trim().min(1, 'Type your full name to sign.').max(120),
  acceptTerms: z.literal(true, { error: 'The terms must be accepted.' }),
  acceptLiabilityWaiver: z.literal(true, { error: 'The liability waiver must be accepted.' }),
  acceptAllergenDisclosure: z.literal(true, { error: 'The allergen disclosure must be accepted.' }),
  // Hash of the agreement text the signer read (GET /api/v1/agreements/current); when sent,
  // a text that changed in between is refused instead of signed unseen.
  contentHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'Not a valid agreement hash.')
    .optional(),
});
export type SignRequest = z.infer<typeof signRequestSchema>;

export const manualPaymentMethods = ['zelle', 'venmo', 'cash'] as const;
export const depositMethods = [...manualPaymentMethods, 'card'] as const;
export const depositRequestSchema = z.strictObject({
  method: z.enum(depositMethods).default('zelle'),
});

/**
 * "I've sent it": the customer's word that an offline deposit is on its way, with the
 * reference they used (the DEP-… reference from the instructions, or the app's own note or
 * confirmation number), so staff can find the money.
 */
export const depositReportSchema = z.strictObject({
  reference: z
    .string({ error: 'Enter the reference or note you sent with the payment.' })
    .trim()
    .min(3, 'Enter the reference or note you sent with the payment (at least 3 characters).')
    .max(120, 'Keep the reference under 120 characters.')
    .regex(/^[^\p{Cc}]*$/u, 'The reference cannot contain line breaks or control characters.'),
  method: z.enum(manualPaymentMethods).optional(),
});
export type DepositReport = z.infer<typeof depositReportSchema>;

export const payRequestSchema = z.strictObject({
  kind: z.enum(['deposit', 'balance']),
});

export const bookingPatchSchema = z.strictObject({
  version: z.number().int().min(1),
  adults: guestCount('Adults').optional(),
  children: guestCount('Children').optional(),
  toddlers: guestCount('Toddlers').optional(),
  proteins: proteinCountsSchema.optional(),
  extraProteins: proteinCountsSchema.optional(),
  addons: addonCountsSchema.optional(),
  specialRequests: z.string().trim().max(2000).optional(),
  allergens: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
});

export const rescheduleRequestSchema = z.strictObject({
  date: isoDateSchema,
  slot: slotSchema,
  requestedTime: timeOfDaySchema.optional(),
  version: z.number().int().min(1).optional(),
  acceptFee: z.boolean().default(false),
});

export const cancelRequestSchema = z.strictObject({
  reason: z.string().trim().max(1000).optional(),
});

export const uuidParamSchema = z.strictObject({ id: z.uuid('Not a valid id.') });
