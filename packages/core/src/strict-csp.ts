import { z } from 'zod';

/*
 * The browser apps' Content-Security-Policy allows no `eval` (ADR 0020). zod compiles object
 * parsers with `new Function` when it can, and decides so when a schema is built; under the
 * CSP its probe fails harmlessly, yet the browser still reports a violation. Jitless mode
 * skips the probe and parses the same way. This module must run before any schema is built:
 * the apps import it first, and every core module that builds schemas at load time
 * (api.ts, settings.ts, contract/define-route.ts) imports it too, because a bundler may put
 * core's schemas in a chunk that runs before the entry's own first import. Only in a
 * browser: the server keeps the compiled parsers.
 */
if (typeof (globalThis as { document?: unknown }).document !== 'undefined')
  z.config({ jitless: true });
