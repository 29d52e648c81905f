import { inputClass } from '@teppan/web-ui';
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

type CompactFieldProps = {
  /** The control's id; the label points at it and the error line is `${id}-error`. */
  id: string;
  label: ReactNode;
  /** The error line under the control; left out or empty while the value is fine. */
  error?: string | undefined;
  /** Classes for the wrapper (grid spans and the like). */
  className?: string | undefined;
};

/**
 * A small-type label above a control, with an error line under it while there is one: the
 * dense forms (settings, date rules, decision notes) use it where the kit's Field is larger.
 */
export function CompactField(props: CompactFieldProps & { children: ReactNode }) {
  return (
    <div className={props.className}>
      <label htmlFor={props.id} className="block text-sm font-medium">
        {props.label}
      </label>
      {props.children}
      {props.error ? (
        <p id={`${props.id}-error`} className="mt-1 text-sm text-red-800">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** The aria wiring of a control whose field shows `error`. */
function invalidIf(id: string, error: string | undefined) {
  return error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};
}

/** CompactField around an <input>. */
export function CompactTextField({
  id,
  label,
  error,
  className,
  ...input
}: CompactFieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'>) {
  return (
    <CompactField id={id} label={label} error={error} className={className}>
      <input id={id} className={inputClass} {...input} {...invalidIf(id, error)} />
    </CompactField>
  );
}

/** CompactField around a <select> (options as children). */
export function CompactSelectField({
  id,
  label,
  className,
  children,
  ...select
}: Omit<CompactFieldProps, 'error'> &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'className'>) {
  return (
    <CompactField id={id} label={label} className={className}>
      <select id={id} className={inputClass} {...select}>
        {children}
      </select>
    </CompactField>
  );
}

/** A one-line note (up to 1,000 characters) with the buttons that send it beside it. */
export function NoteWithActions(props: {
  id: string;
  label: string;
  note: string;
  onNoteChange: (note: string) => void;
  /** The buttons, after the note. */
  children: ReactNode;
}) {
  return (
    <div className="mt-3 flex flex-wrap items-end gap-3">
      <CompactTextField
        id={props.id}
        label={props.label}
        className="min-w-64 flex-1"
        value={props.note}
        maxLength={1000}
        onChange={(event) => props.onNoteChange(event.target.value)}
      />
      {props.children}
    </div>
  );
}
