import { availabilityContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { registerRoute } from '../../lib/contract-route.ts';

export function availabilityRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    registerRoute(app, availabilityContract.range, async (request) =>
      container.availability.getRange(request.query),
    );
  };
}
