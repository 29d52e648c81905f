import { type SlotTime } from '@teppan/core';
import type { DB } from '@teppan/db';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { canSeeStation } from '../staff/permissions.ts';
import type { StaffPrincipal } from '../staff/staff.types.ts';
import { SettingsAdminRepository } from './settings-admin.repository.ts';
import type { SettingsService } from './settings.service.ts';
import { toStation, type Station } from './station.ts';

/** Shapes and lookups the settings screen's services share. */

export type Actor = Pick<StaffPrincipal, 'id' | 'role' | 'stationIds'>;
export interface RequestMeta {
  ip?: string | null;
  requestId?: string | null;
}

/** What the settings screen's services are built with. */
export interface SettingsAdminDeps {
  settings: SettingsService;
  now: () => Date;
}

export type StationRow = NonNullable<Awaited<ReturnType<SettingsAdminRepository['findStation']>>>;
export type RequestRow = NonNullable<Awaited<ReturnType<SettingsAdminRepository['findRequest']>>>;
export type OverrideRow = NonNullable<Awaited<ReturnType<SettingsAdminRepository['findOverride']>>>;

export const actorOf = (staff: { id: string }) => `staff:${staff.id}`;
export const staffIdOf = (actor: string | null): string | null =>
  actor && /^staff:[0-9a-f-]{36}$/i.test(actor) ? actor.slice('staff:'.length) : null;

export interface StationView extends Station {
  isActive: boolean;
  version: number;
  createdAt: string;
}

export const toStationView = (row: StationRow): StationView => ({
  ...toStation(row),
  isActive: row.is_active,
  version: row.version,
  createdAt: row.created_at.toISOString(),
});

export interface PersonRef {
  actor: string;
  staffId: string | null;
  name: string | null;
}

export interface OverrideView {
  id: string;
  stationId: string;
  date: string;
  slot: SlotTime | null;
  kind: 'blackout' | 'cap';
  maxCapacity: number | null;
  reason: string | null;
  createdAt: string;
}

export const toOverrideView = (row: OverrideRow): OverrideView => ({
  id: row.id,
  stationId: row.station_id,
  date: row.date,
  slot: (row.slot as SlotTime | null) ?? null,
  kind: row.is_blackout ? 'blackout' : 'cap',
  maxCapacity: row.max_capacity,
  reason: row.reason,
  createdAt: row.created_at.toISOString(),
});

export interface OverbookedSlot {
  slot: SlotTime;
  capacityBefore: number;
  capacityAfter: number;
  taken: number;
  bookings: { id: string; number: string; status: string; customerName: string }[];
  activeHolds: number;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** A station outside the caller's stations does not exist for them. */
export async function visibleStation(
  db: Kysely<DB>,
  staff: Actor,
  stationId: string,
): Promise<StationRow> {
  const row = canSeeStation(staff, stationId)
    ? await new SettingsAdminRepository(db).findStation(stationId)
    : undefined;
  if (!row) throw new AppError('STATION_NOT_FOUND');
  return row;
}

/** Names the staff behind `staff:<id>` actors, one query for all of them. */
export async function lookUpPeople(
  db: Kysely<DB>,
  actors: (string | null)[],
): Promise<Map<string, PersonRef>> {
  const ids = [...new Set(actors.map(staffIdOf).filter((id): id is string => id !== null))];
  const rows = await new SettingsAdminRepository(db).findStaffNames(ids);
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const result = new Map<string, PersonRef>();
  for (const actor of actors) {
    if (actor === null) continue;
    const staffId = staffIdOf(actor);
    result.set(actor, { actor, staffId, name: staffId ? (names.get(staffId) ?? null) : null });
  }
  return result;
}

export function personOf(people: Map<string, PersonRef>, actor: string | null): PersonRef | null {
  if (actor === null) return null;
  return people.get(actor) ?? { actor, staffId: staffIdOf(actor), name: null };
}
