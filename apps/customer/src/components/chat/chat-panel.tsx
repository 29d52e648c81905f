import { buttonClass, ErrorBox, inputClass } from '@teppan/web-ui';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api.ts';
import {
  loadChat,
  messagesAfter,
  saveChat,
  sendMessage,
  startConversation,
  type ChatMessage,
  type ChatSession,
} from './chat-api.ts';
import { ChatMessageText } from './chat-message-text.tsx';

/** While a person owns the conversation, their replies are fetched this often. */
const POLL_MS = 3000;

const speaker: Record<ChatMessage['role'], string> = {
  customer: 'You',
  assistant: 'Assistant',
  staff: 'Teppan team',
};

const bubble: Record<ChatMessage['role'], string> = {
  customer: 'ml-8 bg-amber-100 text-stone-900',
  assistant: 'mr-8 bg-stone-100 text-stone-900',
  staff: 'mr-8 border border-sky-300 bg-sky-50 text-sky-950',
};

function merge(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const seen = new Set(current.map((m) => m.id));
  const added = incoming.filter((m) => !seen.has(m.id) && m.text.trim() !== '');
  return added.length ? [...current, ...added].sort((a, b) => a.id - b.id) : current;
}

export function ChatPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const initial = useRef(loadChat());
  const [session, setSession] = useState<ChatSession | null>(initial.current?.session ?? null);
  const [messages, setMessages] = useState<ChatMessage[]>(initial.current?.messages ?? []);
  const [handoff, setHandoff] = useState(initial.current?.handoff ?? false);
  const [draft, setDraft] = useState('');
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const logRef = useRef<HTMLOListElement>(null);
  const titleId = useId();
  const inputId = useId();
  const lastId = messages.at(-1)?.id ?? 0;

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  useEffect(() => {
    saveChat(session ? { session, messages, handoff } : null);
  }, [session, messages, handoff]);

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [messages, pending]);

  const sync = useCallback(async (current: ChatSession, after: number) => {
    const result = await messagesAfter(current, after);
    setMessages((list) => merge(list, result.messages));
    setHandoff(result.handoff.active);
  }, []);

  // Staff replies arrive only by polling, so poll while a person owns the conversation.
  useEffect(() => {
    if (!session || !handoff) return;
    const timer = window.setInterval(() => {
      sync(session, lastId).catch((e: unknown) => {
        if (e instanceof ApiError && (e.status === 403 || e.status === 404)) {
          setSession(null);
          setMessages([]);
          setHandoff(false);
        }
      });
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [session, handoff, lastId, sync]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text || pending !== null) return;
    setPending(text);
    setDraft('');
    setError(null);
    try {
      let current = session;
      if (!current) {
        current = await startConversation();
        setSession(current);
      }
      const result = await sendMessage(current, text);
      setHandoff(result.handoff.active);
      await sync(current, lastId);
    } catch (e) {
      setDraft(text);
      setError(e);
    } finally {
      setPending(null);
      inputRef.current?.focus();
    }
  }

  return (
    <section
      id={id}
      role="dialog"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
      className="flex max-h-[75vh] w-[min(24rem,calc(100vw-2rem))] flex-col rounded-lg border border-stone-300 bg-white shadow-xl"
    >
      <header className="flex items-center justify-between border-b border-stone-200 px-4 py-2">
        <h2 id={titleId} className="font-semibold">
          Chat with us
        </h2>
        <button
          type="button"
          onClick={onClose}
          className="rounded px-2 py-1 text-sm hover:bg-stone-100"
          aria-label="Close chat"
        >
          ✕
        </button>
      </header>
      {handoff ? (
        <p
          className="border-b border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-950"
          role="status"
        >
          A member of our team has this conversation and will reply here.
        </p>
      ) : null}
      <ol
        ref={logRef}
        role="log"
        aria-live="polite"
        aria-label="Conversation"
        tabIndex={0}
        className="flex-1 space-y-2 overflow-y-auto px-4 py-3 text-sm"
        data-testid="chat-log"
      >
        {messages.length === 0 && pending === null ? (
          <li className="text-stone-600">
            Ask for a price, a free date, our menu or anything about your party.
          </li>
        ) : null}
        {messages.map((message) => (
          <li
            key={message.id}
            className={`whitespace-pre-wrap rounded p-2 ${bubble[message.role]}`}
            data-testid={`chat-message-${message.role}`}
          >
            <span className="block text-xs font-semibold">{speaker[message.role]}</span>
            <ChatMessageText text={message.text} />
          </li>
        ))}
        {pending !== null ? (
          <li className={`whitespace-pre-wrap rounded p-2 opacity-70 ${bubble.customer}`}>
            <span className="block text-xs font-semibold">You</span>
            {pending}
          </li>
        ) : null}
      </ol>
      {pending !== null ? (
        <p role="status" className="px-4 text-xs text-stone-600">
          Sending…
        </p>
      ) : null}
      {error ? (
        <div className="px-4">
          <ErrorBox error={error} title="Your message was not sent." />
        </div>
      ) : null}
      <form
        onSubmit={(event) => void onSubmit(event)}
        className="flex items-end gap-2 border-t border-stone-200 p-3"
      >
        <div className="flex-1">
          <label htmlFor={inputId} className="text-sm font-medium">
            Message
          </label>
          <input
            ref={inputRef}
            id={inputId}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            maxLength={2000}
            autoComplete="off"
            className={inputClass}
          />
        </div>
        <button type="submit" className={buttonClass} disabled={pending !== null || !draft.trim()}>
          Send
        </button>
      </form>
    </section>
  );
}
