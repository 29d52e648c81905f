import { describe, expect, it } from 'vitest';
import { computeQuote, defaultSettings, formatCents } from '@teppan/core';
import { chat } from '../../orchestrator/chat.test-helper.ts';

describe('Pricing Calculator', () => {
  it('quotes exactly what the pricing engine computes, with the open slots of the day', async () => {
    const c = chat();
    const out = await c.say('How much for 15 adults and 2 kids in 95112 next Saturday evening?');
    const expected = computeQuote({
      input: { adults: 15, children: 2, toddlers: 0 },
      settings: defaultSettings,
      travel: { miles: 18.6, source: 'estimate' },
    });
    expect(out.intent).toBe('quote');
    expect(out.agent).toBe('Pricing Calculator');
    expect(out.toolCalls.map((t) => t.name)).toEqual(['quote', 'availability']);
    expect(out.reply.text).toContain(formatCents(expected.totalCents));
    expect(out.reply.text).toContain('6:00 PM on Saturday, June 13, 2026 is open');
    expect(out.guardrail.passed).toBe(true);
  });
});
