import { resolveSlot } from '@teppan/core';
import { ValueTextField } from '@teppan/web-ui';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { SlotPicker } from '../../components/slot-picker.tsx';
import { useDraft } from '../../draft.ts';
import { formatTime } from '../../format.ts';
import type { LoadedSettings } from '../../settings.ts';
import { StepForm } from './step-form.tsx';

export function DateStep({ settings }: { settings: LoadedSettings }) {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const [timeError, setTimeError] = useState<string>();
  const windowMinutes = settings.core.requestedTimeWindowMinutes;
  if (!draft.venue.zip) return <Navigate to="/book/venue" replace />;
  return (
    <StepForm
      title="Pick a date and time"
      back="venue"
      onSubmit={() => {
        if (!draft.date || !draft.slot) {
          setError('Choose a date and one of its open time slots.');
          return;
        }
        if (draft.requestedTime) {
          const slot = resolveSlot({
            requestedTime: draft.requestedTime,
            slots: settings.core.slots,
            windowMinutes,
          });
          if (slot !== draft.slot) {
            setTimeError(
              `Choose a start time within ${windowMinutes} minutes of ${formatTime(draft.slot)}, or leave it empty.`,
            );
            return;
          }
        }
        void navigate('/book/menu');
      }}
    >
      <SlotPicker
        timeZone={settings.published.station.timeZone}
        date={draft.date}
        slot={draft.slot}
        onChange={({ date, slot }) => {
          setError(undefined);
          update({ date, slot });
        }}
      />
      {error ? (
        <p role="alert" className="mt-2 text-red-800">
          {error}
        </p>
      ) : null}
      <div className="mt-4">
        <ValueTextField
          label="Preferred start time (optional)"
          name="requestedTime"
          type="time"
          hint={`Any time within ${windowMinutes} minutes of the chosen slot.`}
          value={draft.requestedTime}
          error={timeError}
          onChange={(requestedTime) => {
            setTimeError(undefined);
            update({ requestedTime });
          }}
        />
      </div>
    </StepForm>
  );
}
