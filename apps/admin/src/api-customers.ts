import type { contract, RouteQuery, RouteResponse } from '@teppan/core/contract';
import { route } from '@teppan/web-client';

/** The CRM's customer routes (contract.customers): method and path, typed by the contract. */
export const customerRoutes = {
  list: route<typeof contract.customers.list>('GET', '/api/v1/admin/customers'),
  detail: route<typeof contract.customers.detail>('GET', '/api/v1/admin/customers/:id'),
};

type CustomerDetail = RouteResponse<typeof contract.customers.detail>;
export type ConsentInForce = CustomerDetail['consents']['inForce'][number];

/** The list's filters as the URL keeps them ('' = no filter) as the list route's query. */
export function customerListQuery(
  filters: { q: string; stationId: string },
  page: { cursor: string | undefined; limit: number },
): RouteQuery<typeof contract.customers.list> {
  return { q: filters.q || undefined, stationId: filters.stationId || undefined, ...page };
}
