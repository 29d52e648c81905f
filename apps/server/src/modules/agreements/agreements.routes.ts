import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';

export function agreementsRoutes(container: Container): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/agreements/current',
      {
        schema: {
          tags: ['agreements'],
          summary: 'The agreement text to sign: terms, liability waiver, allergen disclosure',
          description:
            'Rendered from the newest template of each kind with the station policies filled in. Send contentHash with the signature so a text changed in between is refused (409 AGREEMENT_CHANGED).',
          querystring: z.strictObject({ stationId: z.uuid().optional() }),
        },
      },
      async (request) => container.agreements.current(request.query.stationId),
    );
  };
}
