import { routes } from '@teppan/web-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { buttonClass, compactSecondaryButtonClass, Field, Section } from '@teppan/web-ui';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { canGrantRole, requiresTwoFactor, staffRoles, type StaffRole } from '@teppan/core';
import { ApiError, call } from '../api.ts';
import { staffQueryKey, type StaffMember, type StaffPatch } from '../api-staff.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { DataTable, actionsColumn } from '../components/data-table.tsx';
import { NoAccess } from '../components/list-status.tsx';
import { MutationError, PageList, RefreshPageHeader } from '../components/page-parts.tsx';
import {
  InviteForm,
  PendingInvitations,
  RolePicker,
  StationPicker,
  type Station,
} from '../components/staff-invitations.tsx';
import { PermissionMatrix, roleLabels, RolePermissions } from '../components/staff-roles.tsx';
import { formatDateTime } from '../format.ts';
import { useCan, useSession } from '../session.tsx';

type Pending = { member: StaffMember; patch: StaffPatch; summary: string };

function EditMember(props: {
  member: StaffMember;
  stations: Station[];
  grantable: StaffRole[];
  onPropose: (pending: Pending) => void;
  onClose: () => void;
}) {
  const id = useId();
  const { member } = props;
  const [role, setRole] = useState<StaffRole>(member.role);
  const [stationIds, setStationIds] = useState<string[]>(member.stationIds);
  const [error, setError] = useState<string | undefined>();
  const stationName = (sid: string) =>
    props.stations.find((s) => s.id === sid)?.name ?? sid.slice(0, 8);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (stationIds.length === 0) return setError('Pick at least one station.');
    setError(undefined);
    const patch: StaffPatch = {};
    const changes: string[] = [];
    if (role !== member.role) {
      patch.role = role;
      changes.push(`role ${roleLabels[member.role]} → ${roleLabels[role]}`);
    }
    const sameStations =
      stationIds.length === member.stationIds.length &&
      stationIds.every((s) => member.stationIds.includes(s));
    if (!sameStations) {
      patch.stationIds = stationIds;
      changes.push(`stations → ${stationIds.map(stationName).join(', ')}`);
    }
    if (changes.length === 0) return setError('Nothing changed.');
    props.onPropose({ member, patch, summary: changes.join('; ') });
  };
  return (
    <form
      onSubmit={onSubmit}
      className="grid gap-3 rounded border border-stone-300 bg-stone-50 p-3 md:grid-cols-2"
      aria-label={`Edit ${member.name}`}
    >
      <div className="grid content-start gap-3">
        <Field id={`${id}-role`} label="Role">
          <RolePicker id={`${id}-role`} value={role} roles={props.grantable} onChange={setRole} />
        </Field>
        <StationPicker
          legend="Stations"
          stations={props.stations}
          selected={stationIds}
          onChange={setStationIds}
          error={error}
        />
        <div className="flex items-start gap-2">
          <button type="submit" className={buttonClass}>
            Review change
          </button>
          <button type="button" className={compactSecondaryButtonClass} onClick={props.onClose}>
            Close
          </button>
        </div>
      </div>
      <RolePermissions role={role} />
    </form>
  );
}

/** Staff of your stations: roles, stations, 2FA, last sign-in; invite, edit, deactivate. */
export function StaffPage() {
  const me = useSession();
  const can = useCan();
  const client = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const staff = useQuery({
    queryKey: staffQueryKey,
    queryFn: () => call(routes.staff.listStaff),
    enabled: can('staff.manage'),
    refetchOnWindowFocus: true,
  });
  const save = useMutation({
    mutationFn: (p: Pending) =>
      call(routes.staff.patchStaff, { params: { id: p.member.id }, body: p.patch }),
    onSuccess: async () => {
      setPending(null);
      setEditing(null);
      await client.invalidateQueries({ queryKey: staffQueryKey });
    },
  });
  if (!can('staff.manage'))
    return <NoAccess title="Staff" message="Your role cannot manage staff." />;
  const grantable = staffRoles.filter((role) => canGrantRole(me.role, role));
  const stationName = (sid: string) =>
    me.stations.find((s) => s.id === sid)?.name ?? sid.slice(0, 8);
  const items = staff.data?.items ?? [];
  // The server lets admins manage only people who work entirely within their own stations.
  const isEditable = (member: StaffMember) =>
    member.id !== me.staff.id &&
    canGrantRole(me.role, member.role) &&
    (me.role === 'super_admin' ||
      member.stationIds.every((sid) => me.stations.some((station) => station.id === sid)));

  return (
    <>
      <RefreshPageHeader title="Staff and roles" query={staff} refreshLabel="Refresh staff" />

      <Section title="Staff members">
        {pending ? null : <MutationError mutation={save} title="The change was not saved." />}
        <PageList
          query={staff}
          items={items}
          loading="Loading staff…"
          error="Staff did not load."
          empty="No staff at your stations yet."
        >
          <DataTable
            caption="Staff members"
            className="overflow-x-auto"
            columns={[
              'Name',
              'Role',
              'Stations',
              'Two-factor',
              'Last sign-in',
              'Status',
              actionsColumn,
            ]}
          >
            {items.map((member) => (
              <StaffRow
                key={member.id}
                member={member}
                stationName={stationName}
                isSelf={member.id === me.staff.id}
                isEditable={isEditable(member)}
                isEditing={editing === member.id}
                onEdit={() => setEditing(editing === member.id ? null : member.id)}
                onToggleActive={() =>
                  setPending({
                    member,
                    patch: { isActive: !member.isActive },
                    summary: member.isActive
                      ? 'deactivate the account, sign it out everywhere and revoke every API key it created'
                      : 'reactivate the account',
                  })
                }
                editor={
                  <EditMember
                    member={member}
                    stations={me.stations}
                    grantable={grantable}
                    onPropose={setPending}
                    onClose={() => setEditing(null)}
                  />
                }
              />
            ))}
          </DataTable>
        </PageList>
      </Section>

      <Section title="Invite a staff member">
        <InviteForm stations={me.stations} grantable={grantable} />
      </Section>

      <PendingInvitations stationName={stationName} />

      <Section title="What each role may do">
        <PermissionMatrix />
      </Section>

      <ConfirmDialog
        isOpen={pending !== null}
        title={pending ? `Change ${pending.member.name}?` : ''}
        confirmLabel={pending?.patch.isActive === false ? 'Deactivate' : 'Save change'}
        isDanger={pending?.patch.isActive === false}
        isPending={save.isPending}
        onCancel={() => {
          setPending(null);
          save.reset();
        }}
        onConfirm={() => pending && save.mutate(pending)}
      >
        <p>
          You are about to {pending?.patch.isActive === undefined ? 'change ' : ''}
          {pending?.summary} for {pending?.member.email}.
        </p>
        <MutationError mutation={save} title="The change was not saved." />
        {save.error instanceof ApiError && save.error.code === 'ROLE_NOT_GRANTABLE' ? (
          <p className="text-sm">Only a super admin grants or edits super admins.</p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}

function StaffRow(props: {
  member: StaffMember;
  stationName: (id: string) => string;
  isSelf: boolean;
  isEditable: boolean;
  isEditing: boolean;
  onEdit: () => void;
  onToggleActive: () => void;
  editor: ReactNode;
}) {
  const { member } = props;
  return (
    <>
      <tr className={`border-t border-stone-200 ${member.isActive ? '' : 'text-stone-500'}`}>
        <td className="p-2">
          <span className="font-medium">{member.name}</span>
          {props.isSelf ? ' (you)' : ''}
          <br />
          <span className="text-stone-700">{member.email}</span>
        </td>
        <td className="p-2">{roleLabels[member.role]}</td>
        <td className="p-2">{member.stationIds.map(props.stationName).join(', ') || '—'}</td>
        <td className="p-2">
          {member.isTwoFactorEnabled ? (
            'On'
          ) : requiresTwoFactor(member.role) ? (
            <span className="text-red-800">Not set up yet (asked at next sign-in)</span>
          ) : (
            <span className="text-red-800">Off</span>
          )}
        </td>
        <td className="p-2">{member.lastLoginAt ? formatDateTime(member.lastLoginAt) : 'Never'}</td>
        <td className="p-2">{member.isActive ? 'Active' : 'Deactivated'}</td>
        <td className="p-2">
          {props.isEditable ? (
            <div className="flex flex-wrap gap-1">
              <button
                type="button"
                className={compactSecondaryButtonClass}
                aria-expanded={props.isEditing}
                onClick={props.onEdit}
              >
                Edit<span className="sr-only"> {member.name}</span>
              </button>
              <button
                type="button"
                className={compactSecondaryButtonClass}
                onClick={props.onToggleActive}
              >
                {member.isActive ? 'Deactivate' : 'Reactivate'}
                <span className="sr-only"> {member.name}</span>
              </button>
            </div>
          ) : null}
        </td>
      </tr>
      {props.isEditing ? (
        <tr>
          <td colSpan={7} className="p-2">
            {props.editor}
          </td>
        </tr>
      ) : null}
    </>
  );
}
