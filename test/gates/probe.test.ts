import { expect, it } from 'vitest';

// A gate probe (.ci/gates-can-fail.ts): it runs only when TEPPAN_GATE_PROBE is set, and
// fails when that names the unit tier, proving a red unit test makes `npm test` exit non-zero.
it('unit gate probe', () => {
  const failing = (process.env.TEPPAN_GATE_PROBE ?? '').split(',');
  expect(failing.includes('unit'), 'asked to fail by TEPPAN_GATE_PROBE').toBe(false);
});
