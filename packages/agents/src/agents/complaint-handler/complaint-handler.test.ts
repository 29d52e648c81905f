import { describe, expect, it } from 'vitest';
import { chat } from '../../orchestrator/chat.test-helper.ts';

describe('Complaint Handler', () => {
  it('collects a contact before handing a complaint to staff, then stays silent', async () => {
    const c = chat();
    const first = await c.say('The chef was late and the food was cold.');
    expect(first.agent).toBe('Complaint Handler');
    expect(first.handoff.active).toBe(false);
    expect(first.reply.text).toMatch(/phone number or email/);
    const second = await c.say('408-555-0100');
    expect(second.handoff).toMatchObject({ active: true, reason: 'complaint' });
    expect(second.handoff.summary).toContain('the food was cold');
    expect(second.toolCalls.map((t) => t.name)).toEqual(['upsertLead']);
    const third = await c.say('hello?');
    expect(third.reply.text).toBe('');
    expect(third.agent).toBe('Human');
  });
});
