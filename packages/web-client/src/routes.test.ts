import { contract, type RouteDefinition } from '@teppan/core/contract';
import { describe, expect, it } from 'vitest';
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
});
