import type { contract, RouteBody, RouteQuery, RouteResponse } from '@teppan/core/contract';

// The answers of the bookings, calendar, inbox and audit screens, named from the contract
// (their calls take `routes.admin.*`, `routes.chefs.*`… from @teppan/web-client).

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
