import type { contract, RouteQuery, RouteResponse } from '@teppan/core/contract';

type CustomerDetail = RouteResponse<typeof contract.customers.detail>;
export type ConsentInForce = CustomerDetail['consents']['inForce'][number];

/** The list's filters as the URL keeps them ('' = no filter) as the list route's query. */
export function customerListQuery(
  filters: { q: string; stationId: string },
  page: { cursor: string | undefined; limit: number },
): RouteQuery<typeof contract.customers.list> {
  return { q: filters.q || undefined, stationId: filters.stationId || undefined, ...page };
}
