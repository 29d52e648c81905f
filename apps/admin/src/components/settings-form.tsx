import {
  addonCodes,
  diffSettings,
  isApprovalPath,
  pathsNeedingApproval,
  proteinCodes,
  settingsSchema,
  slotTimes,
  type Settings,
} from '@teppan/core';
import { buttonClass, inputClass, Section } from '@teppan/web-ui';
import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { formatSettingValue } from '../api-settings.ts';
import { SecondaryButton } from './shared-buttons.tsx';
import { NoteWithActions } from './shared-field.tsx';
import { ContactSection } from './settings-contact-section.tsx';

type Kind = 'money' | 'int' | 'decimal' | 'text' | 'intList';

/** Reads a value at a dotted path of the settings object. */
function getAt(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => {
    if (value === null || typeof value !== 'object') return undefined;
    return (value as Record<string, unknown>)[key];
  }, root);
}

/** A copy of `root` with `value` at `path` (objects along the way are copied, never mutated). */
function setAt<T>(root: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return root;
  const base = (root ?? {}) as Record<string, unknown>;
  const next = rest.length === 0 ? value : setAt(base[head], rest.join('.'), value);
  return (
    Array.isArray(root) ? Object.assign([...root], { [head]: next }) : { ...base, [head]: next }
  ) as T;
}

function toInput(kind: Kind, value: unknown): string {
  if (kind === 'intList') return Array.isArray(value) ? value.join(', ') : '';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '';
    return kind === 'money' ? (value / 100).toFixed(2) : String(value);
  }
  return typeof value === 'string' ? value : '';
}

function fromInput(kind: Kind, text: string): unknown {
  const trimmed = text.trim();
  switch (kind) {
    case 'text':
      return text;
    case 'intList':
      return trimmed === '' ? [] : trimmed.split(/[\s,]+/).map((part) => Number(part));
    case 'money':
      return trimmed === '' ? Number.NaN : Math.round(Number(trimmed) * 100);
    case 'int':
    case 'decimal':
      return trimmed === '' ? Number.NaN : Number(trimmed);
  }
}

export type FieldErrors = Map<string, string>;

function errorsOf(draft: Settings): FieldErrors {
  const result = settingsSchema.safeParse(draft);
  const errors: FieldErrors = new Map();
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    // Number.NaN from an empty box reads "expected number, received NaN": say it plainly.
    const message = /NaN/.test(issue.message) ? 'Enter a number.' : issue.message;
    if (!errors.has(path)) errors.set(path, message);
  }
  return errors;
}

/** The first error at or below a path (arrays report at the item, the box is the list). */
export function errorFor(errors: FieldErrors, path: string): string | undefined {
  if (errors.has(path)) return errors.get(path);
  for (const [key, message] of errors) if (key.startsWith(`${path}.`)) return message;
  return undefined;
}

function ApprovalBadge() {
  return (
    <span
      className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900"
      title="Changing this needs a second admin's approval (or a super admin)"
    >
      needs 2nd admin
    </span>
  );
}

function Field(props: {
  label: string;
  path: string;
  kind: Kind;
  draft: Settings;
  inForce: Settings;
  errors: FieldErrors;
  onChange: (path: string, value: unknown) => void;
  hint?: string;
  readOnly?: boolean;
  /** Set when the group heading already carries the approval badge. */
  isBadgeOnGroup?: boolean;
}) {
  const id = useId();
  const value = getAt(props.draft, props.path);
  const error = errorFor(props.errors, props.path);
  const changed = JSON.stringify(value) !== JSON.stringify(getAt(props.inForce, props.path));
  // Keep what the admin is typing ("12." or "20, ") until it parses to something else.
  const [text, setText] = useState<string | null>(null);
  const shown =
    text !== null && fromInputEquals(props.kind, text, value) ? text : toInput(props.kind, value);
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-sm font-medium">
        {props.label}
        {props.kind === 'money' ? ' ($)' : ''}
        {isApprovalPath(props.path) && !props.isBadgeOnGroup ? <ApprovalBadge /> : null}
        {changed ? <span className="ml-2 text-xs text-blue-800">changed</span> : null}
      </label>
      <input
        id={id}
        className={inputClass}
        inputMode={
          props.kind === 'money' || props.kind === 'decimal'
            ? 'decimal'
            : props.kind === 'text'
              ? 'text'
              : 'numeric'
        }
        value={shown}
        readOnly={props.readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || props.hint ? `${id}-note` : undefined}
        data-path={props.path}
        onChange={(event) => {
          setText(event.target.value);
          props.onChange(props.path, fromInput(props.kind, event.target.value));
        }}
        onBlur={() => setText(null)}
      />
      {error ? (
        <p id={`${id}-note`} className="mt-1 text-sm text-red-800">
          {error}
        </p>
      ) : props.hint ? (
        <p id={`${id}-note`} className="mt-1 text-xs text-stone-600">
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

function fromInputEquals(kind: Kind, text: string, value: unknown): boolean {
  return JSON.stringify(fromInput(kind, text)) === JSON.stringify(value);
}

function Grid({ children }: { children: ReactNode }) {
  return <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">{children}</div>;
}

/**
 * The settings in force as an editable draft, in the sections staff think in. Validation is
 * the same zod schema the server parses with, run on every keystroke; fields whose change
 * needs a second admin carry a badge, and the summary says whether saving applies at once.
 */
export function SettingsForm(props: {
  inForce: Settings;
  version: number;
  isSuperAdmin: boolean;
  canEdit: boolean;
  isSaving: boolean;
  onSubmit: (input: { settings: Settings; note: string }) => void;
}) {
  const [draft, setDraft] = useState<Settings>(props.inForce);
  const [note, setNote] = useState('');
  const noteId = useId();
  const errors = useMemo(() => errorsOf(draft), [draft]);
  const changes = useMemo(() => diffSettings(props.inForce, draft), [props.inForce, draft]);
  const approval = pathsNeedingApproval(changes.map((c) => c.path));
  const onChange = (path: string, value: unknown) => setDraft((d) => setAt(d, path, value));
  const field = (
    label: string,
    path: string,
    kind: Kind,
    hint?: string,
    isBadgeOnGroup = false,
  ) => (
    <Field
      isBadgeOnGroup={isBadgeOnGroup}
      key={path}
      label={label}
      path={path}
      kind={kind}
      draft={draft}
      inForce={props.inForce}
      errors={errors}
      onChange={onChange}
      readOnly={!props.canEdit}
      {...(hint ? { hint } : {})}
    />
  );
  const offered = new Set(draft.slots.map((s) => s.time));
  const toggleSlot = (time: (typeof slotTimes)[number], isOn: boolean) => {
    const labels = new Map(
      [...props.inForce.slots, ...draft.slots].map((s) => [s.time, s.label] as const),
    );
    const times = slotTimes.filter((t) => (t === time ? isOn : offered.has(t)));
    setDraft((d) => ({ ...d, slots: times.map((t) => ({ time: t, label: labels.get(t) ?? t })) }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (errors.size > 0 || changes.length === 0) return;
    props.onSubmit({ settings: settingsSchema.parse(draft), note });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Settings">
      <Section title="Prices and menu">
        <Grid>
          {field('Adult (13+)', 'pricing.adultCents', 'money')}
          {field('Child (6–12)', 'pricing.childCents', 'money')}
          {field('Child 5 and under', 'pricing.toddlerCents', 'money')}
          {field('Proteins per guest', 'pricing.proteinsPerGuest', 'int')}
          {field('Extra protein', 'pricing.extraProteinCents', 'money')}
          {field('Sales tax (basis points)', 'pricing.taxRateBasisPoints', 'int', '825 = 8.25%')}
          {field(
            'Gratuity suggestions (%)',
            'pricing.gratuityPercents',
            'intList',
            'Comma-separated, e.g. 20, 25, 30',
          )}
        </Grid>
        <h3 className="mt-4 mb-2 font-semibold">
          Proteins (a premium price replaces one pick)
          <ApprovalBadge />
        </h3>
        <Grid>
          {proteinCodes.map((code) => {
            const name = props.inForce.pricing.proteins[code].label;
            return (
              <div key={code} className="grid grid-cols-2 gap-2">
                {field(`${name}: name`, `pricing.proteins.${code}.label`, 'text', undefined, true)}
                {field(
                  `${name}: premium`,
                  `pricing.proteins.${code}.premiumCents`,
                  'money',
                  undefined,
                  true,
                )}
              </div>
            );
          })}
        </Grid>
        <h3 className="mt-4 mb-2 font-semibold">
          Add-ons
          <ApprovalBadge />
        </h3>
        <Grid>
          {addonCodes.map((code) => {
            const name = props.inForce.pricing.addons[code].label;
            return (
              <div key={code} className="grid grid-cols-2 gap-2">
                {field(`${name}: name`, `pricing.addons.${code}.label`, 'text', undefined, true)}
                {field(`${name}: price`, `pricing.addons.${code}.cents`, 'money', undefined, true)}
              </div>
            );
          })}
        </Grid>
      </Section>

      <ContactSection
        draft={draft}
        inForce={props.inForce}
        errors={errors}
        readOnly={!props.canEdit}
        onDraft={setDraft}
      />

      <Section title="Deposit and minimum">
        <Grid>
          {field('Deposit', 'pricing.depositCents', 'money', 'Deducted from the balance')}
          {field('Party minimum (food subtotal)', 'pricing.partyMinimumCents', 'money')}
        </Grid>
      </Section>

      <Section title="Travel">
        <Grid>
          {field('Free miles (one way)', 'travel.freeMiles', 'int')}
          {field('Per mile beyond', 'travel.perMileCents', 'money')}
          {field('Service radius (miles)', 'travel.serviceRadiusMiles', 'decimal')}
          {field(
            'Road circuity factor',
            'travel.circuityFactor',
            'decimal',
            'Offline distance estimate × this',
          )}
          {field('Distance cache (days)', 'travel.cacheDays', 'int')}
          {field('Service area description', 'serviceArea.description', 'text')}
        </Grid>
      </Section>

      <Section title="Slots and capacity">
        <fieldset className="mb-3">
          <legend className="text-sm font-medium">Time slots offered</legend>
          <div className="mt-1 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            {slotTimes.map((time) => {
              const index = draft.slots.findIndex((s) => s.time === time);
              return (
                <div key={time} className="rounded border border-stone-300 p-2">
                  <label className="flex items-center gap-2 font-medium">
                    <input
                      type="checkbox"
                      checked={index >= 0}
                      disabled={!props.canEdit}
                      onChange={(event) => toggleSlot(time, event.target.checked)}
                    />
                    {time}
                  </label>
                  {index >= 0 ? field('Label', `slots.${index}.label`, 'text') : null}
                </div>
              );
            })}
          </div>
          {errorFor(errors, 'slots') && !draft.slots.length ? (
            <p className="mt-1 text-sm text-red-800">Offer at least one slot.</p>
          ) : null}
        </fieldset>
        <Grid>
          {field('Requested time window (± minutes)', 'requestedTimeWindowMinutes', 'int')}
          {field('Events per slot (beyond the roster window)', 'capacity.defaultPerSlot', 'int')}
          {field('Roster-based capacity within (days)', 'capacity.chefBasedWithinDays', 'int')}
        </Grid>
      </Section>

      <Section title="Policies">
        <Grid>
          {field(
            'Deposit refunded if cancelled ≥ (days before)',
            'policies.depositRefundMinDaysBefore',
            'int',
          )}
          {field('Free reschedules', 'policies.freeReschedules', 'int')}
          {field(
            'Free reschedule ≥ (hours before)',
            'policies.freeRescheduleMinHoursBefore',
            'int',
          )}
          {field('Reschedule fee', 'policies.rescheduleFeeCents', 'money')}
          {field('Guest count final (hours before)', 'policies.guestCountFinalHoursBefore', 'int')}
          {field('Menu changes until (hours before)', 'policies.menuChangeMinHoursBefore', 'int')}
          {field('Hand parties of this size to staff', 'largePartyHandoffGuests', 'int')}
        </Grid>
      </Section>

      <Section title="Notice and holds">
        <Grid>
          {field('Minimum notice (hours)', 'notice.minHours', 'int')}
          {field('Book at most (days ahead)', 'notice.maxDays', 'int')}
          {field('Sign the agreement within (minutes)', 'holds.signWithinMinutes', 'int')}
          {field(
            'Pay the deposit within (minutes after signing)',
            'holds.depositWithinMinutesAfterSign',
            'int',
          )}
          {field('Warn before a deadline (minutes)', 'holds.warningMinutesBefore', 'int')}
          {field(
            'Staff confirm an offline deposit within (minutes after signing)',
            'holds.staffConfirmWithinMinutesAfterSign',
            'int',
          )}
          {field(
            'Open holds + unpaid bookings per email or phone',
            'holds.maxOpenPerContact',
            'int',
          )}
          {field('Open holds + unpaid bookings per IP a day', 'holds.maxOpenPerIpPerDay', 'int')}
        </Grid>
        <p className="mt-2 text-sm text-stone-600">
          A customer who says they paid by Zelle or Venmo waits for staff until the confirmation
          deadline (never earlier than the deposit deadline); unconfirmed by then, the booking is
          cancelled and the date released. Staff holds for a customer are not capped.
        </p>
      </Section>

      <Section title="Reminders and chef assignment (internal)">
        <Grid>
          {field('Deposit nudge (hours after hold)', 'reminders.depositNudgeHoursAfterHold', 'int')}
          {field('Event reminders (hours before)', 'reminders.eventReminderHoursBefore', 'intList')}
          {field('Chef on the way (minutes before)', 'reminders.chefOnTheWayMinutesBefore', 'int')}
          {field('Review request (hours after)', 'reminders.reviewRequestHoursAfter', 'int')}
          {field('Review reminder (days after)', 'reminders.reviewReminderDaysAfter', 'int')}
          {field('Referral ask (days after)', 'reminders.referralAskDaysAfter', 'int')}
          {field('Re-engage after idle (days)', 'reminders.reengagementIdleDays', 'int')}
          {field('Travel weight (%)', 'chefAssignment.travelWeight', 'int')}
          {field('Rating weight (%)', 'chefAssignment.ratingWeight', 'int')}
          {field('Party-size weight (%)', 'chefAssignment.partySizeWeight', 'int')}
          {field('Preference weight (%)', 'chefAssignment.preferenceWeight', 'int')}
        </Grid>
      </Section>

      {props.canEdit ? (
        <section
          aria-label="Save settings"
          className="sticky bottom-0 mb-6 rounded border border-stone-400 bg-stone-50 p-4 shadow"
        >
          {changes.length === 0 ? (
            <p className="text-stone-700">No changes against version {props.version}.</p>
          ) : (
            <details>
              <summary className="cursor-pointer">
                {changes.length} change{changes.length === 1 ? '' : 's'} against version{' '}
                {props.version}
                {approval.length > 0
                  ? props.isSuperAdmin
                    ? ' — includes prices; as a super admin you apply them at once.'
                    : ` — ${approval.length} need${approval.length === 1 ? 's' : ''} another admin's approval.`
                  : ' — applied at once.'}
              </summary>
              <ul className="mt-2 text-sm">
                {changes.map((c) => (
                  <li key={c.path}>
                    <code>{c.path}</code>: {formatSettingValue(c.path, c.before)} →{' '}
                    {formatSettingValue(c.path, c.after)}
                    {isApprovalPath(c.path) ? <ApprovalBadge /> : null}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {errors.size > 0 ? (
            <p role="alert" className="mt-2 text-sm text-red-800">
              Fix the {errors.size} highlighted field{errors.size === 1 ? '' : 's'} before saving.
            </p>
          ) : null}
          <NoteWithActions id={noteId} label="Note (why)" note={note} onNoteChange={setNote}>
            <button
              type="submit"
              className={buttonClass}
              disabled={props.isSaving || errors.size > 0 || changes.length === 0}
            >
              {props.isSaving
                ? 'Saving…'
                : approval.length > 0 && !props.isSuperAdmin
                  ? 'Propose for approval'
                  : 'Save settings'}
            </button>
            <SecondaryButton
              disabled={changes.length === 0}
              onClick={() => {
                setDraft(props.inForce);
                setNote('');
              }}
            >
              Discard changes
            </SecondaryButton>
          </NoteWithActions>
        </section>
      ) : null}
    </form>
  );
}
