import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per app instance, so tests can build many apps in one process. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'teppan_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    slotFull: new Counter({
      name: 'teppan_holds_slot_full_total',
      help: 'Hold attempts refused because the slot was full (lost races included)',
      registers: [registry],
    }),
    holdsCreated: new Counter({
      name: 'teppan_holds_created_total',
      help: 'Holds placed',
      registers: [registry],
    }),
    quotesCreated: new Counter({
      name: 'teppan_quotes_created_total',
      help: 'Quotes computed and stored',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
