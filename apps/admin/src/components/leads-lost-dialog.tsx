import { inputClass } from '@teppan/web-ui';
import { useId, useState } from 'react';
import { ConfirmDialog } from './confirm-dialog.tsx';

/** Marking a lead lost needs a reason (the API refuses it without one). */
export function LostReasonDialog(props: {
  leadName: string | null;
  isPending: boolean;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [isTouched, setIsTouched] = useState(false);
  const isMissing = reason.trim() === '';
  return (
    <ConfirmDialog
      isOpen={props.leadName !== null}
      title={`Mark ${props.leadName ?? 'this lead'} as lost`}
      confirmLabel="Mark lost"
      isDanger
      isPending={props.isPending}
      onCancel={() => {
        setReason('');
        setIsTouched(false);
        props.onCancel();
      }}
      onConfirm={() => {
        setIsTouched(true);
        if (isMissing) return;
        props.onConfirm(reason.trim());
        setReason('');
        setIsTouched(false);
      }}
    >
      <label htmlFor={id} className="block font-medium">
        Why was it lost? (required)
      </label>
      <textarea
        id={id}
        value={reason}
        maxLength={500}
        rows={3}
        aria-invalid={isTouched && isMissing}
        aria-describedby={isTouched && isMissing ? `${id}-error` : undefined}
        onChange={(event) => setReason(event.target.value)}
        className={inputClass}
      />
      {isTouched && isMissing ? (
        <p id={`${id}-error`} className="mt-1 text-red-800">
          Say why the lead was lost.
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
