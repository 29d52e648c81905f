import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DOLLAR_AMOUNT, isMoneyField, moneyFieldsIn, moneyInSchema } from './money-fields.ts';

describe('money fields (what a chef must never receive)', () => {
  it('names money in any spelling, and nothing else', () => {
    for (const name of [
      'totalCents',
      'depositCents',
      'depositsDue',
      'balance_outstanding_cents',
      'amountCents',
      'payments',
      'canSeeMoney',
      'total_usd',
      'quote',
      'travelFee',
      'gratuitySuggestions',
      'unitCents',
      'paid',
    ])
      expect(isMoneyField(name), name).toBe(true);
    for (const name of [
      'guests',
      'multiple',
      'feedback',
      'displayName',
      'status',
      'pendingTimeOff',
      'isOwnEventsOnly',
      'requestedTime',
    ])
      expect(isMoneyField(name), name).toBe(false);
  });

  it('finds money keys anywhere in a response body', () => {
    expect(
      moneyFieldsIn({ id: 1, items: [{ guests: 3 }, { quote: { lines: [{ unitCents: 5 }] } }] }),
    ).toEqual(['$.items[1].quote', '$.items[1].quote.lines[0].unitCents']);
    expect(moneyFieldsIn({ id: 1, items: [{ guests: 3 }] })).toEqual([]);
    expect(DOLLAR_AMOUNT.test('Pay $100.00 by Zelle')).toBe(true);
    expect(DOLLAR_AMOUNT.test('Party of 12 at 18:00')).toBe(false);
  });

  it('finds money, and values nobody declared, in a response schema', () => {
    const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' });
    expect(moneyInSchema(schema(z.object({ a: z.object({ totalCents: z.number() }) })))).toEqual([
      '#/properties/a/properties/totalCents',
    ]);
    expect(moneyInSchema(schema(z.object({ data: z.unknown() })))).toEqual([
      '#/properties/data: any value',
    ]);
    expect(moneyInSchema(schema(z.looseObject({ id: z.string() })))).toEqual([
      '#/additionalProperties: any value',
    ]);
    expect(
      moneyInSchema(schema(z.object({ id: z.string(), guests: z.array(z.number()).nullable() }))),
    ).toEqual([]);
  });
});
