// The customer's path through the public API (quote, hold, sign, deposit), one step a call,
// for test files that check what happens between the steps.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { customer, quoteBody, SIGN_BODY } from '../../test/factories.ts';

/**
 * A quote (which must succeed), then a hold on it: the hold response, unchecked (a test may
 * expect a refusal).
 * `extra` adds fields to the hold request (a requested time, an idempotency key).
 */
export async function requestHold(
  app: FastifyInstance,
  input: { date: string; slot?: string; extra?: Record<string, unknown> },
) {
  const quote = await app.inject({ method: 'POST', url: '/api/v1/quotes', payload: quoteBody() });
  expect(quote.statusCode, quote.body).toBe(201);
  return app.inject({
    method: 'POST',
    url: '/api/v1/holds',
    payload: {
      quoteId: quote.json<{ id: string }>().id,
      date: input.date,
      slot: input.slot ?? '18:00',
      customer: customer(),
      ...input.extra,
    },
  });
}

/** The host signs the hold's agreement. */
export function signHold(app: FastifyInstance, holdId: string) {
  return app.inject({ method: 'POST', url: `/api/v1/holds/${holdId}/sign`, payload: SIGN_BODY });
}

/** The deposit step: `method` as the customer chose it, none for the station's default. */
export function chooseDeposit(app: FastifyInstance, holdId: string, method?: string) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/holds/${holdId}/deposit`,
    payload: method ? { method } : {},
  });
}
