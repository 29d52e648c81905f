import { createHash } from 'node:crypto';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestAsyncHookHandler,
  RouteOptions,
} from 'fastify';
import type { Config } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { sessionTokenOf } from '../staff/require-staff.ts';
import { FixedWindowLimiter } from './fixed-window-limiter.ts';

/**
 * SPEC §14 rate limits. `staff`: the staff API, per signed-in staff member (or API key).
 * `public`: the public write routes, per client IP. The assistant's own limit (10 messages a
 * minute per conversation) lives in ConversationsService and is not counted here.
 *
 * The counters are per process (in memory), not shared through PostgreSQL: see
 * docs/decisions/0008-rate-limits.md for why and what that means with several instances.
 */
export type RateLimitScope = 'staff' | 'public';

const WINDOW_MS = 60_000;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Staff module routes anyone may call (sign-in, password reset, invitations): per IP. */
const PUBLIC_STAFF_ROUTES = new Set([
  'POST /api/v1/staff/auth/login',
  'POST /api/v1/staff/auth/password-reset/request',
  'POST /api/v1/staff/auth/password-reset/confirm',
  'POST /api/v1/staff/invitations/accept',
]);

/** Staff actions on public paths (session or Bearer key): the staff limit applies. */
const STAFF_ACTION_ROUTES = new Set([
  'POST /api/v1/bookings/:id/status',
  'POST /api/v1/payments/:id/confirm',
]);

/**
 * Public writes that are not limited per IP: provider webhooks come from a few signed
 * sources, and chat messages already have their per-conversation limit.
 */
const UNLIMITED_PUBLIC_WRITES = new Set(['POST /api/v1/conversations/:id/messages']);

/** Which limit a route falls under, decided once when it registers. */
export function rateLimitScopeOf(route: { method: string; url: string }): RateLimitScope | null {
  const key = `${route.method} ${route.url}`;
  if (route.url.startsWith('/api/v1/admin/')) return 'staff';
  if (route.url.startsWith('/api/v1/staff/'))
    return PUBLIC_STAFF_ROUTES.has(key) ? 'public' : 'staff';
  if (STAFF_ACTION_ROUTES.has(key)) return 'staff';
  if (!route.url.startsWith('/api/v1/') || !WRITE_METHODS.has(route.method)) return null;
  if (route.url.endsWith('/webhook') || UNLIMITED_PUBLIC_WRITES.has(key)) return null;
  return 'public';
}

const shortHash = (value: string) =>
  createHash('sha256').update(value).digest('base64url').slice(0, 22);

function refuse(reply: FastifyReply, options: { scope: RateLimitScope; retryAfter: number }) {
  void reply.header('retry-after', String(options.retryAfter));
  const who = options.scope === 'staff' ? 'for your account' : 'from your network';
  throw new AppError(
    'RATE_LIMITED',
    `Too many requests ${who}. Please wait ${options.retryAfter} seconds and try again.`,
    { scope: options.scope, retryAfterSeconds: options.retryAfter },
  );
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Adds the limits to every route registered after this call (the root's onRoute hook reaches
 * every plugin). Staff requests are counted once the guard knows who is calling: in
 * preValidation for admin routes (guarded on request), else after the route's own
 * preHandler guard; a refused caller is never counted against anyone.
 */
export function installRateLimits(
  app: FastifyInstance,
  options: { config: Config; now: () => Date },
): { staff: FixedWindowLimiter; public: FixedWindowLimiter } {
  const limiters = {
    staff: new FixedWindowLimiter({
      limit: options.config.rateLimits.staffPerMinute,
      windowMs: WINDOW_MS,
      now: options.now,
    }),
    public: new FixedWindowLimiter({
      limit: options.config.rateLimits.publicPerMinute,
      windowMs: WINDOW_MS,
      now: options.now,
    }),
  };
  const counted = new WeakSet<FastifyRequest>();

  const count = (hit: {
    request: FastifyRequest;
    reply: FastifyReply;
    scope: RateLimitScope;
    key: string;
  }) => {
    counted.add(hit.request);
    const decision = limiters[hit.scope].hit(hit.key);
    void hit.reply
      .header('x-ratelimit-limit', String(decision.limit))
      .header('x-ratelimit-remaining', String(decision.remaining));
    if (!decision.isAllowed)
      refuse(hit.reply, { scope: hit.scope, retryAfter: decision.retryAfterSeconds });
  };

  const countPublic: onRequestAsyncHookHandler = async (request, reply) => {
    count({ request, reply, scope: 'public', key: `ip:${request.ip}` });
  };

  // Early: the admin guards run on request, so the staff member is known before validation
  // and a flood of invalid bodies is counted too.
  const countStaffEarly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!counted.has(request) && request.staff)
      count({ request, reply, scope: 'staff', key: `staff:${request.staff.id}` });
  };

  // Late: after the route's own preHandler guard. Staff actions on public paths authorize in
  // the handler; there the Bearer key (or, failing that, the session) is the identity.
  const countStaffLate = async (request: FastifyRequest, reply: FastifyReply) => {
    if (counted.has(request)) return;
    if (request.staff)
      return count({ request, reply, scope: 'staff', key: `staff:${request.staff.id}` });
    const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (bearer) return count({ request, reply, scope: 'staff', key: `key:${shortHash(bearer)}` });
    const session = sessionTokenOf(request);
    if (session)
      return count({ request, reply, scope: 'staff', key: `session:${shortHash(session)}` });
  };

  app.addHook('onRoute', (route: RouteOptions) => {
    for (const method of asArray(route.method)) {
      const scope = rateLimitScopeOf({ method, url: route.url });
      if (scope === 'public') {
        route.onRequest = [countPublic, ...asArray(route.onRequest)];
        return;
      }
      if (scope === 'staff') {
        route.preValidation = [countStaffEarly, ...asArray(route.preValidation)];
        route.preHandler = [...asArray(route.preHandler), countStaffLate];
        return;
      }
    }
  });
  return limiters;
}
