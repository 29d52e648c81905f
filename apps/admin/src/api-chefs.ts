import type { contract, RouteBody, RouteQuery, RouteResponse } from '@teppan/core/contract';
import { routes } from '@teppan/web-client';
import { call } from './api.ts';

/** GET /api/v1/admin/chefs/:id: the chef, their weekly grid, time off and upcoming events. */
export type ChefDetail = RouteResponse<typeof contract.chefs.detail>;
export type Chef = ChefDetail['chef'];
/** A saved cell of the weekly grid, as the server answers it. */
export type WeeklyCell = ChefDetail['weekly'][number];
/** A cell of the weekly grid as a save sends it (the slot is one of the slot times). */
export type WeeklyCellInput = RouteBody<
  typeof contract.chefs.replaceAvailability
>['weekly'][number];
export type TimeOff = RouteResponse<typeof contract.chefs.requestTimeOff>;
export type TimeOffStatus = NonNullable<RouteQuery<typeof contract.chefs.listTimeOff>['status']>;
/** The crew of an event; a chef's view lacks the ranking. */
export type BookingChefs = RouteResponse<typeof contract.chefs.bookingChefs>;
export type AssignedChef = BookingChefs['assigned'][number];
export type ChefUpdate = RouteBody<typeof contract.chefs.update>;

export const chefKeys = {
  all: ['chefs'] as const,
  list: (includeInactive: boolean) => ['chefs', 'list', { includeInactive }] as const,
  detail: (id: string) => ['chefs', 'detail', id] as const,
  timeOff: (status: string) => ['chefs', 'time-off', status] as const,
  booking: (bookingId: string) => ['booking-chefs', bookingId] as const,
};

export const listChefs = (params: { includeInactive: boolean; cursor?: string | undefined }) =>
  call(routes.chefs.list, {
    query: {
      includeInactive: params.includeInactive ? 'true' : undefined,
      cursor: params.cursor || undefined,
      limit: 50,
    },
  });

export const getChef = (id: string) => call(routes.chefs.detail, { params: { id } });

export const createChef = (body: RouteBody<typeof contract.chefs.create>) =>
  call(routes.chefs.create, { body });

export const updateChef = (id: string, body: ChefUpdate) =>
  call(routes.chefs.update, { params: { id }, body });

export const replaceAvailability = (
  id: string,
  body: RouteBody<typeof contract.chefs.replaceAvailability>,
) => call(routes.chefs.replaceAvailability, { params: { id }, body });

export const requestTimeOff = (
  chefId: string,
  body: RouteBody<typeof contract.chefs.requestTimeOff>,
) => call(routes.chefs.requestTimeOff, { params: { id: chefId }, body });

export const listTimeOff = (status: TimeOffStatus) =>
  call(routes.chefs.listTimeOff, { query: { status } });

export const decideTimeOff = (id: string, decision: 'approve' | 'reject', note: string) =>
  call(decision === 'approve' ? routes.chefs.approveTimeOff : routes.chefs.rejectTimeOff, {
    params: { id },
    body: note.trim() ? { note: note.trim() } : {},
  });

export const getBookingChefs = (bookingId: string) =>
  call(routes.chefs.bookingChefs, { params: { id: bookingId } });

export const setBookingChefs = (bookingId: string, chefIds: string[]) =>
  call(routes.chefs.assignChefs, { params: { id: bookingId }, body: { chefIds } });
