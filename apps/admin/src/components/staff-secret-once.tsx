import { buttonClass, inputClass } from '@teppan/web-ui';
import { useId, useState } from 'react';
import { SecondaryButton } from './shared-buttons.tsx';

/** A new API key's secret: shown once, copyable, gone once dismissed. */
export function SecretOnce(props: { name: string; secret: string; onDone: () => void }) {
  const id = useId();
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };
  return (
    <div
      role="alert"
      data-testid="api-key-secret"
      className="mb-4 rounded border-2 border-amber-700 bg-amber-50 p-4"
    >
      <p className="font-semibold">Copy the key for “{props.name}” now.</p>
      <p className="mb-2">
        You will not see it again: we store only a hash of it. If it is lost, rotate the key.
      </p>
      <label htmlFor={`${id}-secret`} className="block font-medium">
        API key
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id={`${id}-secret`}
          readOnly
          value={props.secret}
          onFocus={(event) => event.target.select()}
          className={`${inputClass} font-mono sm:flex-1`}
        />
        <SecondaryButton onClick={() => void copy()}>Copy</SecondaryButton>
        <button type="button" className={buttonClass} onClick={props.onDone}>
          I have stored it
        </button>
      </div>
      <p aria-live="polite" className="mt-1 text-sm">
        {copyState === 'copied'
          ? 'Copied to the clipboard.'
          : copyState === 'failed'
            ? 'Copy failed; select the key and copy it by hand.'
            : ''}
      </p>
    </div>
  );
}
