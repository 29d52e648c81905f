import { inputClass, secondaryButtonClass, ValueTextField } from '@teppan/web-ui';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { useDraft, type Draft } from '../../draft.ts';
import { StepForm } from './step-form.tsx';

export function AllergensStep() {
  const [draft, update] = useDraft();
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  const guests = draft.adults + draft.children + draft.toddlers;
  if (guests === 0) return <Navigate to="/book/menu" replace />;
  const setRow = (i: number, patch: Partial<Draft['allergies'][number]>) =>
    update((d) => ({ allergies: d.allergies.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  return (
    <StepForm
      title="Food allergies"
      back="menu"
      onSubmit={() => {
        if (draft.allergies.some((r) => r.allergy.trim() === ''))
          return setError('Describe the allergy on every row, or remove the empty row.');
        if (!draft.allGuestsAsked)
          return setError(`Please ask all ${guests} guests about allergies and confirm below.`);
        void navigate('/book/contact');
      }}
    >
      <p className="mb-3">
        Our chef cooks on a shared grill. Please ask{' '}
        <strong>every one of your {guests} guests</strong> about food allergies and list them here
        (for example shellfish, sesame, gluten, soy, eggs).
      </p>
      {draft.allergies.length === 0 ? (
        <p className="mb-3 text-stone-700">No allergies listed.</p>
      ) : null}
      {draft.allergies.map((row, i) => (
        <fieldset key={i} className="mb-3 rounded border border-stone-300 bg-white p-3">
          <legend className="px-1 font-semibold">Allergy {i + 1}</legend>
          <ValueTextField
            label="Guest name (optional)"
            value={row.guest}
            onChange={(guest) => setRow(i, { guest })}
          />
          <ValueTextField
            label="Allergy"
            required
            value={row.allergy}
            onChange={(allergy) => {
              setError(undefined);
              setRow(i, { allergy });
            }}
          />
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => update((d) => ({ allergies: d.allergies.filter((_, j) => j !== i) }))}
          >
            Remove allergy {i + 1}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className={secondaryButtonClass + ' mb-4'}
        onClick={() => update((d) => ({ allergies: [...d.allergies, { guest: '', allergy: '' }] }))}
      >
        Add an allergy
      </button>
      <div className="mb-4">
        <label htmlFor="special-requests" className="block font-medium">
          Special requests (optional)
        </label>
        <textarea
          id="special-requests"
          className={inputClass}
          rows={3}
          maxLength={2000}
          value={draft.specialRequests}
          onChange={(e) => update({ specialRequests: e.target.value })}
        />
      </div>
      <div className="flex items-start gap-2">
        <input
          id="all-asked"
          type="checkbox"
          checked={draft.allGuestsAsked}
          aria-invalid={error && !draft.allGuestsAsked ? true : undefined}
          onChange={(e) => {
            setError(undefined);
            update({ allGuestsAsked: e.target.checked });
          }}
          className="mt-1"
        />
        <label htmlFor="all-asked">
          I have asked all {guests} guests about food allergies, and the list above is complete.
        </label>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-red-800">
          {error}
        </p>
      ) : null}
    </StepForm>
  );
}
