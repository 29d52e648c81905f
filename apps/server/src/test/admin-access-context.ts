import type { InjectOptions } from 'fastify';
import type { TestApp } from './harness.ts';

/**
 * What the admin access test (modules/admin/admin-access.int.test.ts) hands each module's
 * request builders. Every builder returns one valid request for its route, touching station
 * A's data; it is called afresh for every caller, so a mutation gets a fresh target.
 */
export interface AccessContext {
  t: TestApp;
  stationA: string;
  stationB: string;
  /** A new booking of station A (pending deposit, unique date and slot), made via the API. */
  newBooking(): Promise<{ id: string; number: string; version: number; customerId: string }>;
  /** One booking of station A made once, for read routes. */
  sharedBooking: { id: string; number: string; version: number; customerId: string };
  /** A chef of station A. */
  chefA: string;
  /**
   * Ids of station A's records made for the walk (bookings, customers, conversations, …):
   * an admin of station B must never read one. Builders add what they make.
   */
  stationARecords: Set<string>;
}

export type AccessRequest = Omit<InjectOptions, 'method' | 'headers'> & { url: string };

export type AccessRequests<Key extends string> = Record<
  Key,
  (context: AccessContext) => AccessRequest | Promise<AccessRequest>
>;
