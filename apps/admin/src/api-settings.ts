import type { Settings, SlotTime } from '@teppan/core';
import { api, queryString } from './api.ts';

export type StationView = {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  address: string;
  zip: string;
  lat: number;
  lng: number;
  isActive: boolean;
  version: number;
  createdAt: string;
};

export type PersonRef = { actor: string; staffId: string | null; name: string | null };

export type SettingChange = { path: string; before: unknown; after: unknown };

export type ChangeRequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'stale';

export type ChangeRequest = {
  id: string;
  stationId: string;
  baseVersion: number;
  status: ChangeRequestStatus;
  note: string | null;
  changedPaths: string[];
  approvalPaths: string[];
  changes: SettingChange[];
  requestedBy: PersonRef | null;
  decidedBy: PersonRef | null;
  decidedAt: string | null;
  decisionNote: string | null;
  appliedVersion: number | null;
  createdAt: string;
};

export type SettingsInForce = {
  station: StationView;
  version: number;
  settings: Settings;
  changedBy: PersonRef | null;
  changedAt: string | null;
  approvalPaths: string[];
  pendingRequests: ChangeRequest[];
  recentRequests: ChangeRequest[];
};

export type ProposeResult =
  | { status: 'applied'; version: number; settings: SettingsInForce }
  | { status: 'pending'; request: ChangeRequest };

export type HistoryItem = {
  version: number;
  changedBy: PersonRef | null;
  changedAt: string;
  note: string | null;
  isInitial: boolean;
  changes: SettingChange[];
  approval: {
    requestId: string;
    requestedBy: PersonRef | null;
    approvedBy: PersonRef | null;
    note: string | null;
  } | null;
};

export type HistoryPage = { items: HistoryItem[]; nextCursor: string | null };

export type DateOverride = {
  id: string;
  stationId: string;
  date: string;
  slot: SlotTime | null;
  kind: 'blackout' | 'cap';
  maxCapacity: number | null;
  reason: string | null;
  createdAt: string;
};

export type DateOverridePage = { today: string; items: DateOverride[]; nextCursor: string | null };

export type OverbookedSlot = {
  slot: SlotTime;
  capacityBefore: number;
  capacityAfter: number;
  taken: number;
  bookings: { id: string; number: string; status: string; customerName: string }[];
  activeHolds: number;
};

export type StationInput = {
  code: string;
  name: string;
  timeZone: string;
  address: string;
  zip: string;
  lat: number;
  lng: number;
};

export const settingsKeys = {
  stations: ['stations'] as const,
  inForce: (stationId: string) => ['settings', stationId] as const,
  history: (stationId: string) => ['settings-history', stationId] as const,
  overrides: (stationId: string) => ['date-overrides', stationId] as const,
};

export const fetchStations = () => api<{ items: StationView[] }>('/api/v1/admin/stations');

export const fetchSettings = (stationId: string) =>
  api<SettingsInForce>(`/api/v1/admin/stations/${stationId}/settings`);

export const fetchHistory = (stationId: string, cursor: string | undefined) =>
  api<HistoryPage>(
    `/api/v1/admin/stations/${stationId}/settings/history${queryString({ cursor, limit: 10 })}`,
  );

export const proposeSettings = (body: {
  stationId: string;
  baseVersion: number;
  settings: Settings;
  note?: string;
}) => api<ProposeResult>('/api/v1/admin/settings/changes', { body });

export const decideRequest = (
  id: string,
  verb: 'approve' | 'reject' | 'withdraw',
  note: string | undefined,
) =>
  api<ChangeRequest>(`/api/v1/admin/settings/changes/${id}/${verb}`, {
    body: note ? { note } : {},
  });

export const createStation = (body: StationInput) =>
  api<StationView>('/api/v1/admin/stations', { body });

export const updateStation = (
  id: string,
  body: Partial<Omit<StationInput, 'code'>> & { version: number; isActive?: boolean },
) => api<StationView>(`/api/v1/admin/stations/${id}`, { method: 'PATCH', body });

export const fetchOverrides = (stationId: string, cursor: string | undefined) =>
  api<DateOverridePage>(
    `/api/v1/admin/stations/${stationId}/date-overrides${queryString({ cursor, limit: 50 })}`,
  );

export const putOverride = (
  stationId: string,
  body: {
    date: string;
    slot: SlotTime | null;
    kind: 'blackout' | 'cap';
    maxCapacity?: number | null;
    reason?: string | null;
    acknowledgeOverbooked?: boolean;
  },
) =>
  api<{ override: DateOverride; overbooked: OverbookedSlot[] }>(
    `/api/v1/admin/stations/${stationId}/date-overrides`,
    { method: 'PUT', body },
  );

export const deleteOverride = (stationId: string, id: string) =>
  api<DateOverride>(`/api/v1/admin/stations/${stationId}/date-overrides/${id}`, {
    method: 'DELETE',
  });

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
