import { describe, expect, it } from 'vitest';
import type { HoldView, ServerQuote } from '../api.ts';
import { emptyDraft } from '../draft.ts';
import { draftForNewHold, draftForRunningHold, holdStage, menuOfQuote } from './hold-resume.ts';

const NOW = Date.parse('2026-12-03T20:00:00Z');

function newHold(overrides: Partial<HoldView> = {}): HoldView {
  return {
    id: 'h1',
    status: 'awaiting_signature',
    stationId: 's1',
    quoteId: 'q1',
    date: '2027-01-20',
    slot: '18:00',
    requestedTime: '18:30',
    signDeadline: '2026-12-03T22:00:00Z',
    depositDeadline: null,
    expiresAt: '2026-12-03T22:00:00Z',
    bookingId: null,
    totalCents: 90000,
    depositCents: 10000,
    createdAt: '2026-12-03T20:00:00Z',
    ...overrides,
  };
}

function newQuote(overrides: Partial<ServerQuote> = {}): ServerQuote {
  return {
    id: 'q1',
    adults: 12,
    children: 2,
    toddlers: 1,
    menu: { proteins: { chicken: 10, ny_strip: 4 }, extraProteins: {}, addons: { gyoza: 2 } },
    venue: { zip: '94103', address: '1 Main St' },
    ...overrides,
  } as ServerQuote;
}

describe('holdStage', () => {
  it.each([
    [{}, { kind: 'sign' }],
    [{ status: 'awaiting_deposit' }, { kind: 'pay' }],
    [{ expiresAt: '2026-12-03T19:59:59Z' }, { kind: 'expired' }],
    [{ status: 'awaiting_deposit', expiresAt: '2026-12-03T20:00:00Z' }, { kind: 'expired' }],
    [{ status: 'expired' }, { kind: 'expired' }],
    [{ status: 'released' }, { kind: 'released' }],
    [
      { status: 'converted', bookingId: 'b1' },
      { kind: 'booked', bookingId: 'b1' },
    ],
    [{ status: 'weird' }, { kind: 'unknown', status: 'weird' }],
  ] as const)('%o → %o', (overrides, stage) => {
    expect(holdStage(newHold(overrides), NOW)).toEqual(stage);
  });
});

describe('menuOfQuote', () => {
  it('keeps positive whole counts of known codes only', () => {
    expect(
      menuOfQuote({
        proteins: { chicken: 3, unicorn: 2, ny_strip: 0, shrimp: 1.5 },
        addons: { gyoza: 1, __proto__: 4 },
        extraProteins: 'nope',
      }),
    ).toEqual({ proteins: { chicken: 3 }, extraProteins: {}, addons: { gyoza: 1 } });
    expect(menuOfQuote(null)).toEqual({ proteins: {}, extraProteins: {}, addons: {} });
  });
});

describe('draftForRunningHold', () => {
  it('starts a fresh draft from the hold and its quote at the right signed state', () => {
    const current = { ...emptyDraft(), signerName: 'Someone Else', hold: newHold({ id: 'other' }) };
    const hold = newHold({ status: 'awaiting_deposit' });
    const draft = draftForRunningHold({ current, hold, quote: newQuote(), isSigned: true });
    expect(draft).toMatchObject({
      hold,
      signed: true,
      signerName: '',
      date: '2027-01-20',
      slot: '18:00',
      requestedTime: '18:30',
      adults: 12,
      children: 2,
      toddlers: 1,
      venue: { zip: '94103', address: '1 Main St' },
      proteins: { chicken: 10, ny_strip: 4 },
      addons: { gyoza: 2 },
    });
    expect(draft.quote?.id).toBe('q1');
    expect(draft.quoteSignature).toMatch(/^[0-9a-f]{8}$/);
    expect(draft.sessionKey).not.toBe(current.sessionKey);
  });

  it('keeps what this tab typed for the same hold, with the fresh hold', () => {
    const current = { ...emptyDraft(), signerName: 'Ann Host', hold: newHold() };
    const fresh = newHold({ expiresAt: '2026-12-04T02:00:00Z', status: 'awaiting_deposit' });
    const draft = draftForRunningHold({ current, hold: fresh, quote: null, isSigned: true });
    expect(draft).toEqual({ ...current, hold: fresh, signed: true });
  });

  it('resumes without the quote when it could not be read', () => {
    const draft = draftForRunningHold({
      current: emptyDraft(),
      hold: newHold(),
      quote: null,
      isSigned: false,
    });
    expect(draft).toMatchObject({ hold: newHold(), quote: null, quoteSignature: null });
  });
});

describe('draftForNewHold', () => {
  it('keeps the party and menu, and the date only when asked; no hold, no quote', () => {
    const kept = draftForNewHold({ hold: newHold(), quote: newQuote(), keepDate: true });
    expect(kept).toMatchObject({ date: '2027-01-20', slot: '18:00', adults: 12, hold: null });
    expect(kept.quote).toBeNull();
    const moved = draftForNewHold({ hold: newHold(), quote: newQuote(), keepDate: false });
    expect(moved).toMatchObject({ date: null, slot: null, requestedTime: '', adults: 12 });
  });
});
