import { buttonClass, compactSecondaryButtonClass } from '@teppan/web-ui';
import type { ButtonHTMLAttributes, ReactNode } from 'react';

/** A compact secondary button that never submits its form (Cancel, Discard, Reject…). */
export function SecondaryButton(props: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'>) {
  return <button type="button" className={compactSecondaryButtonClass} {...props} />;
}

/**
 * A form's row of buttons: the submit button first, disabled while the save runs (its label
 * then says so), then whatever goes beside it (Cancel, Discard, a "no changes" note).
 */
export function FormButtons(props: {
  className: string;
  label: ReactNode;
  isPending: boolean;
  /** What the submit button says while the save runs. */
  pendingLabel?: string;
  /** Disables the submit button for another reason than a save in flight. */
  isDisabled?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className={props.className}>
      <button type="submit" className={buttonClass} disabled={props.isPending || props.isDisabled}>
        {props.isPending ? (props.pendingLabel ?? 'Saving…') : props.label}
      </button>
      {props.children}
    </div>
  );
}
