import { routes } from '@teppan/web-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorBox, Field, inputClass, Section, TextField } from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import type { StaffRole } from '@teppan/core';
import { call } from '../api.ts';
import { invitationsQueryKey, staffQueryKey, type PendingInvitation } from '../api-staff.ts';
import { formatDateTime } from '../format.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { DataTable, actionsColumn } from './data-table.tsx';
import { ListStatus } from './list-status.tsx';
import { FormButtons, SecondaryButton } from './shared-buttons.tsx';
import { RefreshBar } from './shared-refresh-bar.tsx';
import { roleLabels, RolePermissions } from './staff-roles.tsx';

// The staff page's pickers and its invitation half: the invite form and the open invitations.

export type Station = { id: string; name: string };

export function StationPicker(props: {
  legend: string;
  stations: Station[];
  selected: string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <fieldset aria-invalid={props.error ? true : undefined} aria-describedby={`${id}-error`}>
      <legend className="font-medium">{props.legend}</legend>
      <div className="flex flex-wrap gap-3">
        {props.stations.map((station) => (
          <label key={station.id} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={props.selected.includes(station.id)}
              onChange={(event) =>
                props.onChange(
                  event.target.checked
                    ? [...props.selected, station.id]
                    : props.selected.filter((s) => s !== station.id),
                )
              }
            />
            {station.name}
          </label>
        ))}
      </div>
      <p id={`${id}-error`} className="text-sm text-red-800">
        {props.error ?? ''}
      </p>
    </fieldset>
  );
}

export function RolePicker(props: {
  id: string;
  value: StaffRole;
  roles: StaffRole[];
  onChange: (role: StaffRole) => void;
}) {
  return (
    <select
      id={props.id}
      value={props.value}
      onChange={(event) => {
        const role = props.roles.find((r) => r === event.target.value);
        if (role) props.onChange(role);
      }}
      className={inputClass}
    >
      {props.roles.map((role) => (
        <option key={role} value={role}>
          {roleLabels[role]}
        </option>
      ))}
    </select>
  );
}

export function InviteForm(props: { stations: Station[]; grantable: StaffRole[] }) {
  const id = useId();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>(
    props.grantable.includes('customer_support')
      ? 'customer_support'
      : (props.grantable[0] ?? 'chef'),
  );
  const [stationIds, setStationIds] = useState<string[]>(
    props.stations.length === 1 && props.stations[0] ? [props.stations[0].id] : [],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const invite = useMutation({
    mutationFn: () =>
      call(routes.staff.invite, {
        body: { email: email.trim(), name: name.trim(), role, stationIds },
      }),
    onSuccess: async () => {
      setEmail('');
      setName('');
      await client.invalidateQueries({ queryKey: staffQueryKey });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()))
      next.email = 'Enter a valid email address.';
    if (!name.trim()) next.name = 'Enter their name.';
    if (stationIds.length === 0) next.stations = 'Pick at least one station.';
    setErrors(next);
    if (Object.keys(next).length === 0) invite.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Invite a staff member">
      <div className="grid gap-4 md:grid-cols-2">
        <div className="grid content-start gap-3">
          <TextField
            id={`${id}-email`}
            label="Email"
            error={errors.email ?? ''}
            type="email"
            autoComplete="off"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
          <TextField
            id={`${id}-name`}
            label="Name"
            error={errors.name ?? ''}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <Field id={`${id}-role`} label="Role">
            <RolePicker id={`${id}-role`} value={role} roles={props.grantable} onChange={setRole} />
          </Field>
          <StationPicker
            legend="Stations"
            stations={props.stations}
            selected={stationIds}
            onChange={setStationIds}
            error={errors.stations}
          />
        </div>
        <div className="rounded border border-stone-300 bg-stone-50 p-3">
          <RolePermissions role={role} />
        </div>
      </div>
      <FormButtons
        className="mt-3 flex items-center gap-3"
        label="Send invitation"
        pendingLabel="Sending…"
        isPending={invite.isPending}
      >
        {invite.isSuccess ? (
          <p role="status" className="text-green-800">
            Invitation sent to {invite.data.email}; the link works until{' '}
            {formatDateTime(invite.data.expiresAt)}.
          </p>
        ) : null}
      </FormButtons>
      {invite.isError ? (
        <ErrorBox error={invite.error} title="The invitation was not sent." />
      ) : null}
    </form>
  );
}

/** Open invitations, each withdrawable (with a confirmation) until it is accepted. */
export function PendingInvitations(props: { stationName: (id: string) => string }) {
  const client = useQueryClient();
  const [withdrawing, setWithdrawing] = useState<PendingInvitation | null>(null);
  const invitations = useQuery({
    queryKey: invitationsQueryKey,
    queryFn: () => call(routes.staff.listInvitations),
    refetchOnWindowFocus: true,
  });
  const revoke = useMutation({
    mutationFn: (invitation: PendingInvitation) =>
      call(routes.staff.revokeInvitation, { params: { id: invitation.id } }),
    onSuccess: async () => {
      setWithdrawing(null);
      await client.invalidateQueries({ queryKey: invitationsQueryKey });
    },
    // Accepted or withdrawn elsewhere meanwhile: the list is stale either way.
    onError: () => client.invalidateQueries({ queryKey: invitationsQueryKey }),
  });
  const items = invitations.data?.items ?? [];
  return (
    <Section title="Pending invitations">
      <RefreshBar
        query={invitations}
        label="Refresh invitations"
        className="mb-2 flex justify-end"
      />
      <ListStatus
        query={invitations}
        isEmpty={items.length === 0}
        loading="Loading invitations…"
        error="Invitations did not load."
        empty="No open invitations."
      />
      {revoke.isSuccess && !withdrawing ? (
        <p role="status" className="mb-2 text-green-800">
          Invitation to {revoke.data.email} withdrawn; its link no longer works.
        </p>
      ) : null}
      {items.length > 0 ? (
        <DataTable
          caption="Pending invitations"
          className="overflow-x-auto"
          columns={['Invited', 'Role', 'Stations', 'Invited by', 'Link works until', actionsColumn]}
        >
          {items.map((invitation) => (
            <tr
              key={invitation.id}
              className="border-t border-stone-200"
              data-testid="invitation-row"
            >
              <td className="p-2">
                <span className="font-medium">{invitation.name}</span>
                <br />
                <span className="text-stone-700">{invitation.email}</span>
              </td>
              <td className="p-2">{roleLabels[invitation.role]}</td>
              <td className="p-2">{invitation.stationIds.map(props.stationName).join(', ')}</td>
              <td className="p-2">{invitation.invitedByName ?? '—'}</td>
              <td className="p-2">{formatDateTime(invitation.expiresAt)}</td>
              <td className="p-2">
                <SecondaryButton
                  onClick={() => {
                    revoke.reset();
                    setWithdrawing(invitation);
                  }}
                >
                  Withdraw<span className="sr-only"> the invitation to {invitation.email}</span>
                </SecondaryButton>
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      <ConfirmDialog
        isOpen={withdrawing !== null}
        title={`Withdraw the invitation to ${withdrawing?.email ?? ''}?`}
        confirmLabel="Withdraw invitation"
        isDanger
        isPending={revoke.isPending}
        onCancel={() => setWithdrawing(null)}
        onConfirm={() => withdrawing && revoke.mutate(withdrawing)}
      >
        <p>
          The link in their email stops working at once and says the invitation was withdrawn. You
          can invite them again later.
        </p>
        {revoke.isError ? (
          <ErrorBox error={revoke.error} title="The invitation was not withdrawn." />
        ) : null}
      </ConfirmDialog>
    </Section>
  );
}
