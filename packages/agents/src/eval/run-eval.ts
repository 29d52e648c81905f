// `npm run eval:agents`: the frozen conversation set against the orchestrator; exits 1 below the bars.
import { failedBars, loadEvalSet, runEval } from './evaluate.ts';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const verbose = process.argv.includes('--verbose');

const report = await runEval(loadEvalSet());
if (verbose) {
  for (const f of report.failures) {
    console.log(
      `✗ ${f.conversation}#${f.turn} "${f.user}"\n    ${f.problems.join('; ')}\n    reply: ${f.reply}`,
    );
  }
}
console.log(`conversations ${report.conversations}, turns ${report.turns}`);
console.log(`intent accuracy       ${pct(report.intentAccuracy)}`);
console.log(`agent accuracy        ${pct(report.agentAccuracy)}`);
console.log(`tool-call accuracy    ${pct(report.toolCallAccuracy)}`);
console.log(`reply fact recall     ${pct(report.factRecall)}`);
console.log(`price exactness       ${pct(report.priceExactness)}`);
console.log(`escalation recall     ${pct(report.escalationRecall)}`);
console.log(`escalation precision  ${pct(report.escalationPrecision)}`);
console.log(`silent while human    ${pct(report.silenceKept)}`);
console.log(`guardrail flags       ${report.guardrailFlags}`);
console.log(
  `failing turns         ${report.failures.length}${verbose ? '' : ' (--verbose lists them)'}`,
);
console.log(
  `latency per turn      p50 ${report.latencyMs.p50.toFixed(2)} ms, p95 ${report.latencyMs.p95.toFixed(2)} ms ` +
    `(bare quote tool: p50 ${report.baselineQuoteMs.p50.toFixed(3)} ms, p95 ${report.baselineQuoteMs.p95.toFixed(3)} ms)`,
);
const failed = failedBars(report);
if (failed.length > 0) {
  console.error(`FAILED bars: ${failed.join(', ')}`);
  process.exitCode = 1;
} else {
  console.log('all bars met');
}
