import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { isApprovalPath } from '@teppan/core';
import { buttonClass, Empty, ErrorBox, Section } from '@teppan/web-ui';
import { useId, useState } from 'react';
import {
  decideRequest,
  fetchHistory,
  formatSettingValue,
  personLabel,
  settingsKeys,
  type ChangeRequest,
  type SettingChange,
} from '../api-settings.ts';
import { formatDateTime } from '../format.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { DataTable } from './data-table.tsx';
import { ListStatus, LoadMore } from './list-status.tsx';
import { SecondaryButton } from './shared-buttons.tsx';
import { NoteWithActions } from './shared-field.tsx';
import { RefreshBar } from './shared-refresh-bar.tsx';

export function ChangesTable(props: { changes: SettingChange[]; caption: string }) {
  if (props.changes.length === 0) return <p className="text-sm text-stone-600">No changes.</p>;
  return (
    <DataTable
      caption={props.caption}
      className="overflow-x-auto"
      headClassName="bg-stone-100"
      cellClassName="p-1.5"
      columns={['Setting', 'Before', 'After']}
    >
      {props.changes.map((change) => (
        <tr key={change.path} className="border-t border-stone-200 align-top">
          <td className="p-1.5">
            <code>{change.path}</code>
            {isApprovalPath(change.path) ? (
              <span className="ml-2 rounded bg-amber-100 px-1 text-xs text-amber-900">
                approval
              </span>
            ) : null}
          </td>
          <td className="p-1.5 break-all">{formatSettingValue(change.path, change.before)}</td>
          <td className="p-1.5 break-all">{formatSettingValue(change.path, change.after)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

const statusText: Record<ChangeRequest['status'], string> = {
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  stale: 'Stale — settings changed before a decision; propose again',
};

function PendingRequest(props: {
  request: ChangeRequest;
  myStaffId: string;
  canApprove: boolean;
  canUpdate: boolean;
  onDone: () => Promise<unknown>;
}) {
  const { request } = props;
  const noteId = useId();
  const [note, setNote] = useState('');
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const decide = useMutation({
    mutationFn: (verb: 'approve' | 'reject' | 'withdraw') =>
      decideRequest(request.id, verb, note.trim() || undefined),
    onSuccess: async () => {
      setConfirmWithdraw(false);
      await props.onDone();
    },
    // Decided elsewhere meanwhile (409): show why, and reload the list.
    onError: () => props.onDone(),
  });
  const isMine = request.requestedBy?.staffId === props.myStaffId;
  return (
    <li className="rounded border border-stone-300 p-3" data-testid="pending-request">
      <p className="mb-2">
        <span className="font-semibold">{personLabel(request.requestedBy)}</span> proposed on
        version {request.baseVersion}, {formatDateTime(request.createdAt)}
        {request.note ? <> — “{request.note}”</> : null}
      </p>
      <ChangesTable changes={request.changes} caption="Proposed changes" />
      {decide.isError ? <ErrorBox error={decide.error} title="That did not go through." /> : null}
      {isMine ? (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <p className="font-medium text-amber-900">Waiting for another admin.</p>
          {props.canUpdate ? (
            <SecondaryButton onClick={() => setConfirmWithdraw(true)}>Withdraw</SecondaryButton>
          ) : null}
          <ConfirmDialog
            isOpen={confirmWithdraw}
            title="Withdraw this change?"
            confirmLabel="Withdraw"
            isDanger
            isPending={decide.isPending}
            onConfirm={() => decide.mutate('withdraw')}
            onCancel={() => setConfirmWithdraw(false)}
          >
            The proposed settings are dropped; nothing changes.
          </ConfirmDialog>
        </div>
      ) : props.canApprove ? (
        <NoteWithActions id={noteId} label="Decision note" note={note} onNoteChange={setNote}>
          <button
            type="button"
            className={buttonClass}
            disabled={decide.isPending}
            onClick={() => decide.mutate('approve')}
          >
            Approve and apply
          </button>
          <SecondaryButton disabled={decide.isPending} onClick={() => decide.mutate('reject')}>
            Reject
          </SecondaryButton>
        </NoteWithActions>
      ) : (
        <p className="mt-3 text-stone-700">Waiting for an admin.</p>
      )}
    </li>
  );
}

export function PendingApprovalsPanel(props: {
  pending: ChangeRequest[];
  recent: ChangeRequest[];
  myStaffId: string;
  canApprove: boolean;
  canUpdate: boolean;
  onDone: () => Promise<unknown>;
}) {
  return (
    <Section title={`Changes waiting for approval (${props.pending.length})`}>
      {props.pending.length === 0 ? (
        <Empty>No settings change is waiting for a second admin.</Empty>
      ) : (
        <ul className="space-y-3">
          {props.pending.map((request) => (
            <PendingRequest
              key={request.id}
              request={request}
              myStaffId={props.myStaffId}
              canApprove={props.canApprove}
              canUpdate={props.canUpdate}
              onDone={props.onDone}
            />
          ))}
        </ul>
      )}
      {props.recent.length > 0 ? (
        <details className="mt-4">
          <summary className="cursor-pointer font-medium">Recent decisions</summary>
          <ul className="mt-2 space-y-1 text-sm">
            {props.recent.map((request) => (
              <li key={request.id}>
                {statusText[request.status]}: {request.changedPaths.join(', ')} by{' '}
                {personLabel(request.requestedBy)}
                {request.decidedBy ? <>; decided by {personLabel(request.decidedBy)}</> : null}
                {request.decidedAt ? <> ({formatDateTime(request.decidedAt)})</> : null}
                {request.decisionNote ? <> — “{request.decisionNote}”</> : null}
                {request.appliedVersion ? <> → version {request.appliedVersion}</> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </Section>
  );
}

export function SettingsHistory(props: { stationId: string }) {
  const history = useInfiniteQuery({
    queryKey: settingsKeys.history(props.stationId),
    queryFn: ({ pageParam }) => fetchHistory(props.stationId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];
  const client = useQueryClient();
  return (
    <Section title="History">
      <RefreshBar
        query={history}
        label="Refresh settings history"
        className="mb-3"
        onRefresh={() =>
          client.invalidateQueries({ queryKey: settingsKeys.history(props.stationId) })
        }
      />
      <ListStatus
        query={history}
        isEmpty={items.length === 0}
        loading="Loading the history…"
        error="The history did not load."
        empty="No versions yet."
      />
      <ol className="space-y-3">
        {items.map((item) => (
          <li
            key={item.version}
            className="rounded border border-stone-300 p-3"
            data-testid="settings-version"
          >
            <p className="mb-2">
              <span className="font-semibold">Version {item.version}</span> ·{' '}
              {formatDateTime(item.changedAt)} · {personLabel(item.changedBy)}
              {item.approval ? <> · approved by {personLabel(item.approval.approvedBy)}</> : null}
              {item.note ? <> — “{item.note}”</> : null}
            </p>
            {item.isInitial ? (
              <p className="text-sm text-stone-600">First version of this station's settings.</p>
            ) : (
              <ChangesTable changes={item.changes} caption={`Changes in version ${item.version}`} />
            )}
          </li>
        ))}
      </ol>
      <LoadMore query={history} label="Older versions" className="mt-3" />
    </Section>
  );
}
