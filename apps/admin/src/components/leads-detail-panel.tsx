import { routes } from '@teppan/web-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  compactSecondaryButtonClass,
  ErrorBox,
  inputClass,
  Loading,
  RefreshButton,
  Section,
  TextAreaField,
  TextField,
} from '@teppan/web-ui';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { call, errorMessage } from '../api.ts';
import {
  jsonRecord,
  leadDetails,
  leadSourceLabel,
  leadStatusLabel,
  type LeadActivity,
  type LeadDetail,
  type LeadStatus,
  type LeadUpdateBody,
} from '../api-leads.ts';
import { formatCents, formatDateTime } from '../format.ts';
import { LeadConvertSection } from './leads-convert.tsx';
import { LostReasonDialog } from './leads-lost-dialog.tsx';
import { conflictCurrent, fromLocalInput, LeadOwnerField, toLocalInput } from './leads-shared.tsx';
import { FormButtons, SecondaryButton } from './shared-buttons.tsx';

export function leadQueryKey(id: string) {
  return ['lead', id] as const;
}

type Draft = {
  name: string;
  email: string;
  phone: string;
  score: string;
  ownerStaffId: string;
  nextFollowUpAt: string;
  notes: string;
  eventDate: string;
  guests: string;
  zip: string;
};

function draftOf(lead: LeadDetail): Draft {
  const details = leadDetails(lead);
  return {
    name: lead.name ?? '',
    email: lead.email ?? '',
    phone: lead.phone ?? '',
    score: String(lead.score),
    ownerStaffId: lead.owner?.id ?? '',
    nextFollowUpAt: toLocalInput(lead.nextFollowUpAt),
    notes: lead.notes ?? '',
    eventDate: details.eventDate ?? '',
    guests: details.guests === undefined ? '' : String(details.guests),
    zip: details.zip ?? '',
  };
}

/** The lead's panel: facts, moves, edit (optimistic lock), notes, conversion, activity. */
export function LeadDetailPanel(props: { id: string; canManage: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const lead = useQuery({
    queryKey: leadQueryKey(props.id),
    queryFn: () => call(routes.leads.detail, { params: { id: props.id } }),
    refetchInterval: 60_000,
  });
  useEffect(() => {
    headingRef.current?.focus();
  }, [props.id]);

  const [conflict, setConflict] = useState<string | null>(null);
  const [isLosing, setIsLosing] = useState(false);
  const onSaved = async (saved: LeadDetail) => {
    client.setQueryData(leadQueryKey(saved.id), saved);
    setConflict(null);
    await client.invalidateQueries({ queryKey: ['leads'] });
  };
  const onFailed = (error: unknown) => {
    const current = conflictCurrent(error);
    if (!current) return;
    client.setQueryData(leadQueryKey(current.id), current);
    const who = current.activity[0]?.actorName ?? 'Someone else';
    setConflict(
      `${who} saved this lead first (now version ${current.version}). The panel shows their version; your unsaved edits are still in the form — check them and save again.`,
    );
    void client.invalidateQueries({ queryKey: ['leads'] });
  };
  const save = useMutation({
    mutationFn: (body: LeadUpdateBody) =>
      call(routes.leads.update, { params: { id: props.id }, body }),
    onSuccess: onSaved,
    onError: onFailed,
  });

  if (lead.isPending) return <Loading label="Loading lead…" />;
  if (lead.isError) return <ErrorBox error={lead.error} title="This lead did not load." />;
  const l = lead.data;
  const title = l.name ?? l.email ?? l.phone ?? 'Lead';
  const move = (to: LeadStatus) => {
    if (to === 'lost') setIsLosing(true);
    else save.mutate({ version: l.version, status: to });
  };

  return (
    <section
      aria-labelledby={`lead-${l.id}-title`}
      className="mb-6 rounded border-2 border-amber-800 bg-white p-4"
      data-testid="lead-panel"
    >
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id={`lead-${l.id}-title`} ref={headingRef} tabIndex={-1} className="text-xl font-bold">
          {title}{' '}
          <span className="rounded bg-stone-200 px-2 py-0.5 text-sm font-semibold">
            {leadStatusLabel(l.status)}
          </span>
        </h2>
        <div className="flex gap-2">
          <RefreshButton
            onRefresh={() => lead.refetch()}
            isFetching={lead.isFetching}
            label="Refresh lead"
          />
          <SecondaryButton onClick={props.onClose}>Close</SecondaryButton>
        </div>
      </div>
      <p className="mb-2 text-stone-700">
        {leadSourceLabel(l.source)} · score {l.score} · created {formatDateTime(l.createdAt)}
        {l.owner ? ` · owner ${l.owner.name}` : ' · no owner'}
        {l.customerId ? (
          <>
            {' · '}
            <Link to={`/customers/${l.customerId}`} className="text-amber-900 underline">
              customer record
            </Link>
          </>
        ) : null}
      </p>
      {l.lostReason ? <p className="mb-2 text-red-800">Lost: {l.lostReason}</p> : null}
      {l.booking ? (
        <p className="mb-2">
          Converted to{' '}
          <Link to={`/bookings/${l.booking.id}`} className="font-semibold text-amber-900 underline">
            {l.booking.number ?? 'booking'}
          </Link>
        </p>
      ) : null}
      {conflict ? (
        <div role="alert" className="my-3 rounded border border-amber-400 bg-amber-50 p-3">
          {conflict}
        </div>
      ) : null}
      {save.isError && !conflictCurrent(save.error) ? (
        <ErrorBox error={save.error} title="The change was not saved." />
      ) : null}

      {props.canManage && l.allowedMoves.length > 0 ? (
        <div className="mb-4 flex flex-wrap items-center gap-2" role="group" aria-label="Move lead">
          <span className="font-medium">Move to:</span>
          {l.allowedMoves.map((to) => (
            <SecondaryButton key={to} disabled={save.isPending} onClick={() => move(to)}>
              {to === 'working' && l.status === 'lost' ? 'Reopen (working)' : leadStatusLabel(to)}
            </SecondaryButton>
          ))}
        </div>
      ) : null}
      <LostReasonDialog
        leadName={isLosing ? title : null}
        isPending={save.isPending}
        onCancel={() => setIsLosing(false)}
        onConfirm={(reason) => {
          setIsLosing(false);
          save.mutate({ version: l.version, status: 'lost', lostReason: reason });
        }}
      />

      {props.canManage ? (
        <LeadEditForm
          key={l.id}
          lead={l}
          isPending={save.isPending}
          save={(body) => save.mutateAsync({ ...body, version: l.version })}
        />
      ) : (
        <LeadFacts lead={l} />
      )}

      {props.canManage &&
      (l.status === 'new' || l.status === 'working' || l.status === 'qualified') ? (
        <LeadConvertSection lead={l} onDone={onSaved} onConflict={onFailed} />
      ) : null}

      {props.canManage ? <LeadNoteForm id={l.id} onSaved={onSaved} /> : null}
      <LeadActivityList activity={l.activity} />
    </section>
  );
}

function LeadFacts({ lead }: { lead: LeadDetail }) {
  return (
    <dl className="mb-4 grid gap-2 sm:grid-cols-3">
      <div>
        <dt className="text-sm text-stone-600">Email</dt>
        <dd>{lead.email ?? '—'}</dd>
      </div>
      <div>
        <dt className="text-sm text-stone-600">Phone</dt>
        <dd>{lead.phone ?? '—'}</dd>
      </div>
      <div>
        <dt className="text-sm text-stone-600">Next follow-up</dt>
        <dd>{lead.nextFollowUpAt ? formatDateTime(lead.nextFollowUpAt) : '—'}</dd>
      </div>
      <div className="sm:col-span-3">
        <dt className="text-sm text-stone-600">Notes</dt>
        <dd className="whitespace-pre-wrap">{lead.notes ?? '—'}</dd>
      </div>
    </dl>
  );
}

function changedBody(draft: Draft, base: Draft): Omit<LeadUpdateBody, 'version'> {
  const isChanged = (key: keyof Draft) => draft[key] !== base[key];
  const text = (value: string) => value.trim() || null;
  const body: Omit<LeadUpdateBody, 'version'> = {};
  if (isChanged('name')) body.name = text(draft.name);
  if (isChanged('email')) body.email = text(draft.email);
  if (isChanged('phone')) body.phone = text(draft.phone);
  if (isChanged('score')) body.score = Number(draft.score);
  if (isChanged('ownerStaffId')) body.ownerStaffId = draft.ownerStaffId || null;
  if (isChanged('nextFollowUpAt')) body.nextFollowUpAt = fromLocalInput(draft.nextFollowUpAt);
  if (isChanged('notes')) body.notes = text(draft.notes);
  const details: NonNullable<LeadUpdateBody['details']> = {};
  if (isChanged('eventDate')) details.eventDate = draft.eventDate || null;
  if (isChanged('guests')) details.guests = draft.guests ? Number(draft.guests) : null;
  if (isChanged('zip')) details.zip = text(draft.zip);
  if (Object.keys(details).length) body.details = details;
  return body;
}

/**
 * Sends only the fields you changed. When someone else saved first (409), their values
 * replace the fields you did not touch and yours stay, ready to save again.
 */
function LeadEditForm(props: {
  lead: LeadDetail;
  isPending: boolean;
  save: (body: Omit<LeadUpdateBody, 'version'>) => Promise<LeadDetail>;
}) {
  const id = useId();
  const [base, setBase] = useState<Draft>(() => draftOf(props.lead));
  const [draft, setDraft] = useState<Draft>(base);
  const [problem, setProblem] = useState<string | null>(null);
  const isDirty = JSON.stringify(draft) !== JSON.stringify(base);
  const dirtyRef = useRef(isDirty);
  dirtyRef.current = isDirty;
  // A refetch or a move elsewhere brought a newer lead: show it unless you are editing.
  useEffect(() => {
    if (dirtyRef.current) return;
    const next = draftOf(props.lead);
    setBase(next);
    setDraft(next);
  }, [props.lead]);
  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const score = Number(draft.score);
    if (draft.score === '' || !Number.isInteger(score) || score < 0 || score > 100) {
      setProblem('The score is a whole number from 0 to 100.');
      return;
    }
    if (!draft.email.trim() && !draft.phone.trim()) {
      setProblem('Keep an email or a phone number.');
      return;
    }
    const guests = draft.guests ? Number(draft.guests) : null;
    if (guests !== null && (!Number.isInteger(guests) || guests < 1)) {
      setProblem('Guests is a whole number of at least 1.');
      return;
    }
    const body = changedBody(draft, base);
    if (Object.keys(body).length === 0) {
      setProblem('Nothing changed.');
      return;
    }
    setProblem(null);
    try {
      const saved = await props.save(body);
      const next = draftOf(saved);
      setBase(next);
      setDraft(next);
    } catch (error) {
      const current = conflictCurrent(error);
      if (!current) return;
      const theirs = draftOf(current);
      setDraft((mine) => {
        const merged = { ...theirs };
        for (const key of Object.keys(mine) as (keyof Draft)[])
          if (mine[key] !== base[key]) merged[key] = mine[key];
        return merged;
      });
      setBase(theirs);
    }
  };

  const field = (key: keyof Draft, label: string, type = 'text', extra: object = {}) => (
    <TextField
      id={`${id}-${key}`}
      label={label}
      type={type}
      value={draft[key]}
      onChange={(event) => set(key)(event.target.value)}
      {...extra}
    />
  );

  return (
    <form onSubmit={(event) => void onSubmit(event)} aria-label="Edit lead" className="mb-4">
      <div className="grid gap-3 sm:grid-cols-3">
        {field('name', 'Name', 'text', { maxLength: 120 })}
        {field('email', 'Email', 'email', { maxLength: 254 })}
        {field('phone', 'Phone', 'tel', { maxLength: 40 })}
        {field('score', 'Score (0–100)', 'number', { min: 0, max: 100, step: 1 })}
        <LeadOwnerField
          id={`${id}-owner`}
          value={draft.ownerStaffId}
          onChange={set('ownerStaffId')}
        />
        {field('nextFollowUpAt', 'Next follow-up', 'datetime-local')}
        {field('eventDate', 'Event date wished', 'date')}
        {field('guests', 'Guests', 'number', { min: 1, max: 500, step: 1 })}
        {field('zip', 'ZIP', 'text', { inputMode: 'numeric', maxLength: 10 })}
        <TextAreaField
          id={`${id}-notes`}
          label="Notes"
          className="sm:col-span-3"
          rows={3}
          maxLength={4000}
          value={draft.notes}
          onChange={(event) => set('notes')(event.target.value)}
        />
      </div>
      {problem ? (
        <p role="alert" className="mt-2 text-red-800">
          {problem}
        </p>
      ) : null}
      <FormButtons className="mt-3 flex gap-2" label="Save changes" isPending={props.isPending}>
        <SecondaryButton
          disabled={!isDirty}
          onClick={() => {
            const saved = draftOf(props.lead);
            setBase(saved);
            setDraft(saved);
            setProblem(null);
          }}
        >
          Discard my edits
        </SecondaryButton>
      </FormButtons>
    </form>
  );
}

function LeadNoteForm(props: { id: string; onSaved: (lead: LeadDetail) => Promise<void> }) {
  const id = useId();
  const [text, setText] = useState('');
  const note = useMutation({
    mutationFn: () =>
      call(routes.leads.addNote, { params: { id: props.id }, body: { text: text.trim() } }),
    onSuccess: async (lead) => {
      setText('');
      await props.onSaved(lead);
    },
  });
  return (
    <form
      aria-label="Add a note"
      className="mb-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) note.mutate();
      }}
    >
      <label htmlFor={id} className="block font-medium">
        Add a note
      </label>
      <textarea
        id={id}
        rows={2}
        maxLength={4000}
        value={text}
        onChange={(event) => setText(event.target.value)}
        className={inputClass}
      />
      {note.isError ? <p className="mt-1 text-red-800">{errorMessage(note.error)}</p> : null}
      <button
        type="submit"
        className={`${compactSecondaryButtonClass} mt-2`}
        disabled={note.isPending || !text.trim()}
      >
        {note.isPending ? 'Adding…' : 'Add note'}
      </button>
    </form>
  );
}

/** A value of an activity entry's JSON data, as text. */
function str(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function describeActivity(entry: LeadActivity): string {
  const data = jsonRecord(entry.data);
  switch (entry.type) {
    case 'created':
      return `Created (${leadSourceLabel(str(data.source))})`;
    case 'status_changed':
      return `Moved from ${leadStatusLabel(str(data.from))} to ${leadStatusLabel(str(data.to))}${data.reason ? `: ${str(data.reason)}` : ''}`;
    case 'note':
      return str(data.text);
    case 'updated':
      return `Edited ${Object.keys((data.changes as object | undefined) ?? {})
        .map((f) => f.replace(/_/g, ' '))
        .join(', ')}`;
    case 'hold_created':
      return `Held ${str(data.date)} ${str(data.slot)} (quote ${str(data.quoteNumber)}, deposit ${formatCents(Number(data.depositCents ?? 0))})`;
    case 'converted':
      return data.via === 'hold'
        ? 'Converted: the customer completed the held booking'
        : `Converted: linked booking ${str(data.number)}`;
    default:
      return entry.type;
  }
}

function LeadActivityList({ activity }: { activity: LeadActivity[] }) {
  return (
    <Section title="Activity">
      {activity.length === 0 ? (
        <p className="text-stone-600">Nothing yet.</p>
      ) : (
        <ol className="space-y-2 text-sm" data-testid="lead-activity">
          {activity.map((entry) => (
            <li key={entry.id} className="border-l-2 border-stone-300 pl-2">
              <span className={entry.type === 'note' ? 'whitespace-pre-wrap' : 'font-medium'}>
                {describeActivity(entry)}
              </span>
              <div className="text-stone-600">
                {entry.actorName ?? entry.actor} · {formatDateTime(entry.at)}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
