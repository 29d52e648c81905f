import type { contract, RouteDefinition } from '@teppan/core/contract';
import table from './routes.json' with { type: 'json' };
import type { RouteRef } from './index.ts';

type Registry = typeof contract;

/** Every entry of the contract as a reference: its method and path, typed from the entry. */
export type ContractRoutes = {
  readonly [A in keyof Registry]: {
    readonly [O in keyof Registry[A]]: Registry[A][O] extends RouteDefinition
      ? RouteRef<Registry[A][O]>
      : never;
  };
};

/**
 * `routes.bookings.get`, `routes.chefs.list`…: what `call` and `queryKey` take. The method and
 * path come from `routes.json`, which `npm run openapi` writes from the contract (and
 * `npm run openapi:check` proves current), so the apps' bundles carry no zod schema and no
 * app keeps a table of paths of its own.
 */
export const routes = table as unknown as ContractRoutes;
