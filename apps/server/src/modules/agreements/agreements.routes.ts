import { agreementsContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { registerRoute } from '../../lib/contract-route.ts';

export function agreementsRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    registerRoute(app, agreementsContract.current, async (request) =>
      container.agreements.current(request.query.stationId),
    );
  };
}
