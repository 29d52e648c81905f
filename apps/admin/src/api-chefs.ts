import type { ChefRanking } from '@teppan/core';
import { api, queryString } from './api.ts';

export type WeeklyCell = { weekday: number; slot: string };

export type Chef = {
  id: string;
  stationId: string;
  name: string;
  email: string | null;
  phone: string | null;
  rating: number;
  isActive: boolean;
  homeZip: string | null;
  hasHomeLocation: boolean;
  maxGuests: number;
  staffId: string | null;
  version: number;
  updatedAt: string;
};

export type ChefListItem = Chef & { upcomingAssignments: number; pendingTimeOff: number };
export type ChefPage = { items: ChefListItem[]; nextCursor: string | null };

export type TimeOff = {
  id: string;
  chefId: string;
  chefName?: string;
  stationId?: string;
  fromDate: string;
  toDate: string;
  status: 'requested' | 'approved' | 'rejected';
  reason: string | null;
  requestedBy: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
};

export type ChefAssignment = {
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
};

export type ChefDetail = {
  chef: Chef;
  weekly: WeeklyCell[];
  timeOff: TimeOff[];
  assignments: ChefAssignment[];
};

/** Details of a 409 CHEF_SCHEDULE_CONFLICT: the events that would lose their chef. */
export type ScheduleConflicts = {
  assignments: { bookingId: string; number: string; date: string; slot: string }[];
  slots: { date: string; slot: string; capacity: number; taken: number; bookings: string[] }[];
};

export type AssignedChef = {
  chefId: string;
  name: string;
  phone: string | null;
  rating: number;
  isActive: boolean;
  score: number | null;
  assignedBy: string;
  assignedAt: string;
};

export type BookingChefs = {
  bookingId: string;
  number: string;
  status: string;
  date: string;
  slot: string;
  guests: number;
  requestedChefId: string | null;
  isOpenForAssignment: boolean;
  canAssign: boolean;
  assigned: AssignedChef[];
  /** Absent from a chef's view: a chef sees who cooks, not how colleagues rank. */
  ranking?: ChefRanking | null;
};

export type ChefInput = {
  name?: string;
  email?: string | null;
  phone?: string | null;
  rating?: number;
  isActive?: boolean;
  homeZip?: string | null;
  maxGuests?: number;
};

export const chefKeys = {
  all: ['chefs'] as const,
  list: (includeInactive: boolean) => ['chefs', 'list', { includeInactive }] as const,
  detail: (id: string) => ['chefs', 'detail', id] as const,
  timeOff: (status: string) => ['chefs', 'time-off', status] as const,
  booking: (bookingId: string) => ['booking-chefs', bookingId] as const,
};

export const listChefs = (params: { includeInactive: boolean; cursor?: string | undefined }) =>
  api<ChefPage>(
    `/api/v1/admin/chefs${queryString({
      includeInactive: params.includeInactive ? 'true' : undefined,
      cursor: params.cursor,
      limit: 50,
    })}`,
  );

export const getChef = (id: string) => api<ChefDetail>(`/api/v1/admin/chefs/${id}`);

export const createChef = (body: ChefInput & { stationId: string; weekly?: WeeklyCell[] }) =>
  api<ChefDetail>('/api/v1/admin/chefs', { method: 'POST', body });

export const updateChef = (id: string, body: ChefInput & { version: number }) =>
  api<ChefDetail>(`/api/v1/admin/chefs/${id}`, { method: 'PATCH', body });

export const replaceAvailability = (id: string, body: { weekly: WeeklyCell[]; version: number }) =>
  api<ChefDetail>(`/api/v1/admin/chefs/${id}/availability`, { method: 'PUT', body });

export const requestTimeOff = (
  chefId: string,
  body: { fromDate: string; toDate: string; reason?: string },
) => api<TimeOff>(`/api/v1/admin/chefs/${chefId}/time-off`, { method: 'POST', body });

export const listTimeOff = (status: TimeOff['status']) =>
  api<{ items: TimeOff[] }>(`/api/v1/admin/time-off${queryString({ status })}`);

export const decideTimeOff = (id: string, decision: 'approve' | 'reject', note: string) =>
  api<TimeOff>(`/api/v1/admin/time-off/${id}/${decision}`, {
    method: 'POST',
    body: note.trim() ? { note: note.trim() } : {},
  });

export const getBookingChefs = (bookingId: string) =>
  api<BookingChefs>(`/api/v1/admin/bookings/${bookingId}/chefs`);

export const setBookingChefs = (bookingId: string, chefIds: string[]) =>
  api<BookingChefs>(`/api/v1/admin/bookings/${bookingId}/chefs`, {
    method: 'PUT',
    body: { chefIds },
  });
