/**
 * Tests, journeys and benchmarks send many requests from one address: every limit very high.
 * rate-limits.int.test.ts and shared-rate-limits.int.test.ts set low ones to prove them.
 */
export const HIGH_RATE_LIMITS = {
  STAFF_RATE_LIMIT_PER_MINUTE: '1000000',
  PUBLIC_RATE_LIMIT_PER_MINUTE: '1000000',
  PUBLIC_READ_RATE_LIMIT_PER_MINUTE: '1000000',
  CHAT_RATE_LIMIT_PER_MINUTE: '1000000',
} as const;
