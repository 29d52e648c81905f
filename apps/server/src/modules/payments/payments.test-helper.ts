import Stripe from 'stripe';
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { dateAhead, newStation } from '../../test/factories.ts';
import { chooseDeposit, requestHold, signHold } from '../bookings/hold-flow.test-helper.ts';
import { startStripeApi, type FakeStripeApi } from './stripe-api.test-server.ts';

export const SECRET_KEY = 'sk_test_teppan_local';
export const WEBHOOK_SECRET = 'whsec_teppan_local_secret';
export const STAFF_ALERTS = 'alerts@teppan.test';
export const DEPOSIT_CENTS = 10000;
export const stripe = new Stripe(SECRET_KEY);

export let api: FakeStripeApi;
export let t: TestApp;

export interface CardBooking {
  id: string;
  status: string;
  manageToken: string;
  totalCents: number;
  payments: { id: string; provider: string; status: string; checkoutUrl?: string }[];
  checkout: { url: string } | { error: { code: string } } | null;
}

export async function cardBooking(daysAhead: number): Promise<CardBooking> {
  const hold = (await requestHold(t.app, { date: dateAhead(daysAhead) })).json<{ id: string }>();
  await signHold(t.app, hold.id);
  const res = await chooseDeposit(t.app, hold.id, 'card');
  expect(res.statusCode, res.body).toBe(201);
  return res.json<CardBooking>();
}

export let eventSeq = 0;
export function event(
  type: string,
  object: Record<string, unknown>,
  id = `evt_test_${++eventSeq}_${Date.now()}`,
) {
  return {
    id,
    object: 'event',
    type,
    api_version: '2026-10-28',
    created: Math.floor(Date.now() / 1000),
    data: { object },
  };
}

export async function deliver(
  payload: object,
  options: { secret?: string; timestamp?: number } = {},
) {
  const body = JSON.stringify(payload);
  const header = stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret: options.secret ?? WEBHOOK_SECRET,
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
  });
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/payments/stripe/webhook',
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    payload: body,
  });
}

// Stripe's completed session carries what was charged: amount_total in cents and currency.
export const completed = (
  paymentId: string,
  intent: string,
  paid: { amount: number; currency: string } = { amount: DEPOSIT_CENTS, currency: 'usd' },
) =>
  event('checkout.session.completed', {
    id: `cs_test_${paymentId.slice(0, 8)}`,
    object: 'checkout.session',
    payment_status: 'paid',
    client_reference_id: paymentId,
    metadata: { paymentId },
    payment_intent: intent,
    amount_total: paid.amount,
    currency: paid.currency,
  });

export const intentSucceeded = (
  paymentId: string,
  intent: string,
  paid: { amount: number; currency: string } = { amount: DEPOSIT_CENTS, currency: 'usd' },
) =>
  event('payment_intent.succeeded', {
    id: intent,
    object: 'payment_intent',
    metadata: { paymentId },
    amount: paid.amount,
    amount_received: paid.amount,
    currency: paid.currency,
  });

export async function bookingStatus(id: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('core.bookings')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.status;
}

/** Registers the app and database shared by every test file of this suite. */
export function useTestApp(): void {
  beforeAll(async () => {
    api = await startStripeApi(SECRET_KEY);
    t = await createTestApp({
      env: {
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_BASE: api.url,
        STAFF_ALERT_EMAIL: STAFF_ALERTS,
      },
    });
    await newStation(t.database.db);
  });
  afterAll(async () => {
    await t.close();
    await api.close();
  });
}
