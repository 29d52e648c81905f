import { routeKey, type RouteDefinition } from './define-route.ts';
import { quotesContract } from './quotes.ts';

export * from './define-route.ts';
export * from './quotes.ts';

/**
 * Every area's routes, one line per area. A route under /api/v1/ registers only from an
 * entry listed here (apps/server/src/lib/contract-route.ts).
 */
export const contract = {
  quotes: quotesContract,
} as const satisfies Record<string, Record<string, RouteDefinition>>;

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
