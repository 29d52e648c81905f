import { routes } from '@teppan/web-client';
import type { contract, RouteResponse } from '@teppan/core/contract';
import { call } from '../../api.ts';

export type ChatMessage = {
  id: number;
  role: 'customer' | 'assistant' | 'staff';
  text: string;
  createdAt: string;
};

export type ChatSession = RouteResponse<typeof contract.conversations.start>;

export type SendResult = RouteResponse<typeof contract.conversations.send>;

/** The contract types `role` as a string; the widget knows the three the server writes. */
export type MessagesAfter = Omit<
  RouteResponse<typeof contract.conversations.messagesAfter>,
  'messages'
> & { messages: ChatMessage[] };

const STORAGE_KEY = 'teppan.chat';

export type StoredChat = { session: ChatSession; messages: ChatMessage[]; handoff: boolean };

/** The conversation id and token (and what was said) live for this tab only. */
export function loadChat(): StoredChat | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<StoredChat>;
    if (typeof parsed.session?.id !== 'string' || typeof parsed.session.token !== 'string')
      return null;
    return {
      session: parsed.session,
      messages: Array.isArray(parsed.messages) ? parsed.messages : [],
      handoff: parsed.handoff === true,
    };
  } catch {
    return null;
  }
}

export function saveChat(chat: StoredChat | null): void {
  try {
    if (chat) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(chat));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be full or disabled; the chat still works for this page view.
  }
}

export function startConversation(): Promise<ChatSession> {
  return call(routes.conversations.start, { body: { channel: 'web' } });
}

export function sendMessage(session: ChatSession, text: string): Promise<SendResult> {
  return call(routes.conversations.send, {
    params: { id: session.id },
    headers: { 'x-conversation-token': session.token },
    body: { text },
  });
}

export function messagesAfter(session: ChatSession, afterId: number): Promise<MessagesAfter> {
  return call(routes.conversations.messagesAfter, {
    params: { id: session.id },
    query: { after: afterId },
    headers: { 'x-conversation-token': session.token },
  }) as Promise<MessagesAfter>;
}
