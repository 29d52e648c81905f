import { describe, expect, it } from 'vitest';
import { evalBars, failedBars, loadEvalSet, runEval } from './evaluate.ts';

describe('agents eval (data/eval/conversations.json)', () => {
  it('meets the bars on the frozen conversation set', async () => {
    const conversations = loadEvalSet();
    expect(conversations.length).toBeGreaterThanOrEqual(150);
    const report = await runEval(conversations);
    expect(report.intentAccuracy).toBeGreaterThanOrEqual(evalBars.intentAccuracy);
    expect(report.priceExactness).toBe(1);
    expect(report.escalationRecall).toBeGreaterThanOrEqual(evalBars.escalationRecall);
    expect(report.silenceKept).toBe(1);
    // Latency depends on the machine running the tests; the bar is checked in `npm run eval:agents`.
    expect(failedBars({ ...report, latencyMs: { p50: 0, p95: 0 } })).toEqual([]);
  }, 60_000);
});
