import { api, ApiError } from '../../api.ts';

export type ChatMessage = {
  id: number;
  role: 'customer' | 'assistant' | 'staff';
  text: string;
  createdAt: string;
};

export type ChatSession = { id: string; token: string };

export type SendResult = {
  reply: { text: string };
  intent: string;
  agent: string;
  toolCalls: { name: string; input: unknown; output: unknown }[];
  handoff: { active: boolean; reason?: string };
};

export type MessagesAfter = { messages: ChatMessage[]; handoff: { active: boolean } };

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

async function conversationFetch<T>(
  session: ChatSession,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`/api/v1/conversations/${session.id}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      accept: 'application/json',
      'x-conversation-token': session.token,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).catch(() => {
    throw new ApiError(0, 'NETWORK', 'We could not reach the server. Check your connection.');
  });
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const envelope = (data ?? {}) as { error?: { code?: string; message?: string } };
    throw new ApiError(
      response.status,
      envelope.error?.code ?? `HTTP_${response.status}`,
      envelope.error?.message ?? `The server answered ${response.status}.`,
    );
  }
  return data as T;
}

export function startConversation(): Promise<ChatSession> {
  return api<ChatSession>('/api/v1/conversations', { body: { channel: 'web' } });
}

export function sendMessage(session: ChatSession, text: string): Promise<SendResult> {
  return conversationFetch<SendResult>(session, '/messages', { text });
}

export function messagesAfter(session: ChatSession, afterId: number): Promise<MessagesAfter> {
  return conversationFetch<MessagesAfter>(session, `/messages?after=${afterId}`);
}
