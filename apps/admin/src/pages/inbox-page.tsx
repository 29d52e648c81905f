import { routes } from '@teppan/web-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  buttonClass,
  compactSecondaryButtonClass,
  Empty,
  inputClass,
  Section,
} from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { call } from '../api.ts';
import {
  type InboxMessage,
  type InboxStatus,
  type InboxReply,
  type InboxToolCall,
} from '../api-bookings.ts';
import { LoadMore, NoAccess } from '../components/list-status.tsx';
import {
  BackLink,
  MutationError,
  PageList,
  QueryStatus,
  RefreshPageHeader,
} from '../components/page-parts.tsx';
import { formatDateTime } from '../format.ts';
import { useCursorList } from '../hooks/page-cursor-list.ts';
import { useCan, useSession } from '../session.tsx';

const statusLabels: Record<InboxStatus, string> = {
  assistant: 'Assistant answering',
  handoff: 'Needs staff',
};

/** The contract types a conversation's status as a string; an unknown one shows as it is. */
const statusLabel = (status: string): string =>
  status === 'assistant' || status === 'handoff' ? statusLabels[status] : status;

const noAccessMessage = 'Your role cannot read assistant conversations.';

/** Conversations by status, newest activity first. */
export function InboxPage() {
  const can = useCan();
  const me = useSession();
  // Each conversation belongs to a station (ADR 0019); say which when there is a choice.
  const showsStation = me.role === 'super_admin' || me.stations.length > 1;
  const stationName = (stationId: string | null) =>
    stationId === null
      ? 'No station yet (super admins only)'
      : (me.stations.find((station) => station.id === stationId)?.name ?? stationId.slice(0, 8));
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status: InboxStatus | undefined =
    raw === 'assistant' || raw === 'handoff' ? raw : undefined;
  const { query: inbox, items } = useCursorList({
    queryKey: ['inbox', status ?? 'all'],
    fetchPage: (cursor) =>
      call(routes.conversations.inbox, { query: { status, cursor, limit: 25 } }),
    nextCursor: (last) => last.nextCursor,
    enabled: can('conversations.read'),
  });
  if (!can('conversations.read')) return <NoAccess title="Inbox" message={noAccessMessage} />;
  return (
    <>
      <RefreshPageHeader title="Inbox" query={inbox} refreshLabel="Refresh inbox">
        <label className="flex items-center gap-2 text-sm font-medium">
          Status
          <select
            value={status ?? ''}
            onChange={(event) => {
              const next = new URLSearchParams(params);
              if (event.target.value) next.set('status', event.target.value);
              else next.delete('status');
              setParams(next);
            }}
            className="rounded border border-stone-400 bg-white px-2 py-2"
          >
            <option value="">All</option>
            <option value="handoff">{statusLabels.handoff}</option>
            <option value="assistant">{statusLabels.assistant}</option>
          </select>
        </label>
      </RefreshPageHeader>
      <PageList
        query={inbox}
        items={items}
        loading="Loading conversations…"
        error="The inbox did not load."
        empty="No conversations here."
      >
        <ul className="divide-y divide-stone-200 rounded border border-stone-300 bg-white">
          {items.map((item) => (
            <li key={item.id} className="p-3" data-testid="inbox-row">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link to={`/inbox/${item.id}`} className="font-semibold text-amber-900 underline">
                  {item.channel === 'sms' && item.phone ? item.phone : 'Web chat'}{' '}
                  {item.id.slice(0, 8)}
                </Link>
                <span className="text-sm text-stone-700">
                  {showsStation ? `${stationName(item.stationId)} · ` : ''}
                  {formatDateTime(item.updatedAt)}
                </span>
              </div>
              <p className="text-sm">
                <span
                  className={`mr-2 rounded px-2 py-0.5 text-xs font-semibold ${item.status === 'handoff' ? 'bg-red-100 text-red-900' : 'bg-stone-200 text-stone-900'}`}
                >
                  {statusLabel(item.status)}
                </span>
                {item.handoffReason ? `Reason: ${item.handoffReason.replace(/_/g, ' ')}. ` : ''}
                {item.lastMessage ?? ''}
              </p>
            </li>
          ))}
        </ul>
      </PageList>
      <LoadMore query={inbox} className="mt-4" />
    </>
  );
}

function Json({ value }: { value: unknown }) {
  return (
    <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-stone-100 p-2 text-xs">
      {JSON.stringify(value, null, 1)}
    </pre>
  );
}

function MessageItem({ message }: { message: InboxMessage }) {
  // The contract types `toolCalls` as unknown: the assistant's calls, or null for other roles.
  const toolCalls = Array.isArray(message.toolCalls) ? (message.toolCalls as InboxToolCall[]) : [];
  return (
    <li className="border-t border-stone-200 py-3 first:border-t-0" data-testid="inbox-message">
      <p className="text-xs text-stone-700">
        <span className="font-semibold uppercase">{message.role}</span> ·{' '}
        {formatDateTime(message.createdAt)}
        {message.intent ? (
          <>
            {' '}
            · intent <strong>{message.intent}</strong>
            {message.confidence !== null ? ` (${message.confidence.toFixed(2)})` : ''}
          </>
        ) : null}
        {message.agent ? (
          <>
            {' '}
            · agent <strong>{message.agent}</strong>
          </>
        ) : null}
        {message.latencyMs !== null ? ` · ${Math.round(message.latencyMs)} ms` : ''}
      </p>
      <p className="whitespace-pre-wrap">{message.text || <em>(no reply: staff own it)</em>}</p>
      {toolCalls.length > 0 ? (
        <ul className="mt-2 space-y-1">
          {toolCalls.map((call, index) => (
            <li key={index} data-testid="tool-call">
              <details>
                <summary className="cursor-pointer text-sm font-medium">
                  Tool call: {call.name}
                </summary>
                <p className="text-xs font-semibold">Input</p>
                <Json value={call.input} />
                <p className="text-xs font-semibold">Output</p>
                <Json value={call.output} />
              </details>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** One conversation: every message with intent, agent and tool calls; take over, reply, hand back. */
export function InboxDetailPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const client = useQueryClient();
  const replyId = useId();
  const [text, setText] = useState('');
  const detail = useQuery({
    queryKey: ['inbox-detail', id],
    queryFn: () => call(routes.conversations.inboxDetail, { params: { id } }),
    enabled: can('conversations.read') && id !== '',
  });
  const afterChange = async () => {
    await client.invalidateQueries({ queryKey: ['inbox-detail', id] });
    await client.invalidateQueries({ queryKey: ['inbox'] });
  };
  const takeOver = useMutation({
    mutationFn: () => call(routes.conversations.takeOver, { params: { id } }),
    onSuccess: afterChange,
  });
  const handBack = useMutation({
    mutationFn: () => call(routes.conversations.handBack, { params: { id } }),
    onSuccess: afterChange,
  });
  const reply = useMutation({
    mutationFn: (body: InboxReply) => call(routes.conversations.reply, { params: { id }, body }),
    onSuccess: async () => {
      setText('');
      await afterChange();
    },
  });
  if (!can('conversations.read'))
    return <NoAccess title="Conversation" message={noAccessMessage} />;
  const canReply = can('conversations.reply');
  const conversation = detail.data;
  const onReply = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) reply.mutate({ text: text.trim() });
  };
  return (
    <>
      <BackLink to="/inbox">Inbox</BackLink>
      <RefreshPageHeader title="Conversation" query={detail} refreshLabel="Refresh conversation" />
      <QueryStatus
        query={detail}
        loading="Loading the conversation…"
        error="The conversation did not load."
      />
      {conversation ? (
        <>
          <Section title="Status">
            <p data-testid="conversation-status">{statusLabel(conversation.status)}</p>
            <p className="text-sm text-stone-700">
              {conversation.channel === 'sms' ? `SMS ${conversation.phone ?? ''}` : 'Web chat'} ·
              started {formatDateTime(conversation.createdAt)}
            </p>
            {conversation.handoffReason ? (
              <p className="text-sm">Reason: {conversation.handoffReason.replace(/_/g, ' ')}</p>
            ) : null}
            {conversation.handoffSummary ? (
              <p className="text-sm">Summary: {conversation.handoffSummary}</p>
            ) : null}
            {canReply ? (
              <div className="mt-3 flex flex-wrap gap-2">
                {conversation.status === 'assistant' ? (
                  <button
                    type="button"
                    className={buttonClass}
                    disabled={takeOver.isPending}
                    onClick={() => takeOver.mutate()}
                  >
                    Take over
                  </button>
                ) : (
                  <button
                    type="button"
                    className={compactSecondaryButtonClass}
                    disabled={handBack.isPending}
                    onClick={() => handBack.mutate()}
                  >
                    Hand back
                  </button>
                )}
              </div>
            ) : null}
            <MutationError mutation={takeOver} title="Not taken over." />
            <MutationError mutation={handBack} title="Not handed back." />
          </Section>
          {canReply && conversation.status === 'handoff' ? (
            <Section title="Reply">
              <form onSubmit={onReply}>
                <label htmlFor={replyId} className="block font-medium">
                  Reply to the customer
                </label>
                <textarea
                  id={replyId}
                  value={text}
                  onChange={(event) => setText(event.target.value)}
                  maxLength={2000}
                  rows={3}
                  className={inputClass}
                />
                <button
                  type="submit"
                  className={`${buttonClass} mt-2`}
                  disabled={reply.isPending || !text.trim()}
                >
                  Send reply
                </button>
              </form>
              <MutationError mutation={reply} title="The reply was not sent." />
            </Section>
          ) : null}
          <Section title="Messages">
            {conversation.messages.length === 0 ? (
              <Empty>No messages yet.</Empty>
            ) : (
              <ol>
                {conversation.messages.map((message) => (
                  <MessageItem key={message.id} message={message} />
                ))}
              </ol>
            )}
          </Section>
        </>
      ) : null}
    </>
  );
}
