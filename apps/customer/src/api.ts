import type { QuoteRequest, TravelSource } from '@teppan/core';
import type { contract, RouteBody, RouteResponse } from '@teppan/core/contract';
import { createClient, routes } from '@teppan/web-client';

export { ApiError, errorMessage } from '@teppan/web-client';

/** The site's one client (same origin); every error is an `ApiError`. */
export const { call } = createClient();

/** The manage token as the booking routes take it. */
export function tokenHeaders(token: string | undefined): Record<string, string> {
  return token ? { 'x-booking-token': token } : {};
}

/** GET /api/v1/settings: the public subset of the station settings. */
export type PublicSettings = RouteResponse<typeof contract.settings.get>;

/** GET /api/v1/agreements/current: the text to sign and the hash to send with the signature. */
export type AgreementView = RouteResponse<typeof contract.agreements.current>;

/** POST /api/v1/bookings/:id/pay: where to send the browser to pay by card. */
export type PayResult = RouteResponse<typeof contract.payments.pay>;

/** POST /api/v1/quotes as the site sends it (the schema's output: every count present). */
export type QuoteRequestBody = QuoteRequest;

export type MenuCounts = Pick<QuoteRequestBody, 'proteins' | 'extraProteins' | 'addons'>;

type QuoteResponse = RouteResponse<typeof contract.quotes.create>;

/**
 * POST /api/v1/quotes. The contract types `travel.source` as a string and `proteinSelection`
 * as unknown; the site reads both, so they are narrowed here (tighten the contract to drop this).
 */
export type ServerQuote = Omit<QuoteResponse, 'travel' | 'proteinSelection'> & {
  travel: QuoteResponse['travel'] & { source: TravelSource };
  proteinSelection: { required: number; selected: number; status: string; message?: string };
};

export async function fetchQuote(
  body: QuoteRequestBody,
  signal?: AbortSignal,
): Promise<ServerQuote> {
  return (await call(routes.quotes.create, { body, ...(signal ? { signal } : {}) })) as ServerQuote;
}

export type Availability = RouteResponse<typeof contract.availability.range>;

export type SlotView = Availability['days'][number]['slots'][number];

export type HoldView = RouteResponse<typeof contract.bookings.hold>;

export type BookingView = RouteResponse<typeof contract.bookings.get>;

export type PaymentView = BookingView['payments'][number];

/** SPEC §4: the deadline in force and what the customer said about an offline payment. */
export type DepositDue = NonNullable<BookingView['depositDue']>;

export type DepositResult = RouteResponse<typeof contract.bookings.deposit>;

/** How the customer pays the deposit (POST /api/v1/holds/:id/deposit). */
export type DepositMethod = NonNullable<RouteBody<typeof contract.bookings.deposit>>['method'];
