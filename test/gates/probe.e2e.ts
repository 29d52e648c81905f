import { expect, it } from 'vitest';

// A gate probe (.ci/gates-can-fail.ts): it runs only when TEPPAN_GATE_PROBE is set, and
// fails when that names the e2e tier, proving a red e2e test makes `npm test` exit non-zero.
it('e2e gate probe', () => {
  const failing = (process.env.TEPPAN_GATE_PROBE ?? '').split(',');
  expect(failing.includes('e2e'), 'asked to fail by TEPPAN_GATE_PROBE').toBe(false);
});
