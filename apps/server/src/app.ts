import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import { errorCatalogue, type ErrorBody, type ErrorCode } from '@teppan/core';
import { databaseFailureOf } from '@teppan/db';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Container } from './container.ts';
import { AppError, isAppError } from './errors.ts';
import { guardContractRegistration } from './lib/contract-route.ts';
import { loggerOptions } from './lib/log-redaction.ts';
import { logDestination } from './lib/pretty-log.ts';
import { installSecurityHeaders } from './lib/security-headers.ts';
import { adminRoutes } from './modules/admin/admin.routes.ts';
import { chefsRoutes } from './modules/chefs/chefs.routes.ts';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.ts';
import { customersRoutes } from './modules/customers/customers.routes.ts';
import { leadsRoutes } from './modules/leads/leads.routes.ts';
import { conversationsRoutes } from './modules/conversations/conversations.routes.ts';
import { availabilityRoutes } from './modules/availability/availability.routes.ts';
import { bookingsRoutes } from './modules/bookings/bookings.routes.ts';
import { agreementsRoutes } from './modules/agreements/agreements.routes.ts';
import { opsRoutes } from './modules/ops/ops.routes.ts';
import { registerApiDocs } from './modules/ops/ops-access.ts';
import { paymentsRoutes } from './modules/payments/payments.routes.ts';
import { quotesRoutes } from './modules/quotes/quotes.routes.ts';
import { settingsRoutes } from './modules/settings/settings.routes.ts';
import { settingsAdminRoutes } from './modules/settings/settings-admin.routes.ts';
import { webRoutes } from './modules/web/web.routes.ts';
import { webAdminRoutes } from './modules/web-admin/web-admin.routes.ts';
import { adminRouteAccess, guardAdminRouteRegistration } from './modules/admin/admin-access.ts';
import { staffActionAccess } from './modules/staff/staff-action.ts';
import { installRateLimits } from './modules/rate-limits/rate-limits.ts';
import { trustProxyOption } from './modules/rate-limits/client-network.ts';

export const BODY_LIMIT_BYTES = 256 * 1024;

const DATABASE_RETRY_AFTER_SECONDS = 2;

// Where log redaction lives; re-exported for the callers that imported it from here.
export { logRedactPaths } from './lib/log-redaction.ts';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,128}$/;

function errorBody(
  code: ErrorCode,
  requestId: string,
  message?: string,
  details?: unknown,
): ErrorBody {
  return {
    error: {
      code,
      message: message ?? errorCatalogue[code].message,
      ...(details === undefined ? {} : { details }),
    },
    requestId,
  };
}

/** Fastify's own errors (body parsing, limits) mapped onto the stable catalogue. */
function frameworkErrorCode(error: FastifyError): ErrorCode | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'INVALID_JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'PAYLOAD_TOO_LARGE';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'UNSUPPORTED_MEDIA_TYPE';
    default:
      break;
  }
  if (error instanceof SyntaxError) return 'INVALID_JSON';
  if (error.statusCode === 413) return 'PAYLOAD_TOO_LARGE';
  if (error.statusCode === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return 'VALIDATION_FAILED';
  return null;
}

/** PostgreSQL text cannot hold U+0000; refuse it at the edge instead of failing in SQL. */
function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => containsNul(item, depth + 1));
  return Object.entries(value).some(
    ([key, item]) => key.includes('\u0000') || containsNul(item, depth + 1),
  );
}

function stripQueryToken(url: string): string {
  return url.replace(/([?&]token=)[^&]*/g, '$1[redacted]');
}

export async function buildApp(
  container: Container,
  options: { logger?: boolean; logStream?: NodeJS.WritableStream; logLevel?: string } = {},
): Promise<FastifyInstance> {
  const { config } = container;
  // Readable lines in development, JSON elsewhere (lib/pretty-log.ts).
  const logStream =
    options.logger === false ? undefined : (options.logStream ?? logDestination(config.env));
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            // No personal data and no bearer ids in any line (lib/log-redaction.ts).
            ...loggerOptions({
              level: options.logLevel ?? config.logLevel,
              hasher: container.fieldCrypto,
            }),
            ...(logStream ? { stream: logStream } : {}),
          },
    bodyLimit: BODY_LIMIT_BYTES,
    // Which proxies may name the client (X-Forwarded-For): none unless TRUST_PROXY says so.
    trustProxy: trustProxyOption(config.trustProxy),
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { coerceTypes: false } },
    // Errors raised by the router before any route runs, in the same envelope as the rest.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const code: ErrorCode =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URI_TOO_LONG' : 'BAD_URL';
      void reply
        .header('x-request-id', request.id)
        .code(errorCatalogue[code].status)
        .send(errorBody(code, request.id));
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installSecurityHeaders(app, { isProduction: config.isProduction });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('preValidation', async (request) => {
    if (containsNul(request.body) || containsNul(request.query) || containsNul(request.params))
      throw new AppError('VALIDATION_FAILED', 'Text must not contain NUL (\\u0000) characters.');
  });
  app.addHook('onResponse', async (request, reply) => {
    container.metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        path: `${error.validationContext ?? 'body'}${issue.instancePath.replace(/\//g, '.')}`,
        message: issue.message ?? 'Invalid value.',
      }));
      const first = issues[0];
      const message = first ? `${first.path}: ${first.message}` : undefined;
      return reply.code(400).send(errorBody('VALIDATION_FAILED', request.id, message, { issues }));
    }
    if (isAppError(error)) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return reply
        .code(error.status)
        .send(errorBody(error.code, request.id, error.message, error.details));
    }
    const failure = databaseFailureOf(error);
    if (failure) {
      // Overload or an outage, not a bug: a stable 503 the client may retry, the cause logged.
      const dbCode: ErrorCode = failure === 'timeout' ? 'DATABASE_TIMEOUT' : 'DATABASE_UNAVAILABLE';
      request.log.warn({ err: error }, `database ${failure}`);
      return reply
        .code(errorCatalogue[dbCode].status)
        .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
        .send(errorBody(dbCode, request.id));
    }
    const code = frameworkErrorCode(error);
    if (code) return reply.code(errorCatalogue[code].status).send(errorBody(code, request.id));
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(errorBody('INTERNAL', request.id));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        errorBody(
          'ROUTE_NOT_FOUND',
          request.id,
          `There is no ${request.method} ${stripQueryToken(request.url.split('?')[0] ?? '')}.`,
        ),
      ),
  );

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Teppan API',
        version: '1.0.0',
        description:
          'Quotes, availability, holds and bookings for a mobile hibachi catering business. Errors: `{ error: { code, message, details? }, requestId }` with stable codes. Rate limits (SPEC §14, one-minute windows counted in the database, so every server instance shares them): the staff API (`/api/v1/admin/*`, `/api/v1/staff/*`, staff actions) allows STAFF_RATE_LIMIT_PER_MINUTE (default 100) requests a minute per staff member or API key; other write routes under `/api/v1` PUBLIC_RATE_LIMIT_PER_MINUTE (default 20) a minute per client IP (an IPv6 client by its /64), read routes PUBLIC_READ_RATE_LIMIT_PER_MINUTE (default 120); conversation starts and chat messages together CHAT_RATE_LIMIT_PER_MINUTE (default 30) a minute per client IP, and each conversation 10 messages a minute. The client IP is the address of the connection unless TRUST_PROXY names the proxies in front. Not limited: the web apps, health, metrics, docs and provider webhooks. Over a limit: 429 RATE_LIMITED with a `retry-after` header in seconds; `x-ratelimit-limit` and `x-ratelimit-remaining` on counted responses.',
      },
      servers: [{ url: config.publicBaseUrl }],
    },
    transform: jsonSchemaTransform,
  });
  await registerApiDocs(app, container);

  // Every /api/v1/admin/ route must be in the access table, or it cannot register.
  guardAdminRouteRegistration(app);
  // Every /api/v1/ route comes from the contract (packages/core/src/contract), its access
  // rule the same as the tables above, or it cannot register.
  guardContractRegistration(app, { admin: adminRouteAccess, staffAction: staffActionAccess });
  // SPEC §14 limits on every route registered below, shared by every instance (ADR 0015).
  installRateLimits(app, container);
  await app.register(opsRoutes(container));
  await app.register(settingsRoutes(container));
  await app.register(quotesRoutes(container));
  await app.register(availabilityRoutes(container));
  await app.register(bookingsRoutes(container));
  await app.register(agreementsRoutes(container));
  await app.register(paymentsRoutes(container));
  await app.register(container.staff.routes);
  await app.register(webRoutes());
  await app.register(webAdminRoutes());
  await app.register(adminRoutes(container));
  await app.register(chefsRoutes(container));
  await app.register(dashboardRoutes(container));
  await app.register(customersRoutes(container));
  await app.register(leadsRoutes(container));
  await app.register(settingsAdminRoutes(container));
  await app.register(conversationsRoutes(container));
  return app;
}
