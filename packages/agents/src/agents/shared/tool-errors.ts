import type { Turn } from '../agent.ts';

/** A tool's refusal in customer words; digits are dropped so no unverified number is quoted. */
export function toolErrorText(result: { code: string; message: string }, turn: Turn): string {
  if (result.code === 'ZIP_NOT_FOUND') {
    delete turn.state.slots.zip;
    return "I couldn't find that ZIP code. Could you double-check it?";
  }
  return `${result.message.replace(/\d/g, '').trim()} Could you check the details?`;
}
