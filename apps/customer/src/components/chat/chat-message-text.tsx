import { Fragment } from 'react';
import { splitChatLinks } from './chat-links.ts';

/**
 * A chat message with its links clickable. Text and anchors are React nodes (escaped), never
 * HTML; only http(s) URLs and this site's paths become anchors (chat-links.ts).
 */
export function ChatMessageText({ text }: { text: string }) {
  const parts = splitChatLinks(text, window.location.origin);
  return (
    <>
      {parts.map((part, i) =>
        part.kind === 'text' ? (
          <Fragment key={i}>{part.text}</Fragment>
        ) : (
          <a
            key={i}
            href={part.href}
            className="break-all font-medium text-amber-900 underline hover:text-amber-700"
            {...(part.isSameSite ? {} : { target: '_blank', rel: 'noopener noreferrer' })}
          >
            {part.text}
          </a>
        ),
      )}
    </>
  );
}
