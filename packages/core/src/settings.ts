// Before any schema is built: no eval probe under the browser's CSP (strict-csp.ts).
import './strict-csp.ts';
import { z } from 'zod';

export const proteinCodes = [
  'chicken',
  'ny_strip',
  'shrimp',
  'calamari',
  'tofu',
  'salmon',
  'scallops',
  'filet_mignon',
  'lobster_tail',
] as const;
export type ProteinCode = (typeof proteinCodes)[number];

export const addonCodes = [
  'yakisoba',
  'extra_fried_rice',
  'extra_vegetables',
  'edamame',
  'gyoza',
] as const;
export type AddonCode = (typeof addonCodes)[number];

export const slotTimes = ['12:00', '15:00', '18:00', '21:00'] as const;
export type SlotTime = (typeof slotTimes)[number];

const cents = z.number().int().nonnegative();
const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Ten digits, optionally after +1 / 1, with the usual separators: (510) 555-0100. */
const usPhonePattern = /^(\+?1[\s.-]?)?(\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}$/;
export const venmoHandlePattern = /^@[A-Za-z0-9_-]{5,30}$/;
/** Zelle sends to an enrolled email address or US mobile number. */
export function isZelleRecipient(value: string): boolean {
  return emailPattern.test(value) || usPhonePattern.test(value);
}

export const settingsSchema = z.object({
  pricing: z.object({
    adultCents: cents,
    childCents: cents,
    toddlerCents: cents,
    partyMinimumCents: cents,
    proteinsPerGuest: positiveInt,
    // An enum-keyed record is exhaustive in zod 4: every protein must be priced.
    proteins: z.record(
      z.enum(proteinCodes),
      z.object({ label: z.string().min(1), premiumCents: cents }),
    ),
    extraProteinCents: cents,
    addons: z.record(z.enum(addonCodes), z.object({ label: z.string().min(1), cents })),
    depositCents: cents,
    taxRateBasisPoints: z.number().int().min(0).max(10_000),
    gratuityPercents: z.array(z.number().int().min(0).max(100)),
  }),
  travel: z.object({
    freeMiles: nonNegativeInt,
    perMileCents: cents,
    serviceRadiusMiles: z.number().positive(),
    circuityFactor: z.number().min(1),
    cacheDays: positiveInt,
  }),
  slots: z
    .array(z.object({ time: z.enum(slotTimes), label: z.string().min(1) }))
    .min(1)
    .refine((slots) => new Set(slots.map((s) => s.time)).size === slots.length, {
      message: 'slot times must be unique',
    }),
  requestedTimeWindowMinutes: z.number().int().min(0).max(180),
  notice: z.object({ minHours: nonNegativeInt, maxDays: positiveInt }),
  capacity: z.object({ chefBasedWithinDays: nonNegativeInt, defaultPerSlot: nonNegativeInt }),
  holds: z.object({
    signWithinMinutes: positiveInt,
    depositWithinMinutesAfterSign: positiveInt,
    warningMinutesBefore: nonNegativeInt,
    // Added after settings v1 existed: stored versions without them read the defaults.
    /**
     * A customer who says they paid offline (Zelle, Venmo) waits for staff until this many
     * minutes after signing; never earlier than the deposit deadline (SPEC §4).
     */
    staffConfirmWithinMinutesAfterSign: positiveInt.default(1440),
    /** Open holds + unpaid bookings per email and per phone (public channels). */
    maxOpenPerContact: positiveInt.default(2),
    /** Open holds + unpaid bookings started from one IP address within 24 hours. */
    maxOpenPerIpPerDay: positiveInt.default(5),
  }),
  policies: z.object({
    depositRefundMinDaysBefore: nonNegativeInt,
    freeReschedules: nonNegativeInt,
    freeRescheduleMinHoursBefore: nonNegativeInt,
    rescheduleFeeCents: cents,
    guestCountFinalHoursBefore: nonNegativeInt,
    menuChangeMinHoursBefore: nonNegativeInt,
  }),
  eventDuration: z.object({
    tiers: z
      .array(z.object({ maxGuests: positiveInt, minutes: positiveInt }))
      .refine(
        (tiers) => tiers.every((t, i) => i === 0 || t.maxGuests > (tiers[i - 1]?.maxGuests ?? 0)),
        {
          message: 'tiers must be sorted by ascending maxGuests',
        },
      ),
    aboveMinutes: positiveInt,
    chefArrivalMinutesBefore: nonNegativeInt,
  }),
  reminders: z.object({
    depositNudgeHoursAfterHold: nonNegativeInt,
    eventReminderHoursBefore: z.array(positiveInt),
    chefOnTheWayMinutesBefore: nonNegativeInt,
    reviewRequestHoursAfter: nonNegativeInt,
    reviewReminderDaysAfter: nonNegativeInt,
    referralAskDaysAfter: nonNegativeInt,
    reengagementIdleDays: positiveInt,
  }),
  chefAssignment: z.object({
    travelWeight: nonNegativeInt,
    ratingWeight: nonNegativeInt,
    partySizeWeight: nonNegativeInt,
    preferenceWeight: nonNegativeInt,
  }),
  serviceArea: z.object({ description: z.string() }),
  // How emails and pages present the business; anything left out uses the built-in brand.
  brand: z
    .object({
      name: z.string().min(1).max(80),
      tagline: z.string().max(120),
      primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #B91C1C.'),
      contactEmail: z.email('Use an email address such as hello@example.com.'),
      contactPhone: z
        .string()
        .min(7, 'Give the phone number guests should call, with its area code.')
        .max(40),
      /** Shown in the site footer, the agreement and the CAN-SPAM footer of emails. */
      postalAddress: z.string().trim().min(5, 'Give the full postal address.').max(200),
    })
    .partial()
    .default({}),
  /**
   * Whom offline deposits go to (SPEC §5). A method without its payee is not offered:
   * an instruction never says "send money" without saying to whom.
   */
  payees: z
    .object({
      zelle: z.object({
        recipient: z
          .string()
          .trim()
          .refine(isZelleRecipient, 'Use the email address or US phone number enrolled in Zelle.'),
        accountName: z
          .string()
          .trim()
          .min(2, 'Give the name the Zelle account is registered to.')
          .max(80),
      }),
      venmo: z.object({
        handle: z
          .string()
          .trim()
          .regex(
            venmoHandlePattern,
            'Use a Venmo handle such as @Teppan-Fremont (5–30 letters, digits, - or _).',
          ),
      }),
    })
    .partial()
    .default({}),
  largePartyHandoffGuests: positiveInt,
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  pricing: {
    adultCents: 5500,
    childCents: 3000,
    toddlerCents: 0,
    partyMinimumCents: 55000,
    proteinsPerGuest: 2,
    proteins: {
      chicken: { label: 'Chicken', premiumCents: 0 },
      ny_strip: { label: 'NY Strip', premiumCents: 0 },
      shrimp: { label: 'Shrimp', premiumCents: 0 },
      calamari: { label: 'Calamari', premiumCents: 0 },
      tofu: { label: 'Tofu', premiumCents: 0 },
      salmon: { label: 'Salmon', premiumCents: 500 },
      scallops: { label: 'Scallops', premiumCents: 500 },
      filet_mignon: { label: 'Filet Mignon', premiumCents: 500 },
      lobster_tail: { label: 'Lobster Tail', premiumCents: 1500 },
    },
    extraProteinCents: 1000,
    addons: {
      yakisoba: { label: 'Yakisoba noodles', cents: 500 },
      extra_fried_rice: { label: 'Extra fried rice', cents: 500 },
      extra_vegetables: { label: 'Extra vegetables', cents: 500 },
      edamame: { label: 'Edamame', cents: 500 },
      gyoza: { label: 'Gyoza', cents: 1000 },
    },
    depositCents: 10000,
    taxRateBasisPoints: 825,
    gratuityPercents: [20, 25, 30, 35],
  },
  travel: {
    freeMiles: 30,
    perMileCents: 200,
    serviceRadiusMiles: 150,
    circuityFactor: 1.25,
    cacheDays: 7,
  },
  slots: [
    { time: '12:00', label: 'Lunch' },
    { time: '15:00', label: 'Afternoon' },
    { time: '18:00', label: 'Early Evening' },
    { time: '21:00', label: 'Prime Time' },
  ],
  requestedTimeWindowMinutes: 60,
  notice: { minHours: 48, maxDays: 365 },
  capacity: { chefBasedWithinDays: 14, defaultPerSlot: 2 },
  holds: {
    signWithinMinutes: 120,
    depositWithinMinutesAfterSign: 240,
    warningMinutesBefore: 60,
    staffConfirmWithinMinutesAfterSign: 1440,
    maxOpenPerContact: 2,
    maxOpenPerIpPerDay: 5,
  },
  policies: {
    depositRefundMinDaysBefore: 4,
    freeReschedules: 1,
    freeRescheduleMinHoursBefore: 24,
    rescheduleFeeCents: 10000,
    guestCountFinalHoursBefore: 24,
    menuChangeMinHoursBefore: 12,
  },
  eventDuration: {
    tiers: [
      { maxGuests: 10, minutes: 90 },
      { maxGuests: 20, minutes: 100 },
      { maxGuests: 30, minutes: 110 },
    ],
    aboveMinutes: 120,
    chefArrivalMinutesBefore: 20,
  },
  reminders: {
    depositNudgeHoursAfterHold: 2,
    eventReminderHoursBefore: [48, 24],
    chefOnTheWayMinutesBefore: 60,
    reviewRequestHoursAfter: 24,
    reviewReminderDaysAfter: 3,
    referralAskDaysAfter: 7,
    reengagementIdleDays: 30,
  },
  chefAssignment: { travelWeight: 40, ratingWeight: 30, partySizeWeight: 20, preferenceWeight: 10 },
  serviceArea: { description: 'SF Bay Area, Sacramento metro, Central Valley' },
  brand: {},
  // No payee is invented: until staff set one, only cash (and card) are offered.
  payees: {},
  largePartyHandoffGuests: 50,
};

/**
 * The demo business's payees (SPEC §1 seed, tests). Not a real account: the seed labels
 * the account name as a demo so nobody mistakes it for where to send money.
 */
export const demoPayees: Settings['payees'] = {
  zelle: { recipient: 'payments@teppan.local', accountName: 'Teppan Hibachi (demo)' },
  venmo: { handle: '@Teppan-Demo' },
};

// Spec preamble: changing what a customer pays needs a second admin's approval (or a super admin).
export const settingKeysNeedingApproval = [
  'pricing.adultCents',
  'pricing.childCents',
  'pricing.toddlerCents',
  'pricing.partyMinimumCents',
  'pricing.proteins',
  'pricing.extraProteinCents',
  'pricing.addons',
  'pricing.depositCents',
  'travel.freeMiles',
  'travel.perMileCents',
  // Where customers send money: a changed payee is a classic fraud, so two people agree.
  'payees',
] as const;
export type SettingKeyNeedingApproval = (typeof settingKeysNeedingApproval)[number];
