import { buttonClass, dangerButtonClass } from '@teppan/web-ui';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { SecondaryButton } from './shared-buttons.tsx';

/**
 * A modal confirmation on the native <dialog>: focus moves into it, Escape cancels, and the
 * page behind is inert while it is open. Every yes/no question in the panel uses this one.
 */
export function ConfirmDialog(props: {
  isOpen: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  isDanger?: boolean;
  isPending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.isOpen && !dialog.open) dialog.showModal();
    if (!props.isOpen && dialog.open) dialog.close();
  }, [props.isOpen]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
      className="m-auto max-w-lg rounded border border-stone-400 p-0 backdrop:bg-stone-900/50"
    >
      {props.isOpen ? (
        <div className="p-5">
          <h2 id={titleId} className="mb-3 text-lg font-semibold">
            {props.title}
          </h2>
          <div className="mb-4">{props.children}</div>
          <div className="flex justify-end gap-2">
            <SecondaryButton onClick={props.onCancel}>Cancel</SecondaryButton>
            <button
              type="button"
              className={props.isDanger ? dangerButtonClass : buttonClass}
              disabled={props.isPending}
              onClick={props.onConfirm}
            >
              {props.isPending ? 'Working…' : props.confirmLabel}
            </button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
