import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/**
 * A local server that answers like Stripe's documented REST API for the calls we make
 * (POST /v1/checkout/sessions): form-encoded bodies, Bearer secret-key auth, the
 * Idempotency-Key header, and Stripe's error envelope.
 */
export interface FakeStripeApi {
  url: string;
  sessions: { id: string; form: URLSearchParams; idempotencyKey: string | undefined }[];
  failNext: boolean;
  close(): Promise<void>;
}

export async function startStripeApi(secretKey: string): Promise<FakeStripeApi> {
  const state: FakeStripeApi = {
    url: '',
    sessions: [],
    failNext: false,
    close: () => Promise.resolve(),
  };
  const byKey = new Map<string, object>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const send = (status: number, body: object) => {
        res.writeHead(status, {
          'content-type': 'application/json',
          'request-id': `req_${randomBytes(6).toString('hex')}`,
        });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${secretKey}`)
        return send(401, {
          error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' },
        });
      if (req.method !== 'POST' || req.url !== '/v1/checkout/sessions')
        return send(404, {
          error: {
            type: 'invalid_request_error',
            message: `Unrecognized request URL (${req.method}: ${req.url}).`,
          },
        });
      if (state.failNext) {
        state.failNext = false;
        return send(400, {
          error: { type: 'invalid_request_error', message: 'Simulated failure.' },
        });
      }
      const key =
        typeof req.headers['idempotency-key'] === 'string'
          ? req.headers['idempotency-key']
          : undefined;
      const replay = key ? byKey.get(key) : undefined;
      if (replay) return send(200, replay);
      const form = new URLSearchParams(raw);
      for (const field of ['mode', 'success_url', 'line_items[0][price_data][unit_amount]'])
        if (!form.get(field))
          return send(400, {
            error: { type: 'invalid_request_error', message: `Missing required param: ${field}.` },
          });
      const id = `cs_test_${randomBytes(12).toString('hex')}`;
      const session = {
        id,
        object: 'checkout.session',
        mode: form.get('mode'),
        amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
        currency: form.get('line_items[0][price_data][currency]'),
        client_reference_id: form.get('client_reference_id'),
        customer_email: form.get('customer_email'),
        metadata: {
          paymentId: form.get('metadata[paymentId]'),
          bookingId: form.get('metadata[bookingId]'),
        },
        payment_status: 'unpaid',
        status: 'open',
        url: `https://checkout.stripe.com/c/pay/${id}`,
      };
      state.sessions.push({ id, form, idempotencyKey: key });
      if (key) byKey.set(key, session);
      return send(200, session);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}
