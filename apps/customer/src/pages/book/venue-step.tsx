import { ValueTextField } from '@teppan/web-ui';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useDraft } from '../../draft.ts';
import { StepForm } from './step-form.tsx';

export function VenueStep() {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  return (
    <StepForm
      title="Where is the party?"
      onSubmit={() => {
        if (!/^\d{5}(-\d{4})?$/.test(draft.venue.zip.trim())) {
          setError('Enter a 5-digit US ZIP code.');
          return;
        }
        void navigate('/book/date');
      }}
    >
      <ValueTextField
        label="ZIP code"
        name="zip"
        required
        inputMode="numeric"
        autoComplete="postal-code"
        value={draft.venue.zip}
        error={error}
        onChange={(zip) => {
          setError(undefined);
          update((d) => ({ venue: { ...d.venue, zip } }));
        }}
      />
      <ValueTextField
        label="Street address"
        name="address"
        hint="Optional now; it makes the travel fee exact."
        autoComplete="street-address"
        value={draft.venue.address}
        onChange={(address) => update((d) => ({ venue: { ...d.venue, address } }))}
      />
    </StepForm>
  );
}
