import type { Channel } from './types.ts';

export const channelLimits = { web: 800, email: 2000, smsSegment: 160, smsSegments: 3 } as const;

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
      // SMS has no markup; links and lists flatten to one line each.
      const flat = cut(
        clean.replace(/\n+/g, ' '),
        channelLimits.smsSegment * channelLimits.smsSegments,
      );
      const segments: string[] = [];
      let rest = flat;
      while (rest.length > 0) {
        if (rest.length <= channelLimits.smsSegment) {
          segments.push(rest);
          break;
        }
        const room = rest.slice(0, channelLimits.smsSegment);
        const space = room.lastIndexOf(' ');
        const end = space > 40 ? space : channelLimits.smsSegment;
        segments.push(rest.slice(0, end).trimEnd());
        rest = rest.slice(end).trimStart();
      }
      return { text: segments.join(' '), segments: segments.slice(0, channelLimits.smsSegments) };
    }
  }
}
