import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { assertApiKeyMay } from './api-keys.service.ts';
import { canSeeStation, type Permission } from './permissions.ts';
import type { StaffModule } from './staff.module.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Every staff action outside the admin API, with its permission. `authorizeStaffAction`
 * takes a key of this table, so an action cannot exist without a rule, and the chef-view
 * test walks it together with the admin and staff route tables.
 */
export const staffActionAccess = {
  'POST /api/v1/bookings/:id/status': { permission: 'bookings.status' },
  'POST /api/v1/bookings/:id/on-my-way': { permission: 'bookings.status' },
  'POST /api/v1/payments/:id/confirm': { permission: 'payments.confirm' },
} as const satisfies Record<string, { permission: Permission }>;

export type StaffActionRoute = keyof typeof staffActionAccess;

/**
 * Who may perform a staff action outside the staff module's own routes: a signed-in staff
 * member with the permission (session + CSRF, station-scoped), an integration API key
 * (within its scopes and what its creator may do, station-scoped when the key is), or the
 * operator key STAFF_API_KEY. Returns the actor
 * recorded in the audit log.
 */
export async function authorizeStaffAction(input: {
  request: FastifyRequest;
  reply: FastifyReply;
  staff: StaffModule;
  operatorKey: string | undefined;
  route: StaffActionRoute;
  stationOf: () => Promise<string>;
}): Promise<string> {
  const { request } = input;
  const { permission } = staffActionAccess[input.route];
  const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (bearer) {
    if (input.operatorKey && timingSafeEqual(digest(input.operatorKey), digest(bearer)))
      return 'operator:api-key';
    const key = await input.staff.verifyApiKey(bearer);
    if (!key) throw new AppError('UNAUTHORIZED', 'This API key is not valid.');
    await assertApiKeyMay(key, { permission, stationOf: input.stationOf });
    return `apikey:${key.keyId}`;
  }
  // The guard is a preHandler; it needs no Fastify instance as `this`.
  await input.staff.requireStaff(permission).call(request.server, request, input.reply);
  const principal = request.staff;
  if (!principal) throw new AppError('UNAUTHORIZED');
  if (!canSeeStation(principal, await input.stationOf()))
    throw new AppError('FORBIDDEN', 'You do not have access to this station.');
  return `staff:${principal.id}`;
}
