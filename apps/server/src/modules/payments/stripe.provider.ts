import Stripe from 'stripe';
import { AppError } from '../../errors.ts';

/** Every amount we charge is US cents (SPEC: all money is integer cents, one currency). */
export const PAYMENT_CURRENCY = 'usd';

export interface CheckoutRequest {
  paymentId: string;
  bookingId: string;
  description: string;
  amountCents: number;
  customerEmail: string;
  successUrl: string;
  cancelUrl: string;
}

/**
 * Stripe Checkout through the official SDK. `apiBase` points the SDK at another server
 * that speaks Stripe's API (tests use a local one); in production it is left unset.
 */
export class StripeCardProvider {
  private readonly stripe: Stripe;

  constructor(
    private readonly options: {
      secretKey: string;
      webhookSecret: string | undefined;
      apiBase?: URL | undefined;
    },
  ) {
    const base = options.apiBase;
    this.stripe = new Stripe(options.secretKey, {
      maxNetworkRetries: 2,
      timeout: 10_000,
      ...(base
        ? {
            host: base.hostname,
            port: base.port || (base.protocol === 'https:' ? 443 : 80),
            protocol: base.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    });
  }

  /** One session per payment row: the payment id doubles as the idempotency key. */
  async createCheckout(request: CheckoutRequest): Promise<{ sessionId: string; url: string }> {
    const metadata = { paymentId: request.paymentId, bookingId: request.bookingId };
    let session: Stripe.Checkout.Session;
    try {
      session = await this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: request.paymentId,
          customer_email: request.customerEmail,
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: PAYMENT_CURRENCY,
                unit_amount: request.amountCents,
                product_data: { name: request.description },
              },
            },
          ],
          metadata,
          payment_intent_data: { metadata },
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
        },
        { idempotencyKey: `checkout-${request.paymentId}` },
      );
    } catch (error) {
      throw new AppError('PAYMENT_PROVIDER_FAILED', undefined, {
        provider: 'stripe',
        reason: error instanceof Error ? error.message : 'unknown',
      });
    }
    if (!session.url)
      throw new AppError('PAYMENT_PROVIDER_FAILED', 'Stripe returned no checkout URL.');
    return { sessionId: session.id, url: session.url };
  }

  /** Verifies the Stripe-Signature header over the exact raw body (SDK constructEvent). */
  verifyWebhook(rawBody: Buffer, signature: string | undefined): Stripe.Event {
    if (!this.options.webhookSecret) throw new AppError('PAYMENT_PROVIDER_NOT_CONFIGURED');
    if (!signature)
      throw new AppError('WEBHOOK_SIGNATURE_INVALID', 'The Stripe-Signature header is missing.');
    try {
      return this.stripe.webhooks.constructEvent(rawBody, signature, this.options.webhookSecret);
    } catch {
      throw new AppError('WEBHOOK_SIGNATURE_INVALID');
    }
  }
}
