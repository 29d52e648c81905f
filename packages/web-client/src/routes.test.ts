import { contract, type RouteDefinition } from '@teppan/core/contract';
import type { SlotTime } from '@teppan/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CallResult, RouteRef } from './index.ts';
import { routes } from './routes.ts';

describe('routes', () => {
  it('holds every contract entry with its method and path, and nothing else', () => {
    const registry: Record<string, Record<string, RouteDefinition>> = contract;
    const expected: Record<string, Record<string, { method: string; path: string }>> = {};
    for (const [area, entries] of Object.entries(registry)) {
      expected[area] = {};
      for (const [name, entry] of Object.entries(entries))
        expected[area][name] = { method: entry.method, path: entry.path };
    }
    expect(routes).toEqual(expected);
    expect(routes.bookings.get).toEqual({ method: 'GET', path: '/api/v1/bookings/:id' });
  });

  // The drift issue F6 found (the site's settings without `brand`; `slot` typed one way by
  // the site and another by the panel) cannot recur: both apps name these answers from here.
  it('types every reference from its contract entry', () => {
    expectTypeOf(routes.bookings.get).toEqualTypeOf<RouteRef<typeof contract.bookings.get>>();
    type Settings = CallResult<typeof routes.settings.get>;
    expectTypeOf<Settings>().toHaveProperty('brand');
    type Slot = CallResult<typeof routes.availability.range>['days'][number]['slots'][number];
    expectTypeOf<Slot['slot']>().toEqualTypeOf<SlotTime>();
    expect(routes.settings.get.path).toBe('/api/v1/settings');
  });
});
