import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  buttonClass,
  compactSecondaryButtonClass,
  ErrorBox,
  inputClass,
  Section,
} from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api.ts';
import {
  createStation,
  fetchStations,
  settingsKeys,
  updateStation,
  type StationInput,
  type StationView,
} from '../api-settings.ts';
import { DataTable, actionsColumn } from '../components/data-table.tsx';
import { NoAccess } from '../components/list-status.tsx';
import { PageList, RefreshPageHeader } from '../components/page-parts.tsx';
import { useCan } from '../session.tsx';

type Draft = Record<keyof StationInput, string> & { isActive: boolean };

const emptyDraft: Draft = {
  code: '',
  name: '',
  timeZone: 'America/Los_Angeles',
  address: '',
  zip: '',
  lat: '',
  lng: '',
  isActive: true,
};

function draftOf(station: StationView): Draft {
  return {
    code: station.code,
    name: station.name,
    timeZone: station.timeZone,
    address: station.address,
    zip: station.zip,
    lat: String(station.lat),
    lng: String(station.lng),
    isActive: station.isActive,
  };
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The same rules the server checks, shown as the admin types. */
function validate(draft: Draft, isNew: boolean): Partial<Record<keyof Draft, string>> {
  const errors: Partial<Record<keyof Draft, string>> = {};
  if (isNew && !/^[A-Z0-9][A-Z0-9-]{2,39}$/.test(draft.code.trim()))
    errors.code = 'Use 3–40 capital letters, digits or dashes, e.g. CA-SAC-001.';
  if (!draft.name.trim()) errors.name = 'Enter a name.';
  if (!draft.address.trim()) errors.address = 'Enter the base address.';
  if (!/^\d{5}$/.test(draft.zip.trim())) errors.zip = 'Use a 5-digit ZIP code.';
  if (!isTimeZone(draft.timeZone.trim()))
    errors.timeZone = 'Use an IANA time zone such as America/Los_Angeles.';
  const lat = Number(draft.lat);
  if (draft.lat.trim() === '' || !(lat >= -90 && lat <= 90))
    errors.lat = 'Latitude between -90 and 90.';
  const lng = Number(draft.lng);
  if (draft.lng.trim() === '' || !(lng >= -180 && lng <= 180))
    errors.lng = 'Longitude between -180 and 180.';
  return errors;
}

function StationForm(props: {
  station: StationView | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const client = useQueryClient();
  const isNew = props.station === null;
  const [draft, setDraft] = useState<Draft>(props.station ? draftOf(props.station) : emptyDraft);
  const [touched, setTouched] = useState(false);
  const baseId = useId();
  const errors = validate(draft, isNew);
  const save = useMutation({
    mutationFn: () => {
      const fields = {
        name: draft.name.trim(),
        timeZone: draft.timeZone.trim(),
        address: draft.address.trim(),
        zip: draft.zip.trim(),
        lat: Number(draft.lat),
        lng: Number(draft.lng),
      };
      return props.station
        ? updateStation(props.station.id, {
            ...fields,
            version: props.station.version,
            isActive: draft.isActive,
          })
        : createStation({ ...fields, code: draft.code.trim() });
    },
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: settingsKeys.stations }),
        client.invalidateQueries({ queryKey: ['me'] }),
        client.invalidateQueries({ queryKey: ['audit'] }),
      ]);
      props.onDone();
    },
    onError: (error) =>
      error instanceof ApiError && error.code === 'STATION_VERSION_CONFLICT'
        ? client.invalidateQueries({ queryKey: settingsKeys.stations })
        : undefined,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(errors).length === 0) save.mutate();
  };
  const input = (key: keyof StationInput, label: string, hint?: string) => {
    const id = `${baseId}-${key}`;
    const error = touched ? errors[key] : undefined;
    return (
      <div>
        <label htmlFor={id} className="block text-sm font-medium">
          {label}
        </label>
        <input
          id={id}
          className={inputClass}
          value={draft[key]}
          readOnly={key === 'code' && !isNew}
          aria-invalid={error ? true : undefined}
          aria-describedby={error || hint ? `${id}-note` : undefined}
          onChange={(event) => setDraft((d) => ({ ...d, [key]: event.target.value }))}
        />
        {error ? (
          <p id={`${id}-note`} className="mt-1 text-sm text-red-800">
            {error}
          </p>
        ) : hint ? (
          <p id={`${id}-note`} className="mt-1 text-xs text-stone-600">
            {hint}
          </p>
        ) : null}
      </div>
    );
  };
  const conflict = save.error instanceof ApiError && save.error.code === 'STATION_VERSION_CONFLICT';
  return (
    <Section title={isNew ? 'New station' : `Edit ${props.station?.name ?? ''}`}>
      <form onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
        {input('code', 'Code', isNew ? 'Cannot be changed later.' : undefined)}
        {input('name', 'Name')}
        {input('address', 'Base address')}
        {input('zip', 'ZIP code')}
        {input('lat', 'Latitude')}
        {input('lng', 'Longitude')}
        {input('timeZone', 'Time zone')}
        {!isNew ? (
          <label className="flex items-center gap-2 self-end font-medium">
            <input
              type="checkbox"
              checked={draft.isActive}
              onChange={(event) => setDraft((d) => ({ ...d, isActive: event.target.checked }))}
            />
            Active station
          </label>
        ) : null}
        {isNew ? (
          <p className="text-sm text-stone-700 sm:col-span-2">
            A new station starts with the default settings (version 1); adjust them on the Settings
            page.
          </p>
        ) : null}
        {save.isError ? (
          <div className="sm:col-span-2">
            <ErrorBox
              error={save.error}
              title={
                conflict
                  ? 'Someone else saved this station first. Close the form and edit the current one.'
                  : 'The station was not saved.'
              }
            />
          </div>
        ) : null}
        <div className="flex gap-2 sm:col-span-2">
          <button type="submit" className={buttonClass} disabled={save.isPending}>
            {save.isPending ? 'Saving…' : isNew ? 'Create station' : 'Save station'}
          </button>
          <button type="button" className={compactSecondaryButtonClass} onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Section>
  );
}

export function StationsPage() {
  const can = useCan();
  const stations = useQuery({
    queryKey: settingsKeys.stations,
    queryFn: fetchStations,
    enabled: can('settings.read'),
  });
  const [editing, setEditing] = useState<StationView | 'new' | null>(null);
  if (!can('settings.read'))
    return <NoAccess title="Stations" message="Your role cannot read stations." />;
  const canManage = can('stations.manage');
  const items = stations.data?.items ?? [];
  return (
    <>
      <RefreshPageHeader title="Stations" query={stations} refreshLabel="Refresh stations">
        <Link to="/settings" className={compactSecondaryButtonClass}>
          Back to settings
        </Link>
        {canManage ? (
          <button type="button" className={buttonClass} onClick={() => setEditing('new')}>
            New station
          </button>
        ) : null}
      </RefreshPageHeader>
      {editing ? (
        <StationForm
          key={editing === 'new' ? 'new' : `${editing.id}:${editing.version}`}
          station={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <PageList
        query={stations}
        items={items}
        loading="Loading stations…"
        error="Stations did not load."
        empty="No stations yet."
      >
        <DataTable
          caption="Stations"
          columns={['Code', 'Name', 'Base', 'Time zone', 'Status', actionsColumn]}
        >
          {items.map((station) => (
            <tr key={station.id} className="border-t border-stone-200" data-testid="station-row">
              <td className="p-2 font-mono">{station.code}</td>
              <td className="p-2">{station.name}</td>
              <td className="p-2">
                {station.address} ({station.zip}) · {station.lat}, {station.lng}
              </td>
              <td className="p-2">{station.timeZone}</td>
              <td className="p-2">{station.isActive ? 'Active' : 'Inactive'}</td>
              <td className="p-2 whitespace-nowrap">
                <Link
                  to={`/settings?station=${station.id}`}
                  className="mr-2 underline"
                  aria-label={`Settings of ${station.name}`}
                >
                  Settings
                </Link>
                {canManage ? (
                  <button
                    type="button"
                    className={compactSecondaryButtonClass}
                    onClick={() => setEditing(station)}
                  >
                    Edit
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      </PageList>
    </>
  );
}
