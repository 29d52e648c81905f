import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react';
import { inputClass } from './classes.ts';

type FieldProps = {
  /** The control's id; the label points at it and the error line is `${id}-error`. */
  id: string;
  label: ReactNode;
  /**
   * Left out: no error line. A string (empty while valid): the control is described by an
   * error line that is always there, and marked invalid while the string is not empty.
   */
  error?: string | undefined;
  /** Classes for the wrapper (grid spans and the like). */
  className?: string | undefined;
  /** A line under the control saying what it takes (`${id}-hint`, describes the control). */
  hint?: string | undefined;
};

/** A label above any control, with the optional hint and error lines below it. */
export function Field(props: FieldProps & { children: ReactNode }) {
  return (
    <div className={props.className}>
      <label htmlFor={props.id} className="block font-medium">
        {props.label}
      </label>
      {props.children}
      {props.hint ? (
        <p id={`${props.id}-hint`} className="text-sm text-stone-600">
          {props.hint}
        </p>
      ) : null}
      {props.error !== undefined ? (
        <p id={`${props.id}-error`} className="text-sm text-red-800">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** The aria wiring a control gets from its field's hint and error lines. */
function describedBy(id: string, options: { error: string | undefined; hint: string | undefined }) {
  const ids = [
    ...(options.hint ? [`${id}-hint`] : []),
    ...(options.error !== undefined ? [`${id}-error`] : []),
  ];
  return {
    ...(options.error ? { 'aria-invalid': true } : {}),
    ...(ids.length ? { 'aria-describedby': ids.join(' ') } : {}),
  };
}

/** Label + <input> + optional error line. */
export function TextField({
  id,
  label,
  error,
  hint,
  className,
  ...input
}: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'>) {
  return (
    <Field id={id} label={label} error={error} hint={hint} className={className}>
      <input id={id} {...input} {...describedBy(id, { error, hint })} className={inputClass} />
    </Field>
  );
}

/** Label + <select> (options as children) + optional error line. */
export function SelectField({
  id,
  label,
  error,
  className,
  children,
  ...select
}: FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'className'>) {
  return (
    <Field id={id} label={label} error={error} className={className}>
      <select
        id={id}
        {...select}
        {...describedBy(id, { error, hint: undefined })}
        className={inputClass}
      >
        {children}
      </select>
    </Field>
  );
}

/** Label + <textarea> + optional error line. */
export function TextAreaField({
  id,
  label,
  error,
  className,
  ...textarea
}: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'className'>) {
  return (
    <Field id={id} label={label} error={error} className={className}>
      <textarea
        id={id}
        {...textarea}
        {...describedBy(id, { error, hint: undefined })}
        className={inputClass}
      />
    </Field>
  );
}
