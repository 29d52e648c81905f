import { defaultSettings } from '@teppan/core';
import { dateAhead } from '../../test/factories.ts';
import type { AccessContext, AccessRequests } from '../../test/admin-access-context.ts';
import type { settingsAdminAccess } from './settings-admin.routes.ts';

// Far beyond the dates the access test books (20+ days ahead), so no blackout it makes
// ever meets a booking; a fresh date for every call.
let overrideDay = 300;
const nextOverrideDate = () => {
  overrideDay += 1;
  return dateAhead(overrideDay);
};

let stationSeq = 0;

async function currentSettings(context: AccessContext) {
  const row = await context.t.database.db
    .selectFrom('core.settings_versions')
    .select(['version', 'settings'])
    .where('station_id', '=', context.stationA)
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  return { version: row.version, settings: row.settings as typeof defaultSettings };
}

/**
 * A pending price change on station A by a proposer who is none of the callers, so every
 * admin may decide on it; its base is the version in force, so approval can apply it.
 */
async function pendingRequest(context: AccessContext): Promise<string> {
  const { version, settings } = await currentSettings(context);
  const row = await context.t.database.db
    .insertInto('core.settings_change_requests')
    .values({
      station_id: context.stationA,
      base_version: version,
      settings: JSON.stringify({
        ...settings,
        pricing: { ...settings.pricing, adultCents: settings.pricing.adultCents + 100 },
      }),
      changed_paths: ['pricing.adultCents'],
      note: 'Access test price change',
      requested_by: 'staff:00000000-0000-4000-8000-000000000001',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function stationVersion(context: AccessContext): Promise<number> {
  const row = await context.t.database.db
    .selectFrom('core.stations')
    .select('version')
    .where('id', '=', context.stationA)
    .executeTakeFirstOrThrow();
  return row.version;
}

export const settingsAdminRequests: AccessRequests<keyof typeof settingsAdminAccess> = {
  'GET /api/v1/admin/stations': () => ({ url: '/api/v1/admin/stations' }),
  'POST /api/v1/admin/stations': () => {
    stationSeq += 1;
    return {
      url: '/api/v1/admin/stations',
      payload: {
        code: `CA-NEW-${stationSeq}-${Math.floor(Math.random() * 1e6)}`,
        name: `New station ${stationSeq}`,
        timeZone: 'America/Los_Angeles',
        address: '1 Main St, Sacramento, CA 95814',
        zip: '95814',
        lat: 38.58,
        lng: -121.49,
      },
    };
  },
  'PATCH /api/v1/admin/stations/:stationId': async (c) => ({
    url: `/api/v1/admin/stations/${c.stationA}`,
    payload: { version: await stationVersion(c), name: 'Station A' },
  }),
  'GET /api/v1/admin/stations/:stationId/settings': (c) => ({
    url: `/api/v1/admin/stations/${c.stationA}/settings`,
  }),
  'GET /api/v1/admin/stations/:stationId/settings/history': (c) => ({
    url: `/api/v1/admin/stations/${c.stationA}/settings/history`,
  }),
  // A change no second admin needs to see: applied at once for every allowed caller.
  'POST /api/v1/admin/settings/changes': async (c) => {
    const { version, settings } = await currentSettings(c);
    return {
      url: '/api/v1/admin/settings/changes',
      payload: {
        stationId: c.stationA,
        baseVersion: version,
        settings: {
          ...settings,
          notice: { ...settings.notice, maxDays: settings.notice.maxDays + 1 },
        },
        note: 'Access test',
      },
    };
  },
  'POST /api/v1/admin/settings/changes/:id/approve': async (c) => ({
    url: `/api/v1/admin/settings/changes/${await pendingRequest(c)}/approve`,
    payload: { note: 'Looks right' },
  }),
  'POST /api/v1/admin/settings/changes/:id/reject': async (c) => ({
    url: `/api/v1/admin/settings/changes/${await pendingRequest(c)}/reject`,
    payload: { note: 'Not now' },
  }),
  // Only the proposer (or a super admin) withdraws; others get 409 SETTINGS_NOT_PROPOSER.
  'POST /api/v1/admin/settings/changes/:id/withdraw': async (c) => ({
    url: `/api/v1/admin/settings/changes/${await pendingRequest(c)}/withdraw`,
  }),
  'GET /api/v1/admin/stations/:stationId/date-overrides': (c) => ({
    url: `/api/v1/admin/stations/${c.stationA}/date-overrides`,
  }),
  'PUT /api/v1/admin/stations/:stationId/date-overrides': (c) => ({
    url: `/api/v1/admin/stations/${c.stationA}/date-overrides`,
    payload: { date: nextOverrideDate(), kind: 'blackout', reason: 'Access test' },
  }),
  'DELETE /api/v1/admin/stations/:stationId/date-overrides/:overrideId': async (c) => {
    const row = await c.t.database.db
      .insertInto('core.date_overrides')
      .values({ station_id: c.stationA, date: nextOverrideDate(), max_capacity: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { url: `/api/v1/admin/stations/${c.stationA}/date-overrides/${row.id}` };
  },
};
