import { availabilityContract } from '@teppan/core/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { registerRoute } from '../../lib/contract-route.ts';

export function availabilityRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    // The answer is encoded through the route's response schema by the service, once per
    // change of the calendar, and sent as that JSON text (Fastify does not serialize a string
    // sent as JSON again; `as never`: the text is this route's 200 answer, already encoded).
    registerRoute(app, availabilityContract.range, async (request, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .send((await container.availability.getRangeJson(request.query)) as never),
    );
  };
}
