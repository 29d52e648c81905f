import { fileURLToPath } from 'node:url';
import { webContract } from '@teppan/core/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type FastifyPluginAsyncZod,
} from 'fastify-type-provider-zod';
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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Serves the customer single-page app at `/`. Only the app's own routes fall back to
 * index.html: every other path (the API, /healthz, /readyz, /metrics, typos) keeps the API's
 * 404 envelope, so clients and the fuzz tests never get HTML where they expect JSON.
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

    const page =
      (isKnown: (request: FastifyRequest) => boolean) =>
      async (request: FastifyRequest, reply: FastifyReply) =>
        isKnown(request) ? sendIndex(reply) : reply.callNotFound();

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
    registerRoute(
      app,
      webContract.manage,
      page((request) => UUID.test((request.params as { id: string }).id)),
    );
  };
}
