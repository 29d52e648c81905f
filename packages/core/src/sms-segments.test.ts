import { describe, expect, it } from 'vitest';
import { fitSmsSegments, isGsm7, smsPartsOf, smsSegmentsOf } from './sms-segments.ts';

describe('smsSegmentsOf', () => {
  it('counts GSM-7 as 160 alone and 153 per concatenated part', () => {
    expect(smsSegmentsOf('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsSegmentsOf('a'.repeat(161)).segments).toBe(2);
    expect(smsSegmentsOf('a'.repeat(306)).segments).toBe(2);
    expect(smsSegmentsOf('a'.repeat(307)).segments).toBe(3);
    expect(smsSegmentsOf('a'.repeat(459)).segments).toBe(3);
    expect(smsSegmentsOf('a'.repeat(460)).segments).toBe(4);
  });

  it('counts extension characters as two septets that never straddle two parts', () => {
    expect(smsSegmentsOf('€'.repeat(80))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    // 152 septets, then a 2-septet € that does not fit in the first part's 153.
    expect(smsSegmentsOf(`${'a'.repeat(152)}€${'a'.repeat(150)}`).segments).toBe(2);
    expect(smsSegmentsOf(`${'a'.repeat(152)}€${'a'.repeat(152)}`).segments).toBe(3);
  });

  it('switches to UCS-2 for one character outside GSM-7: 70 alone, 67 per part', () => {
    expect(isGsm7('Hello Ñandú à 5 €')).toBe(false); // ú is not in GSM-7
    expect(smsSegmentsOf(`${'a'.repeat(69)}…`)).toEqual({
      encoding: 'ucs2',
      units: 70,
      segments: 1,
    });
    expect(smsSegmentsOf(`${'a'.repeat(70)}…`).segments).toBe(2);
    // ü is GSM-7: 134 septets stay one segment.
    expect(smsSegmentsOf('ü'.repeat(134))).toEqual({ encoding: 'gsm7', units: 134, segments: 1 });
  });

  it('never splits a surrogate pair', () => {
    const text = `${'a'.repeat(66)}😀${'a'.repeat(60)}`; // 66 + 2 + 60 = 128 units
    expect(smsSegmentsOf(text)).toEqual({ encoding: 'ucs2', units: 128, segments: 2 });
    expect(smsSegmentsOf(`${'a'.repeat(66)}😀${'a'.repeat(66)}`).segments).toBe(3);
  });
});

describe('smsPartsOf', () => {
  it('splits as a carrier does, and the parts join back to the text', () => {
    const gsm = `${'a'.repeat(152)}€${'b'.repeat(152)}`;
    const parts = smsPartsOf(gsm);
    expect(parts.map((part) => part.length)).toEqual([152, 152, 1]);
    expect(parts.join('')).toBe(gsm);
    expect(smsPartsOf('short')).toEqual(['short']);
    expect(smsPartsOf('')).toEqual([]);
    const ucs = `${'a'.repeat(66)}😀${'a'.repeat(66)}`;
    expect(smsPartsOf(ucs).map((part) => part.length)).toEqual([66, 67, 1]);
  });
});

describe('fitSmsSegments', () => {
  it('leaves a text that fits alone', () => {
    const text = 'word '.repeat(91).trim(); // 454 septets
    expect(fitSmsSegments(text)).toBe(text);
  });

  it('cuts a four-segment GSM-7 text to three at a word end, with a GSM-7 ellipsis', () => {
    const text = 'Your hibachi party is booked for Saturday at 6 pm. '.repeat(12).trim();
    expect(smsSegmentsOf(text).segments).toBeGreaterThan(3);
    const fitted = fitSmsSegments(text);
    expect(smsSegmentsOf(fitted)).toMatchObject({ encoding: 'gsm7' });
    expect(smsSegmentsOf(fitted).segments).toBeLessThanOrEqual(3);
    expect(text.startsWith(fitted.replace(/\.\.\.$/, ''))).toBe(true);
    expect(fitted.length).toBeGreaterThan(400);
  });

  it('keeps UCS-2 text within three parts of 67 units', () => {
    const text = 'Merci 😀 à bientôt '.repeat(20);
    const fitted = fitSmsSegments(text);
    expect(smsSegmentsOf(fitted).segments).toBeLessThanOrEqual(3);
    expect(fitted.endsWith('…') || fitted.endsWith('.')).toBe(true);
  });
});
