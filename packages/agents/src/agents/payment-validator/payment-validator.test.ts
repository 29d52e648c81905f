import { describe, expect, it } from 'vitest';
import { chat } from '../../orchestrator/chat.test-helper.ts';

describe('Payment Validator', () => {
  it('checks identity before showing a booking', async () => {
    const c = chat();
    const wrong = await c.say('payment status for TP-1042, email: someone@else.com');
    expect(wrong.reply.text).toContain("couldn't match");
    const right = await c.say('TP-1042, phone 408-555-1234');
    expect(right.toolCalls.map((t) => t.name)).toEqual(['findBooking', 'paymentStatus']);
    expect(right.reply.text).toContain('$100.00');
  });
});
