/**
 * How a carrier splits a text into SMS segments (SPEC §6, §11): GSM-7 when every character
 * is in the GSM 03.38 alphabet (160 septets alone, 153 per part when concatenated; the
 * extension characters take two septets and never straddle two parts), otherwise UCS-2
 * (70 UTF-16 units alone, 67 per part; a surrogate pair is never split).
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '\f^{}\\[~]|€';
const gsmBasic = new Set(GSM7_BASIC);
const gsmExtension = new Set(GSM7_EXTENSION);

export const SMS_MAX_SEGMENTS = 3;

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

const LIMITS = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const;

export function isGsm7(text: string): boolean {
  for (const char of text) if (!gsmBasic.has(char) && !gsmExtension.has(char)) return false;
  return true;
}

/** Each character's cost in the text's encoding (code points, so pairs stay whole). */
function costs(text: string, encoding: SmsEncoding): number[] {
  return Array.from(text, (char) =>
    encoding === 'gsm7' ? (gsmExtension.has(char) ? 2 : 1) : char.length,
  );
}

/** The text as a carrier splits it: one part when it fits alone, else parts of 153/67 units. */
export function smsPartsOf(text: string): string[] {
  const encoding: SmsEncoding = isGsm7(text) ? 'gsm7' : 'ucs2';
  const chars = Array.from(text);
  const perChar = costs(text, encoding);
  const units = perChar.reduce((sum, cost) => sum + cost, 0);
  const limit = LIMITS[encoding];
  if (units === 0) return [];
  if (units <= limit.single) return [text];
  const parts: string[] = [];
  let part = '';
  let used = 0;
  chars.forEach((char, index) => {
    const cost = perChar[index] ?? 1;
    if (used + cost > limit.part) {
      parts.push(part);
      part = '';
      used = 0;
    }
    part += char;
    used += cost;
  });
  parts.push(part);
  return parts;
}

export function smsSegmentsOf(text: string): SmsSegmentCount {
  const encoding: SmsEncoding = isGsm7(text) ? 'gsm7' : 'ucs2';
  const units = costs(text, encoding).reduce((sum, cost) => sum + cost, 0);
  return { encoding, units, segments: smsPartsOf(text).length };
}

/**
 * The text unchanged when it fits in `maxSegments`; otherwise cut at the last sentence or
 * word end that fits with an ellipsis, so a figure is never cut in half. The ellipsis is
 * "..." for GSM-7 text: "…" is outside GSM-7 and would turn the whole text into UCS-2.
 */
export function fitSmsSegments(text: string, maxSegments: number = SMS_MAX_SEGMENTS): string {
  if (smsSegmentsOf(text).segments <= maxSegments) return text;
  const ellipsis = isGsm7(text) ? '...' : '…';
  const chars = Array.from(text);
  const fits = (length: number) =>
    smsSegmentsOf(chars.slice(0, length).join('') + ellipsis).segments <= maxSegments;
  // Segments only grow with the prefix, so the longest fitting prefix is found by bisection.
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  const room = chars.slice(0, low).join('');
  const sentence = Math.max(room.lastIndexOf('. '), room.lastIndexOf('! '), room.lastIndexOf('? '));
  if (sentence > room.length * 0.5) return room.slice(0, sentence + 1);
  const space = room.lastIndexOf(' ');
  const cut = space > room.length * 0.5 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,;:]+$/, '')}${ellipsis}`;
}
