import { routes } from '@teppan/web-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  buttonClass,
  compactSecondaryButtonClass,
  ErrorBox,
  PageHeader,
  Section,
  SelectField,
  TextAreaField,
  TextField,
} from '@teppan/web-ui';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, call, errorMessage } from '../api.ts';
import {
  leadSourceLabel,
  leadSources,
  leadStatuses,
  leadStatusLabel,
  type Lead,
  type LeadCreateBody,
  type LeadStatus,
} from '../api-leads.ts';
import { LeadColumn } from '../components/leads-board.tsx';
import { leadQueryKey, LeadDetailPanel } from '../components/leads-detail-panel.tsx';
import { LostReasonDialog } from '../components/leads-lost-dialog.tsx';
import { fromLocalInput, LeadOwnerField, useLeadOwners } from '../components/leads-shared.tsx';
import { ListSearchBar, StationFilter, useListFilters } from '../components/list-search-bar.tsx';
import { StationSelect } from '../components/page-station-fields.tsx';
import { useCan, useSession } from '../session.tsx';

/** The pipeline board: one column per status, a card per lead, the lead's panel on top. */
export function LeadsPage() {
  const id = useId();
  const can = useCan();
  const me = useSession();
  const client = useQueryClient();
  const owners = useLeadOwners();
  const canManage = can('leads.manage');
  const { params, setParams, filters, draft, set, apply, clear } = useListFilters(
    ['q', 'source', 'owner', 'stationId'],
    ['lead'],
  );
  const selectedId = params.get('lead');
  const [isCreating, setIsCreating] = useState(false);
  const [losing, setLosing] = useState<Lead | null>(null);
  const [moveMessage, setMoveMessage] = useState<{ isError: boolean; text: string } | null>(null);

  const setParam = (key: string, value: string | null) => {
    // A message about an earlier move does not belong to the next lead.
    if (key === 'lead') setMoveMessage(null);
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const refreshAll = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['leads'] }),
      selectedId ? client.invalidateQueries({ queryKey: leadQueryKey(selectedId) }) : null,
    ]);

  const move = useMutation({
    mutationFn: (input: { lead: Lead; to: LeadStatus; lostReason?: string }) =>
      call(routes.leads.update, {
        params: { id: input.lead.id },
        body: {
          version: input.lead.version,
          status: input.to,
          ...(input.lostReason ? { lostReason: input.lostReason } : {}),
        },
      }),
    onSuccess: async (saved, input) => {
      client.setQueryData(leadQueryKey(saved.id), saved);
      setMoveMessage({
        isError: false,
        text: `${saved.name ?? 'Lead'} moved to ${leadStatusLabel(input.to)}.`,
      });
      await client.invalidateQueries({ queryKey: ['leads'] });
    },
    onError: async (error, input) => {
      const text =
        error instanceof ApiError && error.code === 'LEAD_VERSION_CONFLICT'
          ? `Someone else saved ${input.lead.name ?? 'this lead'} first; the board now shows their version. Check it and move it again.`
          : errorMessage(error);
      setMoveMessage({ isError: true, text });
      await refreshAll();
    },
  });
  const onMove = (lead: Lead, to: LeadStatus) => {
    if (to === 'lost') setLosing(lead);
    else move.mutate({ lead, to });
  };

  return (
    <>
      <PageHeader title="Leads">
        {canManage ? (
          <button
            type="button"
            className={buttonClass}
            aria-expanded={isCreating}
            onClick={() => setIsCreating((v) => !v)}
          >
            {isCreating ? 'Close new lead' : 'New lead'}
          </button>
        ) : null}
        <button
          type="button"
          className={compactSecondaryButtonClass}
          onClick={() => void refreshAll()}
          aria-label="Refresh leads"
        >
          Refresh
        </button>
      </PageHeader>

      {isCreating ? (
        <NewLeadForm
          onCreated={(lead) => {
            setIsCreating(false);
            setParam('lead', lead.id);
            void client.invalidateQueries({ queryKey: ['leads'] });
          }}
        />
      ) : null}

      <ListSearchBar
        label="Filter leads"
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5"
        onApply={apply}
        onClear={clear}
      >
        <TextField
          id={`${id}-q`}
          label="Search"
          className="lg:col-span-2"
          type="search"
          placeholder="Name, email or phone"
          hint="Full email or phone, or part of a name"
          value={draft.q}
          onChange={(event) => set('q')(event.target.value)}
        />
        <SelectField
          id={`${id}-source`}
          label="Source"
          value={draft.source}
          onChange={(event) => set('source')(event.target.value)}
        >
          <option value="">Any source</option>
          {leadSources.map((source) => (
            <option key={source} value={source}>
              {leadSourceLabel(source)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id={`${id}-owner`}
          label="Owner"
          value={draft.owner}
          onChange={(event) => set('owner')(event.target.value)}
        >
          <option value="">Anyone</option>
          <option value="none">Nobody yet</option>
          <option value={me.staff.id}>Me</option>
          {(owners.data?.items ?? [])
            .filter((o) => o.id !== me.staff.id)
            .map((owner) => (
              <option key={owner.id} value={owner.id}>
                {owner.name}
              </option>
            ))}
        </SelectField>
        <StationFilter id={`${id}-station`} value={draft.stationId} onChange={set('stationId')} />
      </ListSearchBar>

      {moveMessage ? (
        <div
          role={moveMessage.isError ? 'alert' : 'status'}
          className={`mb-3 rounded border p-3 ${moveMessage.isError ? 'border-red-300 bg-red-50 text-red-900' : 'border-green-300 bg-green-50'}`}
        >
          {moveMessage.text}
        </div>
      ) : null}

      {selectedId ? (
        <LeadDetailPanel
          key={selectedId}
          id={selectedId}
          canManage={canManage}
          onClose={() => setParam('lead', null)}
        />
      ) : null}

      <div className="grid gap-3 md:grid-cols-3 xl:grid-cols-5" aria-label="Pipeline">
        {leadStatuses.map((status) => (
          <LeadColumn
            key={status}
            status={status}
            filters={filters}
            selectedId={selectedId}
            canManage={canManage}
            isMoving={move.isPending}
            onOpen={(lead) => setParam('lead', lead.id)}
            onMove={onMove}
          />
        ))}
      </div>

      <LostReasonDialog
        leadName={losing ? (losing.name ?? losing.email ?? 'this lead') : null}
        isPending={move.isPending}
        onCancel={() => setLosing(null)}
        onConfirm={(reason) => {
          if (losing) move.mutate({ lead: losing, to: 'lost', lostReason: reason });
          setLosing(null);
        }}
      />
    </>
  );
}

function NewLeadForm(props: { onCreated: (lead: { id: string }) => void }) {
  const id = useId();
  const me = useSession();
  const [form, setForm] = useState({
    stationId: me.stations[0]?.id ?? '',
    name: '',
    email: '',
    phone: '',
    source: 'phone',
    score: '50',
    eventDate: '',
    guests: '',
    zip: '',
    nextFollowUpAt: '',
    ownerStaffId: me.staff.id,
    notes: '',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const set = (key: keyof typeof form) => (value: string) =>
    setForm((f) => ({ ...f, [key]: value }));
  const create = useMutation({
    mutationFn: (body: LeadCreateBody) => call(routes.leads.create, { body }),
    onSuccess: props.onCreated,
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!form.stationId) return setProblem('Choose a station.');
    if (!form.email.trim() && !form.phone.trim())
      return setProblem('A lead needs an email or a phone number.');
    const score = Number(form.score);
    if (!Number.isInteger(score) || score < 0 || score > 100)
      return setProblem('The score is a whole number from 0 to 100.');
    // The select offers only the known sources.
    const source = leadSources.find((known) => known === form.source);
    if (!source) return setProblem('Choose a source.');
    setProblem(null);
    create.mutate({
      stationId: form.stationId,
      source,
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
      ...(form.email.trim() ? { email: form.email.trim() } : {}),
      ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
      score,
      details: {
        ...(form.eventDate ? { eventDate: form.eventDate } : {}),
        ...(form.guests ? { guests: Number(form.guests) } : {}),
        ...(form.zip.trim() ? { zip: form.zip.trim() } : {}),
      },
      ...(form.notes.trim() ? { notes: form.notes.trim() } : {}),
      nextFollowUpAt: fromLocalInput(form.nextFollowUpAt),
      ownerStaffId: form.ownerStaffId || null,
    });
  };
  const input = (key: keyof typeof form, label: string, type = 'text', extra: object = {}) => (
    <TextField
      id={`${id}-${key}`}
      label={label}
      type={type}
      value={form[key]}
      onChange={(event) => set(key)(event.target.value)}
      {...extra}
    />
  );
  return (
    <Section title="New lead">
      <form onSubmit={onSubmit} aria-label="New lead" className="grid gap-3 sm:grid-cols-3">
        <StationSelect id={`${id}-station`} value={form.stationId} onChange={set('stationId')} />
        {input('name', 'Name', 'text', { maxLength: 120 })}
        {input('email', 'Email', 'email', { maxLength: 254 })}
        {input('phone', 'Phone', 'tel', { maxLength: 40 })}
        <SelectField
          id={`${id}-source`}
          label="Source"
          value={form.source}
          onChange={(event) => set('source')(event.target.value)}
        >
          {leadSources.map((source) => (
            <option key={source} value={source}>
              {leadSourceLabel(source)}
            </option>
          ))}
        </SelectField>
        {input('score', 'Score (0–100)', 'number', { min: 0, max: 100, step: 1 })}
        {input('eventDate', 'Event date wished', 'date')}
        {input('guests', 'Guests', 'number', { min: 1, max: 500, step: 1 })}
        {input('zip', 'ZIP', 'text', { inputMode: 'numeric', maxLength: 10 })}
        {input('nextFollowUpAt', 'Next follow-up', 'datetime-local')}
        <LeadOwnerField
          id={`${id}-owner`}
          value={form.ownerStaffId}
          onChange={set('ownerStaffId')}
        />
        <TextAreaField
          id={`${id}-notes`}
          label="Notes"
          className="sm:col-span-3"
          rows={2}
          maxLength={4000}
          value={form.notes}
          onChange={(event) => set('notes')(event.target.value)}
        />
        {problem ? (
          <p role="alert" className="text-red-800 sm:col-span-3">
            {problem}
          </p>
        ) : null}
        {create.isError ? (
          <div className="sm:col-span-3">
            <ErrorBox error={create.error} title="The lead was not created." />
          </div>
        ) : null}
        <div className="sm:col-span-3">
          <button type="submit" className={buttonClass} disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create lead'}
          </button>
        </div>
      </form>
    </Section>
  );
}
