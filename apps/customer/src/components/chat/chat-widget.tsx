import { lazy, Suspense, useEffect, useRef, useState } from 'react';

// The panel (and its API code) loads on first open, so the pages' initial JS stays small.
const ChatPanel = lazy(async () => ({ default: (await import('./chat-panel.tsx')).ChatPanel }));

const PANEL_ID = 'chat-panel';

/** The "Chat with us" button on every page; opens the assistant's panel. */
export function ChatWidget() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  // Closing returns focus to the button that opened the panel.
  useEffect(() => {
    if (wasOpen.current && !open) buttonRef.current?.focus();
    wasOpen.current = open;
  }, [open]);

  return (
    <div className="fixed bottom-4 right-4 z-40 flex flex-col items-end gap-2">
      {open ? (
        <Suspense
          fallback={
            <p role="status" className="rounded bg-white p-3 text-sm shadow">
              Opening chat…
            </p>
          }
        >
          <ChatPanel id={PANEL_ID} onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={open ? PANEL_ID : undefined}
        onClick={() => setOpen((value) => !value)}
        className="rounded-full bg-amber-800 px-5 py-3 font-semibold text-white shadow-lg hover:bg-amber-900 focus:outline-none focus-visible:ring-4 focus-visible:ring-amber-400"
      >
        {open ? 'Close chat' : 'Chat with us'}
      </button>
    </div>
  );
}
