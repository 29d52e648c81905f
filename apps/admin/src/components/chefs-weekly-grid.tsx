import { defaultSettings, slotTimes } from '@teppan/core';
import { useId, useState } from 'react';
import type { WeeklyCell, WeeklyCellInput } from '../api-chefs.ts';
import { FormButtons, SecondaryButton } from './shared-buttons.tsx';

export const weekdayNames = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

const slots = defaultSettings.slots;
const keyOf = (cell: WeeklyCell) => `${cell.weekday}|${cell.slot}`;

/**
 * The weekly availability grid: one native checkbox per weekday × slot, so Tab moves between
 * them and Space toggles. Edits stay local until saved; the saved grid comes back from the
 * server, which refuses a removal that would leave a booked event without a chef.
 */
export function WeeklyGrid(props: {
  weekly: WeeklyCell[];
  isEditable: boolean;
  isSaving: boolean;
  onSave: (weekly: WeeklyCellInput[]) => void;
}) {
  const id = useId();
  const saved = new Set(props.weekly.map(keyOf));
  const [draft, setDraft] = useState<Set<string> | null>(null);
  const current = draft ?? saved;
  const isDirty =
    draft !== null && (draft.size !== saved.size || [...draft].some((k) => !saved.has(k)));

  const toggle = (cell: WeeklyCell) => {
    const next = new Set(current);
    const key = keyOf(cell);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setDraft(next);
  };
  // A key's slot is one of the slot times (the saved grid's and the checkboxes' own).
  const toWeekly = (keys: Set<string>): WeeklyCellInput[] =>
    [...keys].flatMap((key) => {
      const [weekday, part] = key.split('|');
      const slot = slotTimes.find((time) => time === part);
      return slot ? [{ weekday: Number(weekday), slot }] : [];
    });

  return (
    <form
      aria-labelledby={`${id}-caption`}
      onSubmit={(event) => {
        event.preventDefault();
        if (draft) props.onSave(toWeekly(draft));
      }}
    >
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption id={`${id}-caption`} className="sr-only">
            Weekly availability
          </caption>
          <thead className="bg-stone-200">
            <tr>
              <th scope="col" className="p-2">
                Day
              </th>
              {slots.map((slot) => (
                <th key={slot.time} scope="col" className="p-2">
                  {slot.label} <span className="font-normal text-stone-600">{slot.time}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weekdayNames.map((day, weekday) => (
              <tr key={day} className="border-t border-stone-200">
                <th scope="row" className="p-2 font-medium">
                  {day}
                </th>
                {slots.map((slot) => {
                  const cell = { weekday, slot: slot.time };
                  return (
                    <td key={slot.time} className="p-2">
                      <input
                        type="checkbox"
                        className="h-5 w-5"
                        aria-label={`${day} ${slot.label} (${slot.time})`}
                        checked={current.has(keyOf(cell))}
                        disabled={!props.isEditable || props.isSaving}
                        onChange={() => toggle(cell)}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.isEditable ? (
        <FormButtons
          className="mt-3 flex flex-wrap gap-2"
          label="Save availability"
          isPending={props.isSaving}
          isDisabled={!isDirty}
        >
          <SecondaryButton disabled={!isDirty || props.isSaving} onClick={() => setDraft(null)}>
            Discard changes
          </SecondaryButton>
          {isDirty ? (
            <span className="self-center text-sm text-stone-700">Unsaved changes</span>
          ) : null}
        </FormButtons>
      ) : null}
    </form>
  );
}

/** A React key for the grid: a saved change (new version) starts a fresh draft. */
export function weeklyGridKey(weekly: WeeklyCell[], version: number): string {
  return `${version}:${weekly.map(keyOf).join(',')}`;
}
