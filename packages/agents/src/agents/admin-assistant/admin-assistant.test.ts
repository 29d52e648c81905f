import { describe, expect, it } from 'vitest';
import { chat } from '../../orchestrator/chat.test-helper.ts';

describe('Admin Assistant', () => {
  it('answers staff questions only for staff', async () => {
    expect((await chat().say('what is our revenue this week')).agent).toBe('Conversational');
    const staff = await chat({ role: 'staff' }).say('what is our revenue this week');
    expect(staff.agent).toBe('Admin Assistant');
    expect(staff.reply.text).toContain('TP-1101');
  });
});
