import { describe, expect, it } from 'vitest';
import { checkReply } from './guardrail.ts';
import { extractFacts } from './facts.ts';
import type { ToolCall } from '../tools/agent-tools.ts';

const timeZone = 'America/Los_Angeles';
const calls: ToolCall[] = [
  {
    name: 'quote',
    input: { adults: 15, venue: { zip: '95112' } },
    output: {
      number: 'Q-0000001',
      totalCents: 95801,
      depositCents: 10000,
      date: '2026-06-13',
      slot: '18:00',
    },
  },
  {
    name: 'placeHold',
    input: {},
    output: {
      signDeadline: '2026-06-10T19:00:00.000Z',
      link: 'https://teppan.example/checkout/hold-1',
    },
  },
];

describe('guardrail', () => {
  it('normalises amounts, dates and times', () => {
    expect(extractFacts('$1,234.50 on June 13, 2026 at 6:00 PM, 18:30, TP-1042, 8.25%')).toEqual([
      { kind: 'id', value: 'TP-1042', raw: 'TP-1042' },
      { kind: 'date', value: '2026-06-13', raw: 'June 13, 2026' },
      { kind: 'time', value: '18:00', raw: '6:00 PM' },
      { kind: 'time', value: '18:30', raw: '18:30' },
      { kind: 'money', value: '123450', raw: '$1,234.50' },
      { kind: 'number', value: '8.25', raw: '8.25' },
    ]);
  });

  it('passes a reply built from the tool results', () => {
    const text =
      'Quote Q-0000001 for 15 adults in 95112: total $958.01, deposit $100.00. Saturday, June 13, 2026 at 6:00 PM. Sign by 12:00 PM on Wednesday, June 10, 2026: https://teppan.example/checkout/hold-1';
    expect(checkReply({ text, toolCalls: calls, timeZone })).toEqual({
      passed: true,
      violations: [],
    });
  });

  it('flags an invented amount, date, time or identifier', () => {
    const verdict = checkReply({
      text: 'Total $900.00 on June 14 at 9:00 PM, booking TP-9999',
      toolCalls: calls,
      timeZone,
    });
    expect(verdict.passed).toBe(false);
    expect(verdict.violations.map((v) => v.kind).sort()).toEqual(['date', 'id', 'money', 'time']);
  });

  it('never accepts an amount that only the customer said', () => {
    const mine: ToolCall[] = [
      {
        name: 'upsertLead',
        input: { notes: 'customer wants it for $10' },
        output: { id: 'lead-1' },
      },
    ];
    expect(checkReply({ text: 'Sure, $10.00.', toolCalls: mine, timeZone }).passed).toBe(false);
  });
});
