import { databaseFailureOf } from '@teppan/db';
import type { Database } from '@teppan/db';
import type { FieldCrypto } from '@teppan/db/field-crypto';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestAsyncHookHandler,
  RouteOptions,
} from 'fastify';
import type { Config } from '../../config.ts';
import type { Logger } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { sessionTokenOf } from '../staff/require-staff.ts';
import { clientNetworkOf } from './client-network.ts';
import { RateLimitsRepository } from './rate-limits.repository.ts';
import { SharedWindowLimiter, WindowCounters, type RateLimiter } from './shared-window-limiter.ts';

/**
 * SPEC §14 rate limits, counted in PostgreSQL so every instance shares them
 * (docs/decisions/0015-shared-rate-limits.md).
 * - `staff`: the staff API, per signed-in staff member (or API key).
 * - `public-write` / `public-read`: other routes under /api/v1, per client network.
 * - `chat`: conversation starts and chat messages, per client network. The assistant's own
 *   limit per conversation lives in ConversationsService and is not counted here.
 */
export type RateLimitScope = 'staff' | 'public-write' | 'public-read' | 'chat';

const WINDOW_MS = 60_000;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const READ_METHODS = new Set(['GET', 'HEAD']);

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
 * The assistant's doors: one per-IP bucket for starts and messages, so opening many
 * conversations does not multiply the per-conversation limit.
 */
const CHAT_ROUTES = new Set([
  'POST /api/v1/conversations',
  'POST /api/v1/conversations/:id/messages',
]);

/**
 * Which limit a route falls under, decided once when it registers. Nothing outside /api/v1
 * (the web apps' files, /healthz, /readyz, /metrics, /api/docs) and no provider webhook
 * (signed, from a few addresses) is limited.
 */
export function rateLimitScopeOf(route: { method: string; url: string }): RateLimitScope | null {
  const key = `${route.method} ${route.url}`;
  if (route.url.startsWith('/api/v1/admin/')) return 'staff';
  if (route.url.startsWith('/api/v1/staff/'))
    return PUBLIC_STAFF_ROUTES.has(key) ? 'public-write' : 'staff';
  if (STAFF_ACTION_ROUTES.has(key)) return 'staff';
  if (!route.url.startsWith('/api/v1/') || route.url.endsWith('/webhook')) return null;
  if (CHAT_ROUTES.has(key)) return 'chat';
  if (READ_METHODS.has(route.method)) return 'public-read';
  if (WRITE_METHODS.has(route.method)) return 'public-write';
  return null;
}

const RETRY_WHEN_STORE_FAILS_SECONDS = 5;

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
 * every plugin). Public scopes count on request, before the body is read. Staff requests are
 * counted once the guard knows who is calling: in preValidation for admin routes (guarded on
 * request), else after the route's own preHandler guard; a refused caller is never counted
 * against anyone.
 */
export function installRateLimits(
  app: FastifyInstance,
  deps: {
    config: Config;
    db: Database;
    fieldCrypto: FieldCrypto;
    logger: Logger;
    now: () => Date;
  },
): Record<RateLimitScope, RateLimiter> {
  const counters = new WindowCounters({
    store: new RateLimitsRepository(deps.db),
    windowMs: WINDOW_MS,
    onSweepError: (error) =>
      deps.logger.warn({ err: error }, 'rate-limit sweep failed; the next one retries'),
  });
  // 128 bits of a keyed hash: no IP, token or id is stored, and the pepper stops anyone with
  // the table from testing guesses.
  const bucketOf = (scopedKey: string) =>
    deps.fieldCrypto.keyedHash('rate-limit', scopedKey).slice(0, 32);
  const limiter = (scope: RateLimitScope, limit: number) =>
    new SharedWindowLimiter({
      scope,
      limit,
      windowMs: WINDOW_MS,
      now: deps.now,
      counters,
      bucketOf,
    });
  const { rateLimits } = deps.config;
  const limiters: Record<RateLimitScope, RateLimiter> = {
    staff: limiter('staff', rateLimits.staffPerMinute),
    'public-write': limiter('public-write', rateLimits.publicWritesPerMinute),
    'public-read': limiter('public-read', rateLimits.publicReadsPerMinute),
    chat: limiter('chat', rateLimits.chatPerMinute),
  };
  const counted = new WeakSet<FastifyRequest>();

  const count = async (hit: {
    request: FastifyRequest;
    reply: FastifyReply;
    scope: RateLimitScope;
    key: string;
  }) => {
    counted.add(hit.request);
    let decision;
    try {
      decision = await limiters[hit.scope].hit(hit.key);
    } catch (error) {
      // Fail closed (ADR 0015): every limited route needs the database anyway, and letting a
      // flood through exactly when the database struggles would only deepen the trouble.
      hit.request.log.warn({ err: error }, 'rate-limit store unavailable');
      // A busy or unreachable database answers like every other route then (503
      // DATABASE_TIMEOUT / DATABASE_UNAVAILABLE from the one error handler).
      if (databaseFailureOf(error)) throw error;
      void hit.reply.header('retry-after', String(RETRY_WHEN_STORE_FAILS_SECONDS));
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'We cannot take this request right now. Please try again in a few seconds.',
      );
    }
    void hit.reply
      .header('x-ratelimit-limit', String(decision.limit))
      .header('x-ratelimit-remaining', String(decision.remaining));
    if (!decision.isAllowed)
      refuse(hit.reply, { scope: hit.scope, retryAfter: decision.retryAfterSeconds });
  };

  const countPerNetwork =
    (scope: RateLimitScope): onRequestAsyncHookHandler =>
    async (request, reply) => {
      if (counted.has(request)) return;
      await count({ request, reply, scope, key: `ip:${clientNetworkOf(request.ip)}` });
    };
  const perNetwork = {
    'public-write': countPerNetwork('public-write'),
    'public-read': countPerNetwork('public-read'),
    chat: countPerNetwork('chat'),
  };

  // Early: the admin guards run on request, so the staff member is known before validation
  // and a flood of invalid bodies is counted too.
  const countStaffEarly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!counted.has(request) && request.staff)
      await count({ request, reply, scope: 'staff', key: `staff:${request.staff.id}` });
  };

  // Late: after the route's own preHandler guard. Staff actions on public paths authorize in
  // the handler; there the Bearer key (or, failing that, the session) is the identity.
  const countStaffLate = async (request: FastifyRequest, reply: FastifyReply) => {
    if (counted.has(request)) return;
    if (request.staff)
      return count({ request, reply, scope: 'staff', key: `staff:${request.staff.id}` });
    const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (bearer) return count({ request, reply, scope: 'staff', key: `key:${bearer}` });
    const session = sessionTokenOf(request);
    if (session) return count({ request, reply, scope: 'staff', key: `session:${session}` });
  };

  app.addHook('onRoute', (route: RouteOptions) => {
    for (const method of asArray(route.method)) {
      const scope = rateLimitScopeOf({ method, url: route.url });
      if (scope === null) continue;
      if (scope === 'staff') {
        route.preValidation = [countStaffEarly, ...asArray(route.preValidation)];
        route.preHandler = [...asArray(route.preHandler), countStaffLate];
      } else {
        route.onRequest = [perNetwork[scope], ...asArray(route.onRequest)];
      }
      return;
    }
  });
  return limiters;
}
