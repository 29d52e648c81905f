import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Settings } from '@teppan/core';
import { compactSecondaryButtonClass, ErrorBox, inputClass, Loading } from '@teppan/web-ui';
import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api.ts';
import {
  fetchSettings,
  fetchStations,
  personLabel,
  proposeSettings,
  settingsKeys,
  type ProposeResult,
  type SettingsInForce,
} from '../api-settings.ts';
import { SettingsForm } from '../components/settings-form.tsx';
import { DateOverridesEditor } from '../components/settings-overrides.tsx';
import { NoAccess } from '../components/list-status.tsx';
import { MutationError, RefreshPageHeader } from '../components/page-parts.tsx';
import { PendingApprovalsPanel, SettingsHistory } from '../components/settings-panels.tsx';
import { formatDateTime } from '../format.ts';
import { useCan, useSession } from '../session.tsx';

const tabs = [
  { id: 'settings', label: 'Settings' },
  { id: 'approvals', label: 'Approvals' },
  { id: 'history', label: 'History' },
  { id: 'dates', label: 'Blackout dates & caps' },
] as const;
type TabId = (typeof tabs)[number]['id'];

function isTab(value: string | null): value is TabId {
  return tabs.some((tab) => tab.id === value);
}

export function StationPicker(props: { value: string; onChange: (id: string) => void }) {
  const id = useId();
  const stations = useQuery({ queryKey: settingsKeys.stations, queryFn: fetchStations });
  if (stations.isError) return <ErrorBox error={stations.error} title="Stations did not load." />;
  return (
    <div>
      <label htmlFor={id} className="sr-only">
        Station
      </label>
      <select
        id={id}
        className={inputClass}
        value={props.value}
        disabled={!stations.data}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {stations.data?.items.map((station) => (
          <option key={station.id} value={station.id}>
            {station.name} ({station.code}){station.isActive ? '' : ' — inactive'}
          </option>
        ))}
      </select>
    </div>
  );
}

function SettingsEditor(props: { data: SettingsInForce; onSaved: () => Promise<unknown> }) {
  const me = useSession();
  const can = useCan();
  const client = useQueryClient();
  // The version the form was opened on; newer server data does not wipe edits in progress.
  const [base, setBase] = useState<SettingsInForce>(props.data);
  const [outcome, setOutcome] = useState<ProposeResult | null>(null);
  const save = useMutation({
    mutationFn: (input: { settings: Settings; note: string }) =>
      proposeSettings({
        stationId: base.station.id,
        baseVersion: base.version,
        settings: input.settings,
        ...(input.note.trim() ? { note: input.note.trim() } : {}),
      }),
    onSuccess: async (result) => {
      setOutcome(result);
      // Move the form to the new version before the refetch lands, so no "someone else
      // saved" banner flashes for our own save.
      if (result.status === 'applied') setBase(result.settings);
      await props.onSaved();
    },
  });
  const isBehind = props.data.version !== base.version;
  const conflict =
    save.error instanceof ApiError && save.error.code === 'SETTINGS_VERSION_CONFLICT';
  return (
    <>
      {isBehind || conflict ? (
        <div role="alert" className="mb-4 rounded border border-amber-400 bg-amber-50 p-3">
          <p>
            Someone saved version {props.data.version} ({personLabel(props.data.changedBy)}
            {props.data.changedAt ? `, ${formatDateTime(props.data.changedAt)}` : ''}) after you
            opened version {base.version}. Saving your edits would be refused: load the current
            settings and make your change again.
          </p>
          <button
            type="button"
            className={`${compactSecondaryButtonClass} mt-2`}
            onClick={() => {
              save.reset();
              setOutcome(null);
              setBase(props.data);
              void client.invalidateQueries({ queryKey: settingsKeys.history(base.station.id) });
            }}
          >
            Load version {props.data.version}
          </button>
        </div>
      ) : null}
      {conflict ? null : <MutationError mutation={save} title="The settings were not saved." />}
      {outcome ? (
        <p role="status" className="mb-4 rounded border border-green-400 bg-green-50 p-3">
          {outcome.status === 'applied'
            ? `Saved: version ${outcome.version} is in force.`
            : 'Proposed: the change waits for another admin (see Approvals).'}
        </p>
      ) : null}
      <p className="mb-3 text-sm text-stone-700">
        Version {base.version} in force
        {base.changedAt ? ` since ${formatDateTime(base.changedAt)}` : ''} (
        {personLabel(base.changedBy)}).
      </p>
      <SettingsForm
        key={`${base.station.id}:${base.version}`}
        inForce={base.settings}
        version={base.version}
        isSuperAdmin={me.role === 'super_admin'}
        canEdit={can('settings.update')}
        isSaving={save.isPending}
        onSubmit={(input) => {
          setOutcome(null);
          save.mutate(input);
        }}
      />
    </>
  );
}

export function SettingsPage() {
  const can = useCan();
  const me = useSession();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const stations = useQuery({
    queryKey: settingsKeys.stations,
    queryFn: fetchStations,
    enabled: can('settings.read'),
  });
  const stationId = params.get('station') ?? stations.data?.items[0]?.id ?? '';
  const tabParam = params.get('tab');
  const tab: TabId = isTab(tabParam) ? tabParam : 'settings';
  const settings = useQuery({
    queryKey: settingsKeys.inForce(stationId),
    queryFn: () => fetchSettings(stationId),
    enabled: stationId !== '' && can('settings.read'),
    // Approvals arrive from other admins: keep the panel current while it is open.
    refetchInterval: 30_000,
  });
  const refreshAll = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: settingsKeys.inForce(stationId) }),
      client.invalidateQueries({ queryKey: settingsKeys.history(stationId) }),
      client.invalidateQueries({ queryKey: ['audit'] }),
    ]);
  const setParam = (key: string, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set(key, value);
        return next;
      },
      { replace: key === 'tab' },
    );

  if (!can('settings.read'))
    return <NoAccess title="Settings" message="Your role cannot read settings." />;
  const pendingCount = settings.data?.pendingRequests.length ?? 0;
  return (
    <>
      <RefreshPageHeader
        title="Settings"
        query={{ refetch: refreshAll, isFetching: settings.isFetching }}
        refreshLabel="Refresh settings"
      >
        <StationPicker value={stationId} onChange={(id) => setParam('station', id)} />
        <Link to="/settings/stations" className={compactSecondaryButtonClass}>
          Stations
        </Link>
      </RefreshPageHeader>
      {stations.isPending ? <Loading label="Loading stations…" /> : null}
      {stations.isSuccess && stations.data.items.length === 0 ? (
        <ErrorBox error={new Error('You do not belong to any station yet.')} />
      ) : null}
      <div role="tablist" aria-label="Settings sections" className="mb-4 flex flex-wrap gap-1">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            className={`rounded px-3 py-2 font-medium ${tab === t.id ? 'bg-amber-800 text-white' : 'bg-white text-stone-900 hover:bg-stone-200'}`}
            onClick={() => setParam('tab', t.id)}
          >
            {t.label}
            {t.id === 'approvals' && pendingCount > 0 ? ` (${pendingCount})` : ''}
          </button>
        ))}
      </div>
      {settings.isPending && stationId ? <Loading label="Loading settings…" /> : null}
      {settings.isError ? <ErrorBox error={settings.error} title="Settings did not load." /> : null}
      {settings.data ? (
        <div role="tabpanel">
          {tab === 'settings' ? (
            <SettingsEditor
              key={settings.data.station.id}
              data={settings.data}
              onSaved={refreshAll}
            />
          ) : null}
          {tab === 'approvals' ? (
            <PendingApprovalsPanel
              pending={settings.data.pendingRequests}
              recent={settings.data.recentRequests}
              myStaffId={me.staff.id}
              canApprove={can('settings.approve')}
              canUpdate={can('settings.update')}
              onDone={refreshAll}
            />
          ) : null}
          {tab === 'history' ? <SettingsHistory stationId={stationId} /> : null}
          {tab === 'dates' ? (
            <DateOverridesEditor stationId={stationId} canEdit={can('settings.update')} />
          ) : null}
        </div>
      ) : null}
    </>
  );
}
