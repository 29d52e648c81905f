import { routes } from '@teppan/web-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  buttonClass,
  compactSecondaryButtonClass,
  Section,
  SelectField,
  TextField,
} from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { apiKeyScopes, can, type ApiKeyScope } from '@teppan/core';
import { call } from '../api.ts';
import { apiKeysQueryKey, type ApiKey } from '../api-staff.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { DataTable, actionsColumn } from '../components/data-table.tsx';
import { NoAccess } from '../components/list-status.tsx';
import { MutationError, PageList, RefreshPageHeader } from '../components/page-parts.tsx';
import { StationOptions } from '../components/page-station-fields.tsx';
import { SecretOnce } from '../components/staff-secret-once.tsx';
import { isLive, keyState } from '../api-keys-state.ts';
import { formatDateTime } from '../format.ts';
import { useCan, useSession } from '../session.tsx';

const MAX_OVERLAP_HOURS = 24 * 30;

/** What each scope lets an integration do (the routes that accept a key). */
const scopeLabels: Record<ApiKeyScope, string> = {
  'bookings.status': 'Move events along (in progress, completed, no-show)',
  'payments.confirm': 'Confirm offline deposits (Zelle, Venmo, cash)',
};

type Secret = { name: string; key: string };

function CreateKeyForm(props: { onCreated: (secret: Secret) => void }) {
  const id = useId();
  const me = useSession();
  const client = useQueryClient();
  const isSuper = me.role === 'super_admin';
  const [name, setName] = useState('');
  const [stationId, setStationId] = useState(isSuper ? '' : (me.stations[0]?.id ?? ''));
  const [expiresInDays, setExpiresInDays] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A key never gets more than its creator's role may do.
  const grantable = apiKeyScopes.filter((scope) => can(me.role, scope));
  const create = useMutation({
    mutationFn: () =>
      call(routes.staff.createApiKey, {
        body: {
          name: name.trim(),
          scopes,
          ...(stationId ? { stationId } : {}),
          ...(expiresInDays ? { expiresInDays: Number(expiresInDays) } : {}),
        },
      }),
    onSuccess: async (created) => {
      props.onCreated({ name: created.apiKey.name, key: created.key });
      setName('');
      setExpiresInDays('');
      setScopes([]);
      await client.invalidateQueries({ queryKey: apiKeysQueryKey });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!name.trim()) next.name = 'Name the integration that will use the key.';
    const days = Number(expiresInDays);
    if (expiresInDays && (!Number.isInteger(days) || days < 1 || days > 730))
      next.expires = 'Whole days from 1 to 730, or leave empty for no expiry.';
    if (!isSuper && !stationId) next.station = 'Pick a station.';
    if (scopes.length === 0) next.scopes = 'Choose at least one thing the key may do.';
    setErrors(next);
    if (Object.keys(next).length === 0) create.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create an API key">
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField
          id={`${id}-name`}
          label="Name"
          error={errors.name ?? ''}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <SelectField
          id={`${id}-station`}
          label="Station"
          error={errors.station ?? ''}
          value={stationId}
          onChange={(event) => setStationId(event.target.value)}
        >
          {isSuper ? <option value="">Every station</option> : null}
          <StationOptions />
        </SelectField>
        <TextField
          id={`${id}-expires`}
          label="Expires after (days, optional)"
          error={errors.expires ?? ''}
          type="number"
          min={1}
          max={730}
          inputMode="numeric"
          value={expiresInDays}
          onChange={(event) => setExpiresInDays(event.target.value)}
        />
      </div>
      <fieldset
        className="my-3"
        aria-invalid={errors.scopes ? true : undefined}
        aria-describedby={`${id}-scopes-error`}
      >
        <legend className="font-medium">What the key may do</legend>
        <p className="text-sm text-stone-700">
          Only these actions, only at its station, and only while you may do them yourself: the key
          stops if you are deactivated.
        </p>
        {grantable.map((scope) => (
          <label key={scope} className="mt-1 flex items-center gap-2">
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(event) =>
                setScopes(
                  event.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope),
                )
              }
            />
            {scopeLabels[scope]}
          </label>
        ))}
        <p id={`${id}-scopes-error`} className="text-sm text-red-800">
          {errors.scopes ?? ''}
        </p>
      </fieldset>
      <button type="submit" className={buttonClass} disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create key'}
      </button>
      <MutationError mutation={create} title="The key was not created." />
    </form>
  );
}

/** Integration API keys: the secret is shown once; rotate with an overlap; revoke. */
export function ApiKeysPage() {
  const id = useId();
  const me = useSession();
  const can = useCan();
  const client = useQueryClient();
  const [secret, setSecret] = useState<Secret | null>(null);
  const [rotating, setRotating] = useState<ApiKey | null>(null);
  const [overlapHours, setOverlapHours] = useState('24');
  const [overlapError, setOverlapError] = useState<string | undefined>();
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useQuery({
    queryKey: apiKeysQueryKey,
    queryFn: () => call(routes.staff.listApiKeys),
    enabled: can('apiKeys.manage'),
    refetchOnWindowFocus: true,
  });
  const invalidate = () => client.invalidateQueries({ queryKey: apiKeysQueryKey });
  const rotate = useMutation({
    mutationFn: (input: { key: ApiKey; hours: number }) =>
      call(routes.staff.rotateApiKey, {
        params: { id: input.key.id },
        body: { overlapHours: input.hours },
      }),
    onSuccess: async (rotated) => {
      setSecret({ name: rotated.apiKey.name, key: rotated.key });
      setRotating(null);
      await invalidate();
    },
  });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => call(routes.staff.revokeApiKey, { params: { id: key.id } }),
    onSuccess: async () => {
      setRevoking(null);
      await invalidate();
    },
  });
  if (!can('apiKeys.manage'))
    return <NoAccess title="API keys" message="Your role cannot manage API keys." />;
  const items = keys.data?.items ?? [];
  const stationName = (stationId: string | null) =>
    stationId === null
      ? 'Every station'
      : (me.stations.find((s) => s.id === stationId)?.name ?? stationId.slice(0, 8));
  const confirmRotate = () => {
    const hours = Number(overlapHours);
    if (!Number.isInteger(hours) || hours < 0 || hours > MAX_OVERLAP_HOURS) {
      setOverlapError(`Whole hours from 0 to ${MAX_OVERLAP_HOURS}.`);
      return;
    }
    setOverlapError(undefined);
    if (rotating) rotate.mutate({ key: rotating, hours });
  };

  return (
    <>
      <RefreshPageHeader title="API keys" query={keys} refreshLabel="Refresh API keys" />
      {secret ? (
        <SecretOnce name={secret.name} secret={secret.key} onDone={() => setSecret(null)} />
      ) : null}

      <Section title="Keys">
        <PageList
          query={keys}
          items={items}
          loading="Loading API keys…"
          error="API keys did not load."
          empty="No API keys yet. Create one for each integration below."
        >
          <DataTable
            caption="API keys"
            className="overflow-x-auto"
            columns={[
              'Name',
              'Prefix',
              'Station',
              'May',
              'Created',
              'Last used',
              'State',
              actionsColumn,
            ]}
          >
            {items.map((key) => (
              <tr
                key={key.id}
                className={`border-t border-stone-200 ${isLive(key) ? '' : 'text-stone-500'}`}
              >
                <td className="p-2 font-medium">{key.name}</td>
                <td className="p-2 font-mono">{key.prefix}…</td>
                <td className="p-2">{stationName(key.stationId)}</td>
                <td className="p-2">
                  {key.scopes.length ? (
                    <ul>
                      {key.scopes.map((scope) => (
                        <li key={scope}>{scopeLabels[scope]}</li>
                      ))}
                    </ul>
                  ) : (
                    'Nothing'
                  )}
                </td>
                <td className="p-2">
                  {formatDateTime(key.createdAt)}
                  {key.createdByName ? (
                    <>
                      <br />
                      <span className="text-stone-700">by {key.createdByName}</span>
                    </>
                  ) : null}
                </td>
                <td className="p-2">{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</td>
                <td className="p-2" data-testid="api-key-state">
                  {keyState(key, items)}
                </td>
                <td className="p-2">
                  {isLive(key) ? (
                    <div className="flex flex-wrap gap-1">
                      {items.some((other) => other.rotatedFromId === key.id) ? null : (
                        <button
                          type="button"
                          className={compactSecondaryButtonClass}
                          onClick={() => {
                            rotate.reset();
                            setOverlapError(undefined);
                            setRotating(key);
                          }}
                        >
                          Rotate<span className="sr-only"> {key.name}</span>
                        </button>
                      )}
                      <button
                        type="button"
                        className={compactSecondaryButtonClass}
                        onClick={() => {
                          revoke.reset();
                          setRevoking(key);
                        }}
                      >
                        Revoke<span className="sr-only"> {key.name}</span>
                      </button>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        </PageList>
      </Section>

      <Section title="Create a key">
        <CreateKeyForm onCreated={setSecret} />
      </Section>

      <ConfirmDialog
        isOpen={rotating !== null}
        title={`Rotate “${rotating?.name ?? ''}”?`}
        confirmLabel="Rotate"
        isPending={rotate.isPending}
        onCancel={() => setRotating(null)}
        onConfirm={confirmRotate}
      >
        <p className="mb-2">
          A new key replaces this one. The old key keeps working for the overlap, so the integration
          can switch without downtime; 0 stops it at once.
        </p>
        <TextField
          id={`${id}-overlap`}
          label="Overlap (hours)"
          error={overlapError ?? ''}
          type="number"
          min={0}
          max={MAX_OVERLAP_HOURS}
          inputMode="numeric"
          value={overlapHours}
          onChange={(event) => setOverlapHours(event.target.value)}
        />
        <MutationError mutation={rotate} title="The key was not rotated." />
      </ConfirmDialog>

      <ConfirmDialog
        isOpen={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke now"
        isDanger
        isPending={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking)}
      >
        <p>Requests with this key ({revoking?.prefix}…) fail from now on. This cannot be undone.</p>
        <MutationError mutation={revoke} title="The key was not revoked." />
      </ConfirmDialog>
    </>
  );
}
