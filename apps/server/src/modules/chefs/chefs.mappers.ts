import type { SlotTime } from '@teppan/core';
import { slotTimes } from '@teppan/core';
import { AppError } from '../../errors.ts';
import type { AssignmentRow, ChefInsert, ChefRow, TimeOffRow } from './chefs.repository.ts';

/** The chefs module's shapes and the row-to-view mappings its services share. */

export interface WeeklyCell {
  weekday: number;
  slot: SlotTime;
}

/** A chef as staff see one: the stored record, with only whether a home location is set. */
export interface ChefView extends Omit<ChefInsert, 'homeLat' | 'homeLng'> {
  id: string;
  hasHomeLocation: boolean;
  version: number;
  updatedAt: string;
}

export interface TimeOffView {
  id: string;
  chefId: string;
  chefName?: string;
  fromDate: string;
  toDate: string;
  status: string;
  reason: string | null;
  requestedBy: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
}

/** An event on a chef's schedule. No money: chefs never see pay (SPEC §14). */
export interface AssignmentView {
  bookingId: string;
  number: string;
  status: string;
  date: string;
  slot: string;
  requestedTime: string | null;
  eventStartsAt: string;
  guests: number;
  venue: { zip: string; address: string | null };
  customerName: string;
}

/** Why a schedule change was refused: the events that would lose their chef. */
export interface ScheduleConflicts {
  assignments: { bookingId: string; number: string; date: string; slot: string }[];
  slots: { date: string; slot: string; capacity: number; taken: number; bookings: string[] }[];
}

export interface ChefInput {
  name: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  rating?: number | undefined;
  isActive?: boolean | undefined;
  homeZip?: string | null | undefined;
  maxGuests?: number | undefined;
  staffId?: string | null | undefined;
}

export function toChefView(row: ChefRow): ChefView {
  return {
    id: row.id,
    stationId: row.station_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    rating: Number(row.rating),
    isActive: row.is_active,
    homeZip: row.home_zip,
    hasHomeLocation: row.home_lat !== null && row.home_lng !== null,
    maxGuests: row.max_guests,
    staffId: row.staff_id,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toTimeOffView(row: TimeOffRow & { chef_name?: string }): TimeOffView {
  return {
    id: row.id,
    chefId: row.chef_id,
    ...(row.chef_name !== undefined ? { chefName: row.chef_name } : {}),
    fromDate: row.from_date,
    toDate: row.to_date,
    status: row.status,
    reason: row.reason,
    requestedBy: row.requested_by,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionNote: row.decision_note,
    createdAt: row.created_at.toISOString(),
  };
}

export function toAssignmentView(row: AssignmentRow): AssignmentView {
  return {
    bookingId: row.id,
    number: row.number,
    status: row.status,
    date: row.date,
    slot: row.slot,
    requestedTime: row.requested_time,
    eventStartsAt: row.event_starts_at.toISOString(),
    guests: row.adults + row.children + row.toddlers,
    venue: { zip: row.venue_zip, address: row.venue_address },
    customerName: row.customer_name,
  };
}

export const cellKey = (cell: { weekday: number; slot: string }) => `${cell.weekday}|${cell.slot}`;
export const isSlotTime = (value: string): value is SlotTime =>
  (slotTimes as readonly string[]).includes(value);

export function dedupeCells(cells: readonly WeeklyCell[]): WeeklyCell[] {
  const byKey = new Map(cells.map((c) => [cellKey(c), c]));
  return [...byKey.values()].sort((a, b) => a.weekday - b.weekday || a.slot.localeCompare(b.slot));
}

export function scheduleConflict(conflicts: ScheduleConflicts): AppError {
  const parts: string[] = [];
  if (conflicts.assignments.length)
    parts.push(
      `The chef is assigned to ${conflicts.assignments.map((a) => `${a.number} (${a.date} ${a.slot})`).join(', ')}; reassign ${conflicts.assignments.length === 1 ? 'it' : 'them'} first.`,
    );
  if (conflicts.slots.length)
    parts.push(
      `Too few chefs would remain for ${conflicts.slots.map((s) => `${s.date} ${s.slot} (${s.taken} booked, ${s.capacity} chef${s.capacity === 1 ? '' : 's'} left)`).join(', ')}.`,
    );
  return new AppError('CHEF_SCHEDULE_CONFLICT', parts.join(' '), conflicts);
}
