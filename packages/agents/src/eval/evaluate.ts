import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Orchestrator } from '../orchestrator/orchestrator.ts';
import { newConversation } from '../orchestrator/types.ts';
import { InMemoryAgentTools } from '../tools/in-memory-tools.ts';
import { evalSetSchema } from './conversation-schema.ts';
import type { EvalConversation } from './conversation-schema.ts';

export type EvalFailure = {
  conversation: string;
  turn: number;
  user: string;
  problems: string[];
  reply: string;
};

export type EvalReport = {
  conversations: number;
  turns: number;
  intentAccuracy: number;
  agentAccuracy: number;
  toolCallAccuracy: number;
  factRecall: number;
  priceExactness: number;
  escalationRecall: number;
  escalationPrecision: number;
  silenceKept: number;
  guardrailFlags: number;
  latencyMs: { p50: number; p95: number };
  baselineQuoteMs: { p50: number; p95: number };
  failures: EvalFailure[];
};

export const evalBars = {
  intentAccuracy: 0.9,
  toolCallAccuracy: 0.9,
  priceExactness: 1,
  escalationRecall: 0.95,
  escalationPrecision: 0.9,
  latencyP95Ms: 50,
} as const;

export function loadEvalSet(): EvalConversation[] {
  const raw: unknown = JSON.parse(
    readFileSync(new URL('../../data/eval/conversations.json', import.meta.url), 'utf8'),
  );
  return evalSetSchema.parse(raw);
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

function ratio(hit: number, total: number): number {
  return total === 0 ? 1 : hit / total;
}

/** Runs the frozen conversations against the orchestrator with fresh in-memory tools each. */
export async function runEval(conversations: readonly EvalConversation[]): Promise<EvalReport> {
  const tally = (): { hit: number; total: number } => ({ hit: 0, total: 0 });
  const counts = {
    intent: tally(),
    agent: tally(),
    tools: tally(),
    facts: tally(),
    price: tally(),
    recall: tally(),
    precision: tally(),
    silence: tally(),
  };
  const latencies: number[] = [];
  const baseline: number[] = [];
  const failures: EvalFailure[] = [];
  let guardrailFlags = 0;
  let turns = 0;

  for (const conversation of conversations) {
    const now = new Date(conversation.now);
    const tools = new InMemoryAgentTools({ now });
    const orchestrator = new Orchestrator({ tools });
    let state = newConversation({
      id: conversation.id,
      channel: conversation.channel,
      role: conversation.role,
    });
    for (const [index, t] of conversation.turns.entries()) {
      turns += 1;
      const started = performance.now();
      const { state: next, output } = await orchestrator.handleTurn({ state, text: t.user, now });
      latencies.push(performance.now() - started);
      const wasActive = state.handoff.active;
      state = next;
      const problems: string[] = [];
      const e = t.expect;
      if (e.intent !== undefined) {
        counts.intent.total += 1;
        if (output.intent === e.intent) counts.intent.hit += 1;
        else problems.push(`intent ${output.intent} ≠ ${e.intent}`);
      }
      counts.agent.total += 1;
      if (output.agent === e.agent) counts.agent.hit += 1;
      else problems.push(`agent ${output.agent} ≠ ${e.agent}`);
      const called = output.toolCalls.map((c) => c.name);
      counts.tools.total += 1;
      if (JSON.stringify(called) === JSON.stringify(e.tools)) counts.tools.hit += 1;
      else problems.push(`tools [${called.join(',')}] ≠ [${e.tools.join(',')}]`);
      const missing = e.facts.filter((f) => !output.reply.text.includes(f));
      counts.facts.total += 1;
      if (missing.length === 0) counts.facts.hit += 1;
      else problems.push(`missing facts ${missing.join(' | ')}`);
      if (!output.guardrail.passed) {
        guardrailFlags += 1;
        problems.push(`guardrail ${JSON.stringify(output.guardrail.violations)}`);
      }
      // Price exactness: every amount expected is present and no amount failed the ledger.
      const expectsMoney = e.facts.some((f) => f.startsWith('$'));
      const hasMoney = /\$\d/.test(output.reply.text);
      if (expectsMoney || hasMoney) {
        counts.price.total += 1;
        const moneyMissing = e.facts.filter(
          (f) => f.startsWith('$') && !output.reply.text.includes(f),
        );
        const moneyViolations = output.guardrail.violations.filter((v) => v.kind === 'money');
        if (moneyMissing.length === 0 && moneyViolations.length === 0) counts.price.hit += 1;
        else problems.push('price not exact');
      }
      const becameActive = !wasActive && output.handoff.active;
      if (e.handoff !== null) {
        counts.recall.total += 1;
        if (becameActive && output.handoff.reason === e.handoff) counts.recall.hit += 1;
        else
          problems.push(
            `handoff ${output.handoff.active ? output.handoff.reason : 'none'} ≠ ${e.handoff}`,
          );
      }
      if (becameActive) {
        counts.precision.total += 1;
        if (e.handoff === output.handoff.reason) counts.precision.hit += 1;
        else problems.push(`unexpected handoff ${output.handoff.reason}`);
      }
      if (e.silent === true) {
        counts.silence.total += 1;
        if (output.reply.text === '') counts.silence.hit += 1;
        else problems.push('not silent');
      }
      if (problems.length > 0) {
        failures.push({
          conversation: conversation.id,
          turn: index,
          user: t.user,
          problems,
          reply: output.reply.text,
        });
      }
    }
  }

  // Baseline: the bare quote tool, called the same number of times, in the same process.
  const tools = new InMemoryAgentTools({ now: new Date('2026-06-10T17:00:00Z') });
  for (let i = 0; i < Math.max(200, turns); i += 1) {
    const started = performance.now();
    await tools.quote({
      adults: 10 + (i % 20),
      children: i % 4,
      toddlers: 0,
      venue: { zip: '95112' },
    });
    baseline.push(performance.now() - started);
  }

  return {
    conversations: conversations.length,
    turns,
    intentAccuracy: ratio(counts.intent.hit, counts.intent.total),
    agentAccuracy: ratio(counts.agent.hit, counts.agent.total),
    toolCallAccuracy: ratio(counts.tools.hit, counts.tools.total),
    factRecall: ratio(counts.facts.hit, counts.facts.total),
    priceExactness: ratio(counts.price.hit, counts.price.total),
    escalationRecall: ratio(counts.recall.hit, counts.recall.total),
    escalationPrecision: ratio(counts.precision.hit, counts.precision.total),
    silenceKept: ratio(counts.silence.hit, counts.silence.total),
    guardrailFlags,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
    baselineQuoteMs: { p50: percentile(baseline, 50), p95: percentile(baseline, 95) },
    failures,
  };
}

export function failedBars(report: EvalReport): string[] {
  const failed: string[] = [];
  if (report.intentAccuracy < evalBars.intentAccuracy) failed.push('intent accuracy');
  if (report.toolCallAccuracy < evalBars.toolCallAccuracy) failed.push('tool-call accuracy');
  if (report.priceExactness < evalBars.priceExactness) failed.push('price exactness');
  if (report.escalationRecall < evalBars.escalationRecall) failed.push('escalation recall');
  if (report.escalationPrecision < evalBars.escalationPrecision)
    failed.push('escalation precision');
  if (report.latencyMs.p95 > evalBars.latencyP95Ms) failed.push('p95 latency');
  return failed;
}
