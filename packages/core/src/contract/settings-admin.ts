import { z } from 'zod';
import { isoDateSchema, slotSchema } from '../api.ts';
import { settingsSchema, slotTimes } from '../settings.ts';
import { access, defineRoute } from './define-route.ts';

/** Whether the runtime knows an IANA time zone (a station's zone must be one). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const stationParams = z.strictObject({ stationId: z.uuid('Not a valid station id.') });
const requestParams = z.strictObject({ id: z.uuid('Not a valid id.') });
const decisionBody = z
  .strictObject({ note: z.string().trim().max(1000).optional() })
  .nullish()
  .transform((body) => body ?? {});

const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, 'Use an IANA time zone such as America/Los_Angeles.');
const stationFields = {
  name: z.string().trim().min(1, 'Enter a name.').max(120),
  timeZone: timeZoneSchema,
  address: z.string().trim().min(1, 'Enter the base address.').max(300),
  zip: z
    .string()
    .trim()
    .regex(/^\d{5}$/, 'Use a 5-digit ZIP code.'),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
};

export const stationViewSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  address: z.string(),
  zip: z.string(),
  lat: z.number(),
  lng: z.number(),
  isActive: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});

const personRefSchema = z.object({
  actor: z.string(),
  staffId: z.string().nullable(),
  name: z.string().nullable(),
});

const settingChangeSchema = z.object({
  path: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export const settingsChangeRequestSchema = z.object({
  id: z.string(),
  stationId: z.string(),
  baseVersion: z.number().int(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'stale']),
  note: z.string().nullable(),
  changedPaths: z.array(z.string()),
  approvalPaths: z.array(z.string()),
  changes: z.array(settingChangeSchema),
  // As proposed then: a request made before a settings field was added lacks it.
  settings: z.union([settingsSchema, z.record(z.string(), z.unknown())]),
  requestedBy: personRefSchema.nullable(),
  decidedBy: personRefSchema.nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  appliedVersion: z.number().int().nullable(),
  createdAt: z.string(),
});

export const stationSettingsSchema = z.object({
  station: stationViewSchema,
  version: z.number().int(),
  settings: settingsSchema,
  changedBy: personRefSchema.nullable(),
  changedAt: z.string().nullable(),
  approvalPaths: z.array(z.string()),
  pendingRequests: z.array(settingsChangeRequestSchema),
  recentRequests: z.array(settingsChangeRequestSchema),
});

const settingsHistorySchema = z.object({
  items: z.array(
    z.object({
      version: z.number().int(),
      changedBy: personRefSchema.nullable(),
      changedAt: z.string(),
      note: z.string().nullable(),
      isInitial: z.boolean(),
      changes: z.array(settingChangeSchema),
      approval: z
        .object({
          requestId: z.string(),
          requestedBy: personRefSchema.nullable(),
          approvedBy: personRefSchema.nullable(),
          note: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const dateOverrideViewSchema = z.object({
  id: z.string(),
  stationId: z.string(),
  date: z.string(),
  slot: z.enum(slotTimes).nullable(),
  kind: z.enum(['blackout', 'cap']),
  maxCapacity: z.number().int().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});

const overbookedSlotSchema = z.object({
  slot: z.enum(slotTimes),
  capacityBefore: z.number().int(),
  capacityAfter: z.number().int(),
  taken: z.number().int(),
  bookings: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      status: z.string(),
      customerName: z.string(),
    }),
  ),
  activeHolds: z.number().int(),
});

const decisions = {
  approve: {
    summary: 'Approve a pending settings change (another admin than the proposer)',
    description:
      'Applies the change as the next version if the settings in force are still the version it was made on; otherwise the request turns stale and the answer is 409 SETTINGS_CHANGE_STALE. The proposer gets 409 SETTINGS_SELF_APPROVAL. Two approvals at once apply it once: the second gets 409 SETTINGS_CHANGE_NOT_PENDING.',
    permission: 'settings.approve',
  },
  reject: {
    summary: 'Reject a pending settings change (another admin than the proposer)',
    description: 'The proposer withdraws instead (409 SETTINGS_SELF_APPROVAL).',
    permission: 'settings.approve',
  },
  withdraw: {
    summary: 'Withdraw your own pending settings change (a super admin may clear any)',
    description: 'Another admin gets 409 SETTINGS_NOT_PROPOSER.',
    permission: 'settings.update',
  },
} as const;

const decisionRoute = <const Verb extends keyof typeof decisions>(verb: Verb) =>
  defineRoute({
    method: 'POST',
    path: `/api/v1/admin/settings/changes/:id/${verb}`,
    tags: ['admin'],
    summary: decisions[verb].summary,
    description: decisions[verb].description,
    params: requestParams,
    body: decisionBody,
    responses: { 200: settingsChangeRequestSchema },
    access: access.admin(decisions[verb].permission, { isStationScoped: true }),
  });

export const settingsAdminContract = {
  listStations: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/stations',
    tags: ['admin'],
    summary: 'Stations you belong to (a super admin sees all)',
    responses: { 200: z.object({ items: z.array(stationViewSchema) }) },
    access: access.admin('settings.read', { isStationScoped: false }),
  }),
  createStation: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/stations',
    tags: ['admin'],
    summary: 'Create a station; it starts with the default settings as version 1',
    description:
      'The creator is added to the new station (a super admin sees every station). A code already in use answers 409 STATION_CODE_TAKEN.',
    body: z.strictObject({
      code: z
        .string()
        .trim()
        .regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'Use 3–40 capital letters, digits or dashes.'),
      ...stationFields,
    }),
    responses: { 201: stationViewSchema },
    access: access.admin('stations.manage', { isStationScoped: false }),
  }),
  updateStation: defineRoute({
    method: 'PATCH',
    path: '/api/v1/admin/stations/:stationId',
    tags: ['admin'],
    summary: 'Edit a station (name, address, ZIP, coordinates, time zone, active)',
    description:
      '`version` is the version you read; if someone saved first the answer is 409 STATION_VERSION_CONFLICT with the current station in details.',
    params: stationParams,
    body: z.strictObject({
      version: z.number().int().min(1),
      name: stationFields.name.optional(),
      timeZone: stationFields.timeZone.optional(),
      address: stationFields.address.optional(),
      zip: stationFields.zip.optional(),
      lat: stationFields.lat.optional(),
      lng: stationFields.lng.optional(),
      isActive: z.boolean().optional(),
    }),
    responses: { 200: stationViewSchema },
    access: access.admin('stations.manage', { isStationScoped: true }),
  }),
  getSettings: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/stations/:stationId/settings',
    tags: ['admin'],
    summary: 'All settings in force for a station, with pending change requests',
    description:
      'Includes internal settings (chef-assignment weights, reminders), the version, the setting paths that need a second admin, pending requests with their changes and the ten most recent decisions.',
    params: stationParams,
    responses: { 200: stationSettingsSchema },
    access: access.admin('settings.read', { isStationScoped: true }),
  }),
  history: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/stations/:stationId/settings/history',
    tags: ['admin'],
    summary: 'Settings versions newest first, each with who, when, note and what changed',
    params: stationParams,
    query: z.strictObject({
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
    responses: { 200: settingsHistorySchema },
    access: access.admin('settings.read', { isStationScoped: true }),
  }),
  propose: defineRoute({
    method: 'POST',
    path: '/api/v1/admin/settings/changes',
    tags: ['admin'],
    summary: 'Propose new settings; applied at once unless a second admin must approve',
    description:
      'Send the whole settings object and the version it was edited from. If a price, the deposit, the minimum or the per-mile rate changed and you are not a super admin, the change waits for another admin (202, status "pending"); otherwise it becomes the next version (200, status "applied"). A stale baseVersion answers 409 SETTINGS_VERSION_CONFLICT with the settings in force; no difference answers 422 SETTINGS_UNCHANGED.',
    body: z.strictObject({
      stationId: z.uuid('Not a valid station id.'),
      baseVersion: z.number().int().min(0),
      settings: settingsSchema,
      note: z.string().trim().max(1000).optional(),
    }),
    responses: {
      200: z.object({
        status: z.literal('applied'),
        version: z.number().int(),
        settings: stationSettingsSchema,
      }),
      202: z.object({ status: z.literal('pending'), request: settingsChangeRequestSchema }),
    },
    access: access.admin('settings.update', { isStationScoped: true }),
  }),
  approveChange: decisionRoute('approve'),
  rejectChange: decisionRoute('reject'),
  withdrawChange: decisionRoute('withdraw'),
  listOverrides: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/stations/:stationId/date-overrides',
    tags: ['admin'],
    summary: 'Blackout dates and per-date caps of a station, upcoming first',
    description: 'From `from` (default: today in the station time zone), by date.',
    params: stationParams,
    query: z.strictObject({
      from: isoDateSchema.optional(),
      cursor: z.string().max(300).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    responses: {
      200: z.object({
        today: z.string(),
        items: z.array(dateOverrideViewSchema),
        nextCursor: z.string().nullable(),
      }),
    },
    access: access.admin('settings.read', { isStationScoped: true }),
  }),
  putOverride: defineRoute({
    method: 'PUT',
    path: '/api/v1/admin/stations/:stationId/date-overrides',
    tags: ['admin'],
    summary: 'Set the blackout or capacity cap of a date (one slot, or the whole day)',
    description:
      'Creates or replaces the override of (date, slot); no slot = the whole day. The write takes the slot locks the hold path takes, so no hold slips in between the check and the write. If it would leave a slot with more active bookings and holds than places, it answers 409 DATE_OVERRIDE_OVERBOOKED listing the slots, bookings and holds affected — nothing is written. Send `acknowledgeOverbooked: true` once staff will handle those events (move or cancel them): the override is saved and the audit entry lists the bookings it left over capacity.',
    params: stationParams,
    body: z
      .strictObject({
        date: isoDateSchema,
        slot: slotSchema.nullish(),
        kind: z.enum(['blackout', 'cap']),
        maxCapacity: z.number().int().min(0).max(100).nullish(),
        reason: z.string().trim().max(200).nullish(),
        acknowledgeOverbooked: z.boolean().optional(),
      })
      .refine((body) => body.kind === 'blackout' || typeof body.maxCapacity === 'number', {
        message: 'A cap needs a maximum number of events.',
        path: ['maxCapacity'],
      }),
    responses: {
      200: z.object({
        override: dateOverrideViewSchema,
        overbooked: z.array(overbookedSlotSchema),
      }),
    },
    access: access.admin('settings.update', { isStationScoped: true }),
  }),
  deleteOverride: defineRoute({
    method: 'DELETE',
    path: '/api/v1/admin/stations/:stationId/date-overrides/:overrideId',
    tags: ['admin'],
    summary: 'Remove a blackout or cap (capacity goes back up)',
    params: z.strictObject({
      stationId: z.uuid('Not a valid station id.'),
      overrideId: z.uuid('Not a valid id.'),
    }),
    responses: { 200: dateOverrideViewSchema },
    access: access.admin('settings.update', { isStationScoped: true }),
  }),
};
