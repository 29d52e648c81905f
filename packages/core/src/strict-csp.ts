import { z } from 'zod';

/*
 * Imported first by the browser apps, whose Content-Security-Policy allows no `eval`
 * (ADR 0020). zod compiles object parsers with `new Function` when it can and probes for
 * that on first use; under the CSP the probe fails harmlessly, yet the browser still reports
 * a violation. Jitless mode skips the probe and parses the same way. A side-effect module,
 * so it runs before any other module can parse; the server keeps the compiled parsers.
 */
z.config({ jitless: true });
