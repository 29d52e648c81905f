import type { contract, RouteBody, RouteQuery, RouteResponse } from '@teppan/core/contract';
import { route } from '@teppan/web-client';

/**
 * The routes of the bookings, calendar, inbox and audit screens. References carry only the
 * method and path at runtime (the contract's schemas stay out of the bundle); their types
 * come from the contract.
 */
export const bookingRoutes = {
  list: route<typeof contract.admin.bookings>('GET', '/api/v1/admin/bookings'),
  csv: route<typeof contract.admin.bookingsCsv>('GET', '/api/v1/admin/bookings.csv'),
  get: route<typeof contract.admin.booking>('GET', '/api/v1/admin/bookings/:id'),
  patch: route<typeof contract.admin.patchBooking>('PATCH', '/api/v1/admin/bookings/:id'),
  recordPayment: route<typeof contract.admin.recordPayment>(
    'POST',
    '/api/v1/admin/bookings/:id/payments',
  ),
  requestCancellation: route<typeof contract.admin.requestCancellation>(
    'POST',
    '/api/v1/admin/bookings/:id/cancellation-request',
  ),
  approveCancellation: route<typeof contract.admin.approveCancellation>(
    'POST',
    '/api/v1/admin/bookings/:id/cancellation-request/approve',
  ),
  rejectCancellation: route<typeof contract.admin.rejectCancellation>(
    'POST',
    '/api/v1/admin/bookings/:id/cancellation-request/reject',
  ),
  changeStatus: route<typeof contract.bookings.changeStatus>('POST', '/api/v1/bookings/:id/status'),
  confirmPayment: route<typeof contract.bookings.confirmPayment>(
    'POST',
    '/api/v1/payments/:id/confirm',
  ),
  availability: route<typeof contract.availability.range>('GET', '/api/v1/availability'),
  settings: route<typeof contract.settings.get>('GET', '/api/v1/settings'),
};

export const auditRoutes = {
  list: route<typeof contract.admin.audit>('GET', '/api/v1/admin/audit'),
};

export const inboxRoutes = {
  list: route<typeof contract.conversations.inbox>('GET', '/api/v1/admin/conversations'),
  get: route<typeof contract.conversations.inboxDetail>('GET', '/api/v1/admin/conversations/:id'),
  takeOver: route<typeof contract.conversations.takeOver>(
    'POST',
    '/api/v1/admin/conversations/:id/take-over',
  ),
  reply: route<typeof contract.conversations.reply>(
    'POST',
    '/api/v1/admin/conversations/:id/reply',
  ),
  handBack: route<typeof contract.conversations.handBack>(
    'POST',
    '/api/v1/admin/conversations/:id/hand-back',
  ),
};

/** A page of the bookings list: the staff view, or a chef's (no amounts). */
export type BookingPage = RouteResponse<typeof contract.admin.bookings>;

export type BookingListItem = BookingPage['items'][number];

/** The booking detail: the staff view, or a chef's (no money, payments, policies or messages). */
export type BookingDetail = RouteResponse<typeof contract.admin.booking>;

export type StaffBookingDetail = Extract<BookingDetail, { totalCents: number }>;

export type PaymentView = StaffBookingDetail['payments'][number];

/** The staff view of a booking; undefined for a chef's view, which declares no amount. */
export function staffView(booking: BookingDetail): StaffBookingDetail | undefined {
  return 'totalCents' in booking ? booking : undefined;
}

export type BookingPatch = RouteBody<typeof contract.admin.patchBooking>;

export type ManualPayment = RouteBody<typeof contract.admin.recordPayment>;

export type Availability = RouteResponse<typeof contract.availability.range>;

export type SlotView = Availability['days'][number]['slots'][number];

/** GET /api/v1/settings: the public settings (the edit form reads the protein menu). */
export type PublicSettings = RouteResponse<typeof contract.settings.get>;

export type AuditPage = RouteResponse<typeof contract.admin.audit>;

export type InboxStatus = NonNullable<RouteQuery<typeof contract.conversations.inbox>['status']>;

export type InboxDetail = RouteResponse<typeof contract.conversations.inboxDetail>;

export type InboxMessage = InboxDetail['messages'][number];

export type InboxReply = RouteBody<typeof contract.conversations.reply>;

/**
 * One tool call of the assistant. The inbox detail types a message's `toolCalls` as unknown;
 * the shape is the assistant turn's (the contract could declare it on the detail too).
 */
export type InboxToolCall = RouteResponse<typeof contract.conversations.send>['toolCalls'][number];
