import { describe, expect, it } from 'vitest';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';

const id = '0b9f7c3e-8d2a-4c1b-9e5f-1a2b3c4d5e6f';

describe('page cursors', () => {
  it('round-trips dates, nullable dates and text', () => {
    const at = new Date('2026-11-26T18:00:00.000Z');
    expect(decodePageCursor(encodePageCursor(at, id), 'date')).toEqual({ value: at, id });
    expect(decodePageCursor(encodePageCursor(null, id), 'nullableDate')).toEqual({
      value: null,
      id,
    });
    expect(decodePageCursor(encodePageCursor('2027-02-28', id), 'day')).toEqual({
      value: '2027-02-28',
      id,
    });
    expect(decodePageCursor(encodePageCursor('Kenji', id), 'text')).toEqual({
      value: 'Kenji',
      id,
    });
  });

  it('refuses forged or foreign cursors with a 400, whatever their shape', () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const [cursor, kind] of [
      ['not-a-cursor', 'date'],
      [forged(['2026-01-01', 'not-a-uuid']), 'date'],
      [forged(['yesterday', id]), 'date'],
      [forged([null, id]), 'date'],
      [forged([1, id]), 'text'],
      [forged(['2027-02-30', id]), 'day'],
      [forged(['2027-1-1', id]), 'day'],
      [forged(['2027-01-01', 'x']), 'day'],
      [forged({ u: '2026-01-01', i: id }), 'date'],
      [forged(['2026-01-01', id, 'extra']), 'date'],
    ] as const)
      expect(() => decodePageCursor(cursor, kind), cursor).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED', status: 400 }),
      );
  });
});
