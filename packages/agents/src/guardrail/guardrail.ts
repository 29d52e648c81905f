import type { ToolCall } from '../tools/agent-tools.ts';
import { emptyLedger, extractFacts, recordToolValue } from './facts.ts';
import type { Fact, FactLedger } from './facts.ts';

export type GuardrailVerdict = {
  passed: boolean;
  violations: { kind: Fact['kind']; raw: string }[];
};

export const SAFE_REPLY =
  "Sorry, I couldn't double-check that answer against our systems, so I won't guess. Could you rephrase it, or ask me to connect you with our team?";

export function ledgerFromToolCalls(calls: readonly ToolCall[], timeZone: string): FactLedger {
  const ledger = emptyLedger();
  for (const call of calls) {
    recordToolValue(ledger, call.input, { isOutput: false, timeZone });
    recordToolValue(ledger, call.output, { isOutput: true, timeZone });
  }
  return ledger;
}

function isKnown(ledger: FactLedger, fact: Fact): boolean {
  switch (fact.kind) {
    case 'money':
      return ledger.money.has(fact.value);
    case 'number':
      return ledger.numbers.has(fact.value);
    case 'date':
      return ledger.dates.has(fact.value);
    case 'time':
      return ledger.times.has(fact.value);
    case 'id':
      return ledger.ids.has(fact.value);
  }
}

/**
 * Spec §6: every amount, date, slot and policy number in a reply must come from a tool
 * result of this conversation. Checks the final, channel-formatted text.
 */
export function checkReply(options: {
  text: string;
  toolCalls: readonly ToolCall[];
  timeZone: string;
}): GuardrailVerdict {
  const ledger = ledgerFromToolCalls(options.toolCalls, options.timeZone);
  const violations = extractFacts(options.text)
    .filter((fact) => !isKnown(ledger, fact))
    .map((fact) => ({ kind: fact.kind, raw: fact.raw }));
  return { passed: violations.length === 0, violations };
}
