import { fitSmsSegments, SMS_MAX_SEGMENTS, smsPartsOf } from '@teppan/core';
import type { Channel } from './types.ts';

export const channelLimits = { web: 800, email: 2000, smsSegments: SMS_MAX_SEGMENTS } as const;

/** Cuts at the last sentence or word end that fits, so a figure is never cut in half. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const sentence = Math.max(room.lastIndexOf('. '), room.lastIndexOf('! '), room.lastIndexOf('? '));
  if (sentence > max * 0.5) return room.slice(0, sentence + 1);
  const space = room.lastIndexOf(' ');
  return `${room.slice(0, space > 0 ? space : room.length).replace(/[\s,;:]+$/, '')}…`;
}

export function formatForChannel(
  text: string,
  channel: Channel,
): { text: string; segments?: string[] } {
  const clean = text.replace(/[ \t]+/g, ' ').trim();
  switch (channel) {
    case 'web':
      return { text: cut(clean, channelLimits.web) };
    case 'email':
      return { text: cut(clean, channelLimits.email) };
    case 'sms': {
      // SMS has no markup; links and lists flatten to one line each. The length rule is the
      // carrier's (GSM-7/UCS-2 segments, packages/core), the same one the SMS relay applies.
      const flat = fitSmsSegments(clean.replace(/\n+/g, ' '), channelLimits.smsSegments);
      return { text: flat, segments: smsPartsOf(flat) };
    }
  }
}
