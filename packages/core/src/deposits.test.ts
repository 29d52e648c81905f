import { describe, expect, it } from 'vitest';
import { foreignDepositReference, staffConfirmationDeadline } from './deposits.ts';

const HOUR = 3_600_000;

describe('staffConfirmationDeadline', () => {
  const signedAt = new Date('2026-05-01T17:00:00Z');
  const depositDeadline = new Date(signedAt.getTime() + 4 * HOUR);

  it('counts the setting from the signature', () => {
    expect(
      staffConfirmationDeadline({
        signedAt,
        depositDeadline,
        holds: { staffConfirmWithinMinutesAfterSign: 24 * 60 },
      }),
    ).toEqual(new Date(signedAt.getTime() + 24 * HOUR));
  });

  it('never ends before the deposit deadline', () => {
    expect(
      staffConfirmationDeadline({
        signedAt,
        depositDeadline,
        holds: { staffConfirmWithinMinutesAfterSign: 60 },
      }),
    ).toEqual(depositDeadline);
  });
});

describe('foreignDepositReference', () => {
  const expected = 'DEP-TP-1001';

  it('accepts this booking’s reference, in any case and with words around it', () => {
    expect(foreignDepositReference({ reported: 'DEP-TP-1001', expected })).toBeNull();
    expect(
      foreignDepositReference({ reported: 'zelle dep-tp-1001 from Pat', expected }),
    ).toBeNull();
  });

  it('accepts a note or a confirmation number without a reference', () => {
    expect(foreignDepositReference({ reported: 'Zelle conf 8XK2P9', expected })).toBeNull();
    expect(foreignDepositReference({ reported: 'DEP-1001', expected })).toBeNull();
  });

  it('names another booking’s reference', () => {
    expect(foreignDepositReference({ reported: 'DEP-TP-1002', expected })).toBe('DEP-TP-1002');
    expect(foreignDepositReference({ reported: 'sent dep-tp-10011', expected })).toBe(
      'DEP-TP-10011',
    );
  });
});
