import type { FastifyInstance } from 'fastify';

/**
 * Content-Security-Policy of the two single-page apps (customer site and admin panel).
 * Their Vite builds load one module script and one stylesheet from /assets and put nothing
 * inline (no inline script or style to hash); the QR code of the 2FA enrolment is a data:
 * image; every request goes to our own origin; card payment leaves by a top-level
 * navigation to Stripe Checkout, which CSP does not govern. ADR 0020.
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Headers of an app's index.html. The customer site sends no Referer at all: manage links
 * carry the booking's token in the query, and a Referer would copy it to every request the
 * page makes, into any proxy or CDN log. The admin panel's URLs hold no secret; it keeps
 * same-origin Referers.
 */
export function appPageHeaders(options: {
  referrerPolicy: 'no-referrer' | 'same-origin';
}): Record<string, string> {
  return {
    'content-security-policy': APP_CONTENT_SECURITY_POLICY,
    // For browsers without frame-ancestors.
    'x-frame-options': 'DENY',
    'referrer-policy': options.referrerPolicy,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
}

/**
 * On every response, API JSON included: no MIME sniffing, and in production HSTS (the TLS
 * proxy terminates HTTPS in front of us; over plain HTTP in development it would only
 * confuse browsers about localhost).
 */
export function installSecurityHeaders(
  app: FastifyInstance,
  options: { isProduction: boolean },
): void {
  app.addHook('onRequest', async (_request, reply) => {
    void reply.header('x-content-type-options', 'nosniff');
    if (options.isProduction) void reply.header('strict-transport-security', HSTS);
  });
}
