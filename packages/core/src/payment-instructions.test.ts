import { describe, expect, it } from 'vitest';
import {
  offeredOfflineMethods,
  offlinePaymentInstruction,
  type PaymentInstructionInput,
} from './payment-instructions.ts';

const contact = { name: 'Teppan Hibachi', phone: '(510) 555-0100', email: 'hello@teppan.test' };
const payees = {
  zelle: { recipient: 'pay@teppan.test', accountName: 'Teppan Hibachi LLC' },
  venmo: { handle: '@Teppan-Fremont' },
};
// 2026-05-03T01:00:00Z is 6:00 PM on Saturday May 2 in California (PDT).
const input = (over: Partial<PaymentInstructionInput> = {}): PaymentInstructionInput => ({
  method: 'zelle',
  amountCents: 10_050,
  reference: 'DEP-T-1042',
  deadline: new Date('2026-05-03T01:00:00Z'),
  timeZone: 'America/Los_Angeles',
  payees,
  contact,
  ...over,
});

describe('offlinePaymentInstruction', () => {
  it('names the Zelle payee, the amount to the cent, the reference and the local deadline', () => {
    expect(offlinePaymentInstruction(input())).toEqual({
      method: 'zelle',
      payee: 'Teppan Hibachi LLC (pay@teppan.test)',
      isPayable: true,
      amount: '$100.50',
      reference: 'DEP-T-1042',
      deadline: 'Sat, May 2, 6:00 PM PDT',
      text: 'Send $100.50 by Zelle to Teppan Hibachi LLC (pay@teppan.test) by Sat, May 2, 6:00 PM PDT, with the reference DEP-T-1042 in the memo.',
    });
  });

  it('reads the deadline in the station zone, not the server zone', () => {
    expect(offlinePaymentInstruction(input({ timeZone: 'America/New_York' })).deadline).toBe(
      'Sat, May 2, 9:00 PM EDT',
    );
  });

  it('names the Venmo handle', () => {
    expect(offlinePaymentInstruction(input({ method: 'venmo', amountCents: 10_000 })).text).toBe(
      'Send $100.00 by Venmo to @Teppan-Fremont by Sat, May 2, 6:00 PM PDT, with the reference DEP-T-1042 in the note.',
    );
  });

  it('cash goes to the business, arranged by phone', () => {
    expect(offlinePaymentInstruction(input({ method: 'cash', deadline: null })).text).toBe(
      'Pay $100.50 in cash to Teppan Hibachi, quoting the reference DEP-T-1042: call (510) 555-0100 to arrange the hand-over.',
    );
  });

  it('without a payee it never says to send money: it says to call', () => {
    const instruction = offlinePaymentInstruction(input({ method: 'venmo', payees: {} }));
    expect(instruction.isPayable).toBe(false);
    expect(instruction.payee).toBeNull();
    expect(instruction.text).toBe(
      'Venmo details are not set up yet, so do not send anything by Venmo: call (510) 555-0100 or write to hello@teppan.test and we will tell you how to pay the $100.50 deposit by Sat, May 2, 6:00 PM PDT (reference DEP-T-1042).',
    );
  });
});

describe('offeredOfflineMethods', () => {
  it('offers Zelle and Venmo only with their payee; cash always', () => {
    expect(offeredOfflineMethods(payees)).toEqual(['zelle', 'venmo', 'cash']);
    expect(offeredOfflineMethods({ venmo: payees.venmo })).toEqual(['venmo', 'cash']);
    expect(offeredOfflineMethods({})).toEqual(['cash']);
  });
});
