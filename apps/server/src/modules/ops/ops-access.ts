import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { isSameDigest, sha256Hex } from '../staff/staff-secrets.ts';

type OnRequestGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export const bearerOf = (request: FastifyRequest): string | undefined =>
  request.headers.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];

const isSameSecret = (given: string, expected: string): boolean =>
  isSameDigest(sha256Hex(given), sha256Hex(expected));

/** `Authorization: Bearer <secret>` or 401: what a Prometheus scrape config sends. */
export function requireBearer(options: { secret: string; realm: string }): OnRequestGuard {
  return async (request, reply) => {
    const given = bearerOf(request);
    if (given && isSameSecret(given, options.secret)) return;
    void reply.header('www-authenticate', `Bearer realm="${options.realm}"`);
    throw new AppError('UNAUTHORIZED', `This endpoint needs the ${options.realm} token.`);
  };
}

/**
 * Staff-only operator pages: a signed-in staff member (any role; the session cookie goes
 * along with a browser visit) or the operator key STAFF_API_KEY. Integrations read the
 * committed docs/openapi.json instead.
 */
export function requireStaffOrOperator(container: Container): OnRequestGuard {
  const operatorKey = container.config.staffApiKey;
  const signedIn = container.staff.requireStaff('authenticated');
  return async (request, reply) => {
    const given = bearerOf(request);
    if (given) {
      if (operatorKey && isSameSecret(given, operatorKey)) return;
      throw new AppError('UNAUTHORIZED', 'This key is not valid here.');
    }
    await signedIn.call(request.server, request, reply);
  };
}

/**
 * The OpenAPI UI at /api/docs with its JSON and YAML documents, open, staff-only or absent
 * (config API_DOCS). The guard sits on the plugin around the UI, so it covers every route
 * the UI registers, its static files included.
 */
export async function registerApiDocs(app: FastifyInstance, container: Container): Promise<void> {
  const access = container.config.apiDocs;
  if (access === 'off') return;
  await app.register(async (docs) => {
    if (access === 'staff') docs.addHook('onRequest', requireStaffOrOperator(container));
    await docs.register(swaggerUi, { routePrefix: '/api/docs' });
  });
}
