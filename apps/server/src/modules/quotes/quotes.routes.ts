import { quotesContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { registerRoute } from '../../lib/contract-route.ts';

// Where the quote's wire shape lives now; re-exported for the callers that imported it here.
export { quoteResponseSchema } from '@teppan/core/contract';

export function quotesRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    registerRoute(app, quotesContract.create, async (request, reply) => {
      const quote = await container.quotes.create(request.body);
      container.metrics.quotesCreated.inc();
      return reply.code(201).send(quote);
    });

    registerRoute(app, quotesContract.get, async (request) =>
      container.quotes.get(request.params.id),
    );
  };
}
