import { buttonClass, Notice } from '@teppan/web-ui';
import { useEffect, useState } from 'react';
import type { HoldView } from '../api.ts';
import { formatDuration } from '../format.ts';

export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The hold's visible countdown; at zero it explains what happened and how to go on. */
export function HoldTimer(props: { hold: HoldView; signed: boolean; onExpired: () => void }) {
  const now = useNow();
  const left = new Date(props.hold.expiresAt).getTime() - now;
  if (left <= 0) {
    return (
      <Notice tone="warn">
        <div role="alert">
          <p className="font-semibold">Your hold has expired.</p>
          <p>
            We keep a place for you only for a limited time so other hosts can book it. The place
            has been released; if it is still free you can hold it again.
          </p>
          <button type="button" className={buttonClass + ' mt-2'} onClick={props.onExpired}>
            Choose a date and time again
          </button>
        </div>
      </Notice>
    );
  }
  return (
    <Notice>
      <p data-testid="hold-countdown">
        <span className="font-semibold">Your place is held for {formatDuration(left)}.</span>{' '}
        {props.signed
          ? 'Choose how to pay the deposit before then.'
          : 'Sign the agreement before then; you then have more time to pay the deposit.'}
      </p>
    </Notice>
  );
}
