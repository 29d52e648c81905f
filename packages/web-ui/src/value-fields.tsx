import { useId } from 'react';
import { inputClass, secondaryButtonClass } from './classes.ts';

/**
 * A labelled text input that makes its own id and hands the new value string to `onChange`
 * (the customer site's forms). `Field`/`TextField` in fields.tsx take the id and the raw props.
 */
export function ValueTextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  type?: string;
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'tel' | 'email';
  required?: boolean;
  name?: string;
}) {
  const id = useId();
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className="mb-4">
      <label htmlFor={id} className="block font-medium">
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {props.hint ? (
        <p id={`${id}-hint`} className="text-sm text-stone-600">
          {props.hint}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => props.onChange(event.target.value)}
        className={inputClass}
      />
      {props.error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-800">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** A whole-number stepper that stays usable with the keyboard and screen readers. */
export function CountField(props: {
  label: string;
  value: number;
  onChange: (value: number) => void;
  hint?: string;
  max?: number;
  name?: string;
}) {
  const id = useId();
  const max = props.max ?? 300;
  const set = (n: number) => props.onChange(Math.max(0, Math.min(max, Math.floor(n))));
  return (
    <div className="mb-3 flex items-center justify-between gap-3">
      <div>
        <label htmlFor={id} className="font-medium">
          {props.label}
        </label>
        {props.hint ? <p className="text-sm text-stone-600">{props.hint}</p> : null}
      </div>
      <div className="flex items-center gap-1">
        <button
          type="button"
          className={secondaryButtonClass + ' px-3'}
          onClick={() => set(props.value - 1)}
          disabled={props.value <= 0}
          aria-label={`One fewer: ${props.label}`}
        >
          −
        </button>
        <input
          id={id}
          name={props.name}
          type="number"
          inputMode="numeric"
          min={0}
          max={max}
          value={props.value}
          onChange={(event) => set(Number(event.target.value) || 0)}
          className="w-16 rounded border border-stone-400 px-2 py-2 text-center"
        />
        <button
          type="button"
          className={secondaryButtonClass + ' px-3'}
          onClick={() => set(props.value + 1)}
          disabled={props.value >= max}
          aria-label={`One more: ${props.label}`}
        >
          +
        </button>
      </div>
    </div>
  );
}
