import { fileURLToPath } from 'node:url';
import { webContract } from '@teppan/core/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type FastifyPluginAsyncZod,
} from 'fastify-type-provider-zod';
import { AppError } from '../../errors.ts';
import { readBuiltIndex, registerHashedAssets } from '../../lib/built-site.ts';
import { registerRoute } from '../../lib/contract-route.ts';
import { appPageHeaders } from '../../lib/security-headers.ts';

/** The customer site's build output (`npm run build:web`). */
export const customerDistDir = fileURLToPath(
  new URL('../../../../customer/dist/', import.meta.url),
);

const bookingSteps = new Set([
  'venue',
  'date',
  'menu',
  'allergens',
  'contact',
  'agreement',
  'deposit',
  'confirmation',
]);
/** Fastify's default `maxParamLength`: longer segments are refused as URI_TOO_LONG. */
const MAX_PARAM_LENGTH = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A browser navigating (it names text/html in Accept; fetch and API clients ask for anything or JSON),
 * outside the API: a miss shows it the site's not-found page instead of the JSON envelope.
 */
function isBrowserPage(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  const pathname = request.url.split('?')[0] ?? '';
  return /\btext\/html\b/i.test(accept) && pathname !== '/api' && !pathname.startsWith('/api/');
}

/**
 * Serves the customer single-page app at `/`. Only the app's own routes fall back to
 * index.html with 200. Any other GET a browser navigates to (typos, an unknown step or id)
 * gets the same index.html with status 404, so the app shows its not-found page. Everything
 * else (the API, /healthz, /readyz, /metrics, any request that does not ask for HTML) keeps
 * the API's 404 envelope, so clients and the fuzz tests never get HTML where they expect JSON.
 * Without a build the plugin registers nothing and says how to build one.
 */
export function webRoutes(options: { distDir?: string } = {}): FastifyPluginAsyncZod {
  return async (app) => {
    const distDir = options.distDir ?? customerDistDir;
    const indexHtml = readBuiltIndex(app, { distDir, site: 'customer site' });
    if (!indexHtml) return;
    // The pages come from the contract (zod schemas), whatever instance mounts the plugin.
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);

    await registerHashedAssets(app, { distDir, prefix: '/assets/' });

    const headers = appPageHeaders({ referrerPolicy: 'no-referrer' });
    const sendIndex = (reply: FastifyReply) =>
      reply.headers(headers).type('text/html; charset=utf-8').send(indexHtml);

    const sendMiss = (request: FastifyRequest, reply: FastifyReply) =>
      isBrowserPage(request) ? sendIndex(reply.code(404)) : reply.callNotFound();

    // The router falls back to the catch-all below when a path segment is longer than a
    // route parameter may be; without it that was the router's URI_TOO_LONG, so keep it.
    const isOverlong = (request: FastifyRequest) =>
      (request.url.split('?')[0] ?? '')
        .split('/')
        .some((segment) => segment.length > MAX_PARAM_LENGTH);

    const page =
      (isKnown: (request: FastifyRequest) => boolean) =>
      async (request: FastifyRequest, reply: FastifyReply) =>
        isKnown(request) ? sendIndex(reply) : sendMiss(request, reply);

    // Unknown steps and ids are checked here, not by a params schema: they answer the API's
    // 404 envelope, not a validation error.
    const always = page(() => true);
    for (const entry of [webContract.home, webContract.menu, webContract.quote, webContract.book])
      registerRoute(app, entry, always);
    registerRoute(
      app,
      webContract.bookStep,
      page((request) => bookingSteps.has((request.params as { step: string }).step)),
    );
    const hasUuid = page((request) => UUID.test((request.params as { id: string }).id));
    // The link the assistant, the hold emails and staff send to finish a hold.
    registerRoute(app, webContract.bookHold, hasUuid);
    registerRoute(app, webContract.manage, hasUuid);
    // The lowest-priority route: only what nothing else (API, assets, admin panel) claims.
    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      if (!isBrowserPage(request) && isOverlong(request)) throw new AppError('URI_TOO_LONG');
      return sendMiss(request, reply);
    });
  };
}
