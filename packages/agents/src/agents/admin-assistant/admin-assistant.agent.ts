import { addDays, utcToZoned } from '@teppan/core';
import type { AgentName } from '../../orchestrator/types.ts';
import type { Agent } from '../agent.ts';
import { scheduleText, scheduleUnavailable, staffOnly } from './admin-assistant.prompts.ts';

const agent: AgentName = 'Admin Assistant';

/** Schedule and revenue questions, for staff only; customers get a polite refusal. */
export const adminAssistant: Agent<'staff_question'> = {
  name: agent,
  intents: ['staff_question'],
  async handle(context) {
    const { turn } = context;
    if (turn.state.role !== 'staff') return { agent: 'Conversational', text: staffOnly };
    const today = utcToZoned({ instant: turn.now, timeZone: context.timeZone }).date;
    // "this week" / "next week" read as a range starting today; a named date as that day.
    const isWeek = /\bweek\b/i.test(turn.text);
    const from = isWeek ? today : (turn.entities.date ?? today);
    const to = isWeek ? addDays(today, 7) : (turn.entities.date ?? addDays(today, 7));
    const result = await context.callTool('scheduleSummary', { from, to }, () =>
      context.tools.scheduleSummary({ from, to }),
    );
    if (!result.ok) return { agent, text: scheduleUnavailable };
    return { agent, text: scheduleText(result.value) };
  },
};
