import type { contract, RouteBody, RouteQuery, RouteResponse } from '@teppan/core/contract';
import { route } from '@teppan/web-client';
import { call } from './api.ts';

/** The chefs area's routes: method and path at runtime, the contract's types at compile time. */
export const chefRoutes = {
  list: route<typeof contract.chefs.list>('GET', '/api/v1/admin/chefs'),
  create: route<typeof contract.chefs.create>('POST', '/api/v1/admin/chefs'),
  detail: route<typeof contract.chefs.detail>('GET', '/api/v1/admin/chefs/:id'),
  update: route<typeof contract.chefs.update>('PATCH', '/api/v1/admin/chefs/:id'),
  replaceAvailability: route<typeof contract.chefs.replaceAvailability>(
    'PUT',
    '/api/v1/admin/chefs/:id/availability',
  ),
  requestTimeOff: route<typeof contract.chefs.requestTimeOff>(
    'POST',
    '/api/v1/admin/chefs/:id/time-off',
  ),
  listTimeOff: route<typeof contract.chefs.listTimeOff>('GET', '/api/v1/admin/time-off'),
  approveTimeOff: route<typeof contract.chefs.approveTimeOff>(
    'POST',
    '/api/v1/admin/time-off/:id/approve',
  ),
  rejectTimeOff: route<typeof contract.chefs.rejectTimeOff>(
    'POST',
    '/api/v1/admin/time-off/:id/reject',
  ),
  bookingChefs: route<typeof contract.chefs.bookingChefs>(
    'GET',
    '/api/v1/admin/bookings/:id/chefs',
  ),
  assignChefs: route<typeof contract.chefs.assignChefs>('PUT', '/api/v1/admin/bookings/:id/chefs'),
};

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
  call(chefRoutes.list, {
    query: {
      includeInactive: params.includeInactive ? 'true' : undefined,
      cursor: params.cursor || undefined,
      limit: 50,
    },
  });

export const getChef = (id: string) => call(chefRoutes.detail, { params: { id } });

export const createChef = (body: RouteBody<typeof contract.chefs.create>) =>
  call(chefRoutes.create, { body });

export const updateChef = (id: string, body: ChefUpdate) =>
  call(chefRoutes.update, { params: { id }, body });

export const replaceAvailability = (
  id: string,
  body: RouteBody<typeof contract.chefs.replaceAvailability>,
) => call(chefRoutes.replaceAvailability, { params: { id }, body });

export const requestTimeOff = (
  chefId: string,
  body: RouteBody<typeof contract.chefs.requestTimeOff>,
) => call(chefRoutes.requestTimeOff, { params: { id: chefId }, body });

export const listTimeOff = (status: TimeOffStatus) =>
  call(chefRoutes.listTimeOff, { query: { status } });

export const decideTimeOff = (id: string, decision: 'approve' | 'reject', note: string) =>
  call(decision === 'approve' ? chefRoutes.approveTimeOff : chefRoutes.rejectTimeOff, {
    params: { id },
    body: note.trim() ? { note: note.trim() } : {},
  });

export const getBookingChefs = (bookingId: string) =>
  call(chefRoutes.bookingChefs, { params: { id: bookingId } });

export const setBookingChefs = (bookingId: string, chefIds: string[]) =>
  call(chefRoutes.assignChefs, { params: { id: bookingId }, body: { chefIds } });
