import { z } from 'zod';
import { access, defineRoute } from './define-route.ts';

export const agreementSchema = z.object({
  stationId: z.string(),
  /** e.g. `terms@1+liability_waiver@1+allergen_disclosure@1`. */
  version: z.string(),
  documents: z.array(
    z.object({
      kind: z.string(),
      version: z.number().int(),
      title: z.string(),
      paragraphs: z.array(z.string()),
    }),
  ),
  /** sha256 of the documents: send it with the signature. */
  contentHash: z.string(),
});

export type Agreement = z.output<typeof agreementSchema>;

export const agreementsContract = {
  current: defineRoute({
    method: 'GET',
    path: '/api/v1/agreements/current',
    tags: ['agreements'],
    summary: 'The agreement text to sign: terms, liability waiver, allergen disclosure',
    description:
      'Rendered from the newest template of each kind with the station policies filled in. Send contentHash with the signature so a text changed in between is refused (409 AGREEMENT_CHANGED).',
    query: z.strictObject({ stationId: z.uuid().optional() }),
    responses: { 200: agreementSchema },
    access: access.public,
  }),
};
