import type { SlotTime } from '@teppan/core';
import type { AvailabilityOutput } from '../../tools/agent-tools.ts';
import { displayDate, displayTime } from '../../orchestrator/display.ts';
import type { AgentContext } from '../agent.ts';

/** The open times of one day, or '' when availability cannot be loaded. */
export async function openSlotsText(context: AgentContext, date: string): Promise<string> {
  const result = await context.callTool('availability', { from: date, to: date }, () =>
    context.tools.availability({ from: date, to: date }),
  );
  if (!result.ok) return '';
  return describeDay(result.value, date, context.turn.state.slots.slot);
}

export function describeDay(
  availability: AvailabilityOutput,
  date: string,
  wanted?: SlotTime,
): string {
  const day = availability.days.find((d) => d.date === date);
  const open = (day?.slots ?? []).filter((s) => s.bookable);
  if (open.length === 0) return `${displayDate(date)} is fully booked.`;
  const list = open.map((s) => `${displayTime(s.slot)} (${s.label})`).join(', ');
  if (wanted !== undefined) {
    const isOpen = open.some((s) => s.slot === wanted);
    const others = open.filter((s) => s.slot !== wanted);
    const otherList = others.map((s) => `${displayTime(s.slot)} (${s.label})`).join(', ');
    if (isOpen) {
      return `${displayTime(wanted)} on ${displayDate(date)} is open.${others.length > 0 ? ` Also open that day: ${otherList}.` : ''}`;
    }
    return `${displayTime(wanted)} on ${displayDate(date)} is taken; open times that day: ${list}.`;
  }
  return `Open times on ${displayDate(date)}: ${list}.`;
}
