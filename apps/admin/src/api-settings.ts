import type { contract, RouteBody, RouteResponse } from '@teppan/core/contract';
import { routes } from '@teppan/web-client';
import { call } from './api.ts';

/** GET /api/v1/admin/stations/:stationId/settings: the settings in force and the requests. */
export type SettingsInForce = RouteResponse<typeof contract.settingsAdmin.getSettings>;
export type StationView = SettingsInForce['station'];
export type ChangeRequest = SettingsInForce['pendingRequests'][number];
export type PersonRef = NonNullable<SettingsInForce['changedBy']>;
export type SettingChange = ChangeRequest['changes'][number];
/** POST /api/v1/admin/settings/changes: applied at once, or pending a second admin. */
export type ProposeResult = RouteResponse<typeof contract.settingsAdmin.propose>;
export type DateOverride = RouteResponse<
  typeof contract.settingsAdmin.listOverrides
>['items'][number];
/** A slot a date override would leave over capacity (also the details of its 409). */
export type OverbookedSlot = RouteResponse<
  typeof contract.settingsAdmin.putOverride
>['overbooked'][number];
export type StationInput = RouteBody<typeof contract.settingsAdmin.createStation>;
export type StationUpdate = RouteBody<typeof contract.settingsAdmin.updateStation>;

export const settingsKeys = {
  stations: ['stations'] as const,
  inForce: (stationId: string) => ['settings', stationId] as const,
  history: (stationId: string) => ['settings-history', stationId] as const,
  overrides: (stationId: string) => ['date-overrides', stationId] as const,
};

export const fetchStations = () => call(routes.settingsAdmin.listStations);

export const fetchSettings = (stationId: string) =>
  call(routes.settingsAdmin.getSettings, { params: { stationId } });

export const fetchHistory = (stationId: string, cursor: string | undefined) =>
  call(routes.settingsAdmin.history, {
    params: { stationId },
    query: { cursor: cursor || undefined, limit: 10 },
  });

export const proposeSettings = (body: RouteBody<typeof contract.settingsAdmin.propose>) =>
  call(routes.settingsAdmin.propose, { body });

export const decideRequest = (
  id: string,
  verb: 'approve' | 'reject' | 'withdraw',
  note: string | undefined,
) => {
  const decisions = {
    approve: routes.settingsAdmin.approveChange,
    reject: routes.settingsAdmin.rejectChange,
    withdraw: routes.settingsAdmin.withdrawChange,
  };
  return call(decisions[verb], { params: { id }, body: note ? { note } : {} });
};

export const createStation = (body: StationInput) =>
  call(routes.settingsAdmin.createStation, { body });

export const updateStation = (stationId: string, body: StationUpdate) =>
  call(routes.settingsAdmin.updateStation, { params: { stationId }, body });

export const fetchOverrides = (stationId: string, cursor: string | undefined) =>
  call(routes.settingsAdmin.listOverrides, {
    params: { stationId },
    query: { cursor: cursor || undefined, limit: 50 },
  });

export const putOverride = (
  stationId: string,
  body: RouteBody<typeof contract.settingsAdmin.putOverride>,
) => call(routes.settingsAdmin.putOverride, { params: { stationId }, body });

export const deleteOverride = (stationId: string, overrideId: string) =>
  call(routes.settingsAdmin.deleteOverride, { params: { stationId, overrideId } });

/** Who, for people: the staff member's name, else the raw actor ("seed", "test"). */
export function personLabel(person: PersonRef | null): string {
  if (!person) return '—';
  return person.name ?? person.actor;
}

/** Money paths (…Cents) read as dollars; everything else as JSON. */
export function formatSettingValue(path: string, value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'number' && /cents$/i.test(path))
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(
      value / 100,
    );
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
