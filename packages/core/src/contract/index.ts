import { routeKey, type RouteDefinition } from './define-route.ts';
import { adminContract } from './admin.ts';
import { agreementsContract } from './agreements.ts';
import { availabilityContract } from './availability.ts';
import { bookingsContract } from './bookings.ts';
import { chefsContract } from './chefs.ts';
import { conversationsContract } from './conversations.ts';
import { customersContract } from './customers.ts';
import { dashboardContract } from './dashboard.ts';
import { leadsContract } from './leads.ts';
import { opsContract } from './ops.ts';
import { paymentsContract } from './payments.ts';
import { quotesContract } from './quotes.ts';
import { settingsAdminContract } from './settings-admin.ts';
import { settingsContract } from './settings.ts';
import { staffContract } from './staff.ts';
import { webContract } from './web.ts';

export * from './define-route.ts';
export * from './admin.ts';
export * from './agreements.ts';
export * from './availability.ts';
export * from './bookings.ts';
export * from './chefs.ts';
export * from './conversations.ts';
export * from './customers.ts';
export * from './dashboard.ts';
export * from './leads.ts';
export * from './ops.ts';
export * from './payments.ts';
export * from './quotes.ts';
export * from './settings-admin.ts';
export * from './settings.ts';
export * from './staff.ts';
export * from './web.ts';

/**
 * Every area's routes, one line per area. A route under /api/v1/ registers only from an
 * entry listed here (apps/server/src/lib/contract-route.ts).
 */
export const contract = {
  agreements: agreementsContract,
  availability: availabilityContract,
  bookings: bookingsContract,
  conversations: conversationsContract,
  ops: opsContract,
  payments: paymentsContract,
  quotes: quotesContract,
  settings: settingsContract,
  web: webContract,
  admin: adminContract,
  dashboard: dashboardContract,
  chefs: chefsContract,
  customers: customersContract,
  leads: leadsContract,
  settingsAdmin: settingsAdminContract,
  staff: staffContract,
} as const satisfies Record<string, Record<string, RouteDefinition>>;

/**
 * Method and path per area and name (`bookings.get` → GET /api/v1/bookings/:id): what
 * `@teppan/web-client`'s `routes.json` holds, written by `npm run openapi`.
 */
export function contractRouteTable(
  registry: Record<string, Record<string, RouteDefinition>> = contract,
): Record<string, Record<string, { method: string; path: string }>> {
  return Object.fromEntries(
    Object.entries(registry).map(([area, entries]) => [
      area,
      Object.fromEntries(
        Object.entries(entries).map(([name, e]) => [name, { method: e.method, path: e.path }]),
      ),
    ]),
  );
}

/** Every entry by its key (`POST /api/v1/quotes`). */
export function contractEntries(
  registry: Record<string, Record<string, RouteDefinition>> = contract,
): ReadonlyMap<string, RouteDefinition> {
  const entries = new Map<string, RouteDefinition>();
  for (const [area, routes] of Object.entries(registry))
    for (const [name, entry] of Object.entries(routes)) {
      const key = routeKey(entry);
      if (entries.has(key)) throw new Error(`${key} is in the contract twice (${area}.${name})`);
      entries.set(key, entry);
    }
  return entries;
}
