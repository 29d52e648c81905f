import { buttonClass, secondaryButtonClass } from '@teppan/web-ui';
import type { FormEvent, ReactNode } from 'react';
import { Link } from 'react-router';

// The booking wizard's frame: the eight steps in order, the progress line and the form each
// step renders into.

export const steps = [
  { id: 'venue', label: 'Venue' },
  { id: 'date', label: 'Date & time' },
  { id: 'menu', label: 'Guests & menu' },
  { id: 'allergens', label: 'Allergies' },
  { id: 'contact', label: 'Contact' },
  { id: 'agreement', label: 'Agreement' },
  { id: 'deposit', label: 'Deposit' },
  { id: 'confirmation', label: 'Confirmation' },
] as const;
export type StepId = (typeof steps)[number]['id'];

export function isStep(value: string | undefined): value is StepId {
  return steps.some((s) => s.id === value);
}

export function Progress({ step }: { step: StepId }) {
  const index = steps.findIndex((s) => s.id === step);
  return (
    <nav aria-label="Booking steps" className="mb-4">
      <p className="text-sm text-stone-600">
        Step {index + 1} of {steps.length}
      </p>
      <ol className="mt-1 flex flex-wrap gap-1 text-xs">
        {steps.map((s, i) => (
          <li
            key={s.id}
            aria-current={s.id === step ? 'step' : undefined}
            className={`rounded px-2 py-1 ${
              s.id === step
                ? 'bg-amber-800 text-white'
                : i < index
                  ? 'bg-amber-100 text-amber-950'
                  : 'bg-stone-200 text-stone-800'
            }`}
          >
            {s.label}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function StepForm(props: {
  title: string;
  onSubmit: () => void | Promise<void>;
  back?: StepId;
  submitLabel?: string;
  busy?: boolean;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void props.onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="step-title">
      <h1 id="step-title" className="mb-4 text-2xl font-bold">
        {props.title}
      </h1>
      {props.children}
      <div className="mt-6 flex flex-wrap gap-3">
        {props.back ? (
          <Link to={`/book/${props.back}`} className={secondaryButtonClass}>
            Back
          </Link>
        ) : null}
        <button type="submit" className={buttonClass} disabled={props.busy}>
          {props.busy ? 'Please wait…' : (props.submitLabel ?? 'Continue')}
        </button>
      </div>
    </form>
  );
}
