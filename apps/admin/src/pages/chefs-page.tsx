import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  buttonClass,
  compactSecondaryButtonClass,
  ErrorBox,
  inputClass,
  Loading,
  RefreshButton,
  Section,
  TextField,
} from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { chefKeys, createChef, getChef, listChefs, listTimeOff } from '../api-chefs.ts';
import { ChefDetailView } from '../components/chef-detail.tsx';
import { TimeOffDecision } from '../components/chefs-time-off.tsx';
import { DataTable } from '../components/data-table.tsx';
import { ListStatus, LoadMore } from '../components/list-status.tsx';
import { MutationError, PageList, RefreshPageHeader } from '../components/page-parts.tsx';
import { StationSelect } from '../components/page-station-fields.tsx';
import { formatDateTime } from '../format.ts';
import { useCursorList } from '../hooks/page-cursor-list.ts';
import { useCan, useSession } from '../session.tsx';

// Chefs list --------------------------------------------------------------------------------

function PendingTimeOff() {
  const pending = useQuery({
    queryKey: chefKeys.timeOff('requested'),
    queryFn: () => listTimeOff('requested'),
    refetchInterval: 60_000,
  });
  return (
    <Section title="Time off waiting for a decision">
      <div className="mb-2 flex justify-end">
        <RefreshButton
          onRefresh={() => pending.refetch()}
          isFetching={pending.isFetching}
          label="Refresh time-off requests"
        />
      </div>
      <ListStatus
        query={pending}
        isEmpty={pending.data?.items.length === 0}
        loading="Loading requests…"
        error="Requests did not load."
        empty="No time-off request is waiting."
      />
      <ul className="divide-y divide-stone-200" data-testid="pending-time-off">
        {pending.data?.items.map((request) => (
          <li key={request.id} className="py-3">
            <p>
              <Link
                to={`/chefs/${request.chefId}`}
                className="font-semibold text-amber-900 underline"
              >
                {request.chefName}
              </Link>{' '}
              · {request.fromDate} to {request.toDate}
              {request.reason ? ` · “${request.reason}”` : ''}
            </p>
            <p className="text-sm text-stone-600">Asked {formatDateTime(request.createdAt)}</p>
            <TimeOffDecision request={request} />
          </li>
        ))}
      </ul>
    </Section>
  );
}

function NewChefForm() {
  const id = useId();
  const me = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [stationId, setStationId] = useState(me.stations[0]?.id ?? '');
  const [name, setName] = useState('');
  const [homeZip, setHomeZip] = useState('');
  const [maxGuests, setMaxGuests] = useState('30');
  const create = useMutation({
    mutationFn: () =>
      createChef({
        stationId,
        name: name.trim(),
        ...(homeZip.trim() ? { homeZip: homeZip.trim() } : {}),
        maxGuests: Number(maxGuests),
      }),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: chefKeys.all });
      await navigate(`/chefs/${created.chef.id}`);
    },
  });
  const isZipInvalid = homeZip.trim() !== '' && !/^\d{5}$/.test(homeZip.trim());
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!isZipInvalid && name.trim()) create.mutate();
  };
  return (
    <Section title="Add a chef">
      <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-4" aria-label="Add a chef">
        <StationSelect id={`${id}-station`} value={stationId} onChange={setStationId} />
        <TextField
          id={`${id}-name`}
          label="Name"
          required
          maxLength={120}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <div>
          <label htmlFor={`${id}-zip`} className="block font-medium">
            Home ZIP (for travel)
          </label>
          <input
            id={`${id}-zip`}
            inputMode="numeric"
            maxLength={5}
            value={homeZip}
            onChange={(event) => setHomeZip(event.target.value)}
            aria-invalid={isZipInvalid}
            aria-describedby={isZipInvalid ? `${id}-zip-error` : undefined}
            className={inputClass}
          />
          {isZipInvalid ? (
            <p id={`${id}-zip-error`} className="mt-1 text-sm text-red-800">
              Use a 5-digit ZIP code.
            </p>
          ) : null}
        </div>
        <TextField
          id={`${id}-max`}
          label="Largest party"
          type="number"
          min={1}
          max={500}
          required
          value={maxGuests}
          onChange={(event) => setMaxGuests(event.target.value)}
        />
        <div className="flex items-end">
          <button
            type="submit"
            className={buttonClass}
            disabled={create.isPending || isZipInvalid || !name.trim() || !stationId}
          >
            {create.isPending ? 'Adding…' : 'Add chef'}
          </button>
        </div>
      </form>
      <MutationError mutation={create} title="The chef was not added." />
    </Section>
  );
}

export function ChefsPage() {
  const can = useCan();
  const me = useSession();
  const [includeInactive, setIncludeInactive] = useState(false);
  const { query: chefs, items } = useCursorList({
    queryKey: chefKeys.list(includeInactive),
    fetchPage: (cursor) => listChefs({ includeInactive, cursor }),
    nextCursor: (last) => last.nextCursor,
    refetchInterval: 120_000,
  });
  const stationName = (id: string) => me.stations.find((s) => s.id === id)?.name ?? '';
  const canManage = can('chefs.manage');
  return (
    <>
      <RefreshPageHeader
        title={me.role === 'chef' ? 'My schedule' : 'Chefs'}
        query={chefs}
        refreshLabel="Refresh chefs"
      >
        {canManage ? (
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              className="h-5 w-5"
              checked={includeInactive}
              onChange={(event) => setIncludeInactive(event.target.checked)}
            />
            Show inactive chefs
          </label>
        ) : null}
      </RefreshPageHeader>
      <PageList
        query={chefs}
        items={items}
        loading="Loading chefs…"
        error="Chefs did not load."
        empty={
          me.role === 'chef'
            ? 'Your account is not linked to a chef yet. Ask a manager to link it.'
            : 'No chefs yet.'
        }
      >
        <DataTable
          caption="Chefs"
          className="mb-6 overflow-x-auto rounded border border-stone-300 bg-white"
          columns={[
            'Chef',
            'Rating',
            'Largest party',
            'Home ZIP',
            'Upcoming events',
            'Pending time off',
            me.stations.length > 1 ? 'Station' : null,
          ]}
        >
          {items.map((chef) => (
            <tr key={chef.id} className="border-t border-stone-200" data-testid="chef-row">
              <td className="p-2">
                <Link to={`/chefs/${chef.id}`} className="font-semibold text-amber-900 underline">
                  {chef.name}
                </Link>
                {chef.isActive ? null : <span className="ml-2 text-stone-600">(inactive)</span>}
              </td>
              <td className="p-2">{chef.rating.toFixed(2)}</td>
              <td className="p-2">{chef.maxGuests}</td>
              <td className="p-2">{chef.homeZip ?? '—'}</td>
              <td className="p-2">{chef.upcomingAssignments}</td>
              <td className="p-2">{chef.pendingTimeOff}</td>
              {me.stations.length > 1 ? (
                <td className="p-2">{stationName(chef.stationId)}</td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      </PageList>
      <LoadMore query={chefs} className="mb-6" />
      {canManage ? <PendingTimeOff /> : null}
      {canManage ? <NewChefForm /> : null}
    </>
  );
}

export function ChefDetailPage() {
  const { id = '' } = useParams();
  const me = useSession();
  const chef = useQuery({
    queryKey: chefKeys.detail(id),
    queryFn: () => getChef(id),
    refetchInterval: 60_000,
  });
  const header = (title: string) => (
    <RefreshPageHeader title={title} query={chef} refreshLabel="Refresh chef">
      {me.role === 'chef' ? null : (
        <Link to="/chefs" className={compactSecondaryButtonClass}>
          Back to chefs
        </Link>
      )}
    </RefreshPageHeader>
  );
  if (chef.isPending) return <Loading label="Loading the chef…" />;
  if (chef.isError)
    return (
      <>
        {header('Chef')}
        <ErrorBox error={chef.error} title="This chef did not load." />
      </>
    );
  const { chef: c } = chef.data;
  return (
    <>
      {header(c.name)}
      <p className="mb-4 text-stone-700">
        Rated {c.rating.toFixed(2)} · parties up to {c.maxGuests} ·{' '}
        {c.homeZip ? `home ZIP ${c.homeZip}` : 'travel measured from the station'}
        {c.isActive ? '' : ' · inactive'}
      </p>
      <ChefDetailView detail={chef.data} />
    </>
  );
}
