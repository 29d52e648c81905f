import { describe, expect, it } from 'vitest';
import { chat } from '../../orchestrator/chat.test-helper.ts';

describe('Knowledge Base', () => {
  it('cites the knowledge document it answers from', async () => {
    const out = await chat().say("What's your cancellation policy?");
    expect(out.reply.text).toContain('(Source: Policies — Cancellation)');
  });
});
