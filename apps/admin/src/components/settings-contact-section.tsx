import { isApprovalPath, type Settings } from '@teppan/core';
import { inputClass, Section } from '@teppan/web-ui';
import { useId, type Dispatch, type SetStateAction } from 'react';
import { errorFor, type FieldErrors } from './settings-form.tsx';

type Payees = Settings['payees'];
type Brand = Settings['brand'];

/** An emptied optional field goes away: the built-in default (or "not offered") applies. */
function withText<T extends object, K extends keyof T>(obj: T, key: K, text: string): T {
  const next = { ...obj };
  if (text === '') delete next[key];
  else next[key] = text as T[K];
  return next;
}

function setZelle(payees: Payees, field: 'recipient' | 'accountName', text: string): Payees {
  const zelle = { recipient: '', accountName: '', ...payees.zelle, [field]: text };
  const next = { ...payees };
  // Both boxes empty: no Zelle payee, so Zelle is not offered to guests.
  if (!zelle.recipient && !zelle.accountName) delete next.zelle;
  else next.zelle = zelle;
  return next;
}

function TextField(props: {
  label: string;
  path: string;
  value: string | undefined;
  inForce: string | undefined;
  errors: FieldErrors;
  hint: string;
  readOnly: boolean;
  onChange: (text: string) => void;
}) {
  const id = useId();
  const error = errorFor(props.errors, props.path);
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-sm font-medium">
        {props.label}
        {isApprovalPath(props.path) ? (
          <span
            className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900"
            title="Changing this needs a second admin's approval (or a super admin)"
          >
            needs 2nd admin
          </span>
        ) : null}
        {(props.value ?? '') !== (props.inForce ?? '') ? (
          <span className="ml-2 text-xs text-blue-800">changed</span>
        ) : null}
      </label>
      <input
        id={id}
        className={inputClass}
        value={props.value ?? ''}
        readOnly={props.readOnly}
        data-path={props.path}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-note`}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <p
        id={`${id}-note`}
        className={error ? 'mt-1 text-sm text-red-800' : 'mt-1 text-xs text-stone-600'}
      >
        {error ?? props.hint}
      </p>
    </div>
  );
}

/**
 * How guests reach the business and whom they pay offline (issue F7). The site footer,
 * every "call us" message and every offline payment instruction read these; a payee left
 * empty means the method is not offered.
 */
export function ContactSection(props: {
  draft: Settings;
  inForce: Settings;
  errors: FieldErrors;
  readOnly: boolean;
  onDraft: Dispatch<SetStateAction<Settings>>;
}) {
  const { draft, inForce, errors, readOnly } = props;
  const brandField = (
    label: string,
    key: 'contactPhone' | 'contactEmail' | 'postalAddress',
    hint: string,
  ) => (
    <TextField
      label={label}
      path={`brand.${key}`}
      value={draft.brand[key]}
      inForce={inForce.brand[key]}
      errors={errors}
      hint={hint}
      readOnly={readOnly}
      onChange={(text) =>
        props.onDraft((d) => ({ ...d, brand: withText<Brand, typeof key>(d.brand, key, text) }))
      }
    />
  );
  return (
    <Section title="Contact and payees">
      <p className="mb-3 text-sm text-stone-700">
        Shown in the site footer, in emails and in every “call us” message. Empty contact fields use
        the built-in defaults (the sender address of emails, the station address).
      </p>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {brandField('Phone', 'contactPhone', 'The number guests call, e.g. (510) 555-0100.')}
        {brandField('Email', 'contactEmail', 'Where guests write, e.g. hello@example.com.')}
        {brandField('Postal address', 'postalAddress', 'Street, city, state and ZIP.')}
      </div>
      <h3 className="mb-2 mt-4 font-semibold">Offline deposits</h3>
      <p className="mb-3 text-sm text-stone-700">
        Zelle and Venmo are offered to guests only with their payee filled in. Changing a payee
        needs a second admin.
      </p>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <TextField
          label="Zelle recipient"
          path="payees.zelle.recipient"
          value={draft.payees.zelle?.recipient}
          inForce={inForce.payees.zelle?.recipient}
          errors={errors}
          hint="The email or US phone number enrolled in Zelle."
          readOnly={readOnly}
          onChange={(text) =>
            props.onDraft((d) => ({ ...d, payees: setZelle(d.payees, 'recipient', text) }))
          }
        />
        <TextField
          label="Zelle account name"
          path="payees.zelle.accountName"
          value={draft.payees.zelle?.accountName}
          inForce={inForce.payees.zelle?.accountName}
          errors={errors}
          hint="The name guests see in their bank app, so they know it is you."
          readOnly={readOnly}
          onChange={(text) =>
            props.onDraft((d) => ({ ...d, payees: setZelle(d.payees, 'accountName', text) }))
          }
        />
        <TextField
          label="Venmo handle"
          path="payees.venmo.handle"
          value={draft.payees.venmo?.handle}
          inForce={inForce.payees.venmo?.handle}
          errors={errors}
          hint="Starts with @, e.g. @Teppan-Fremont."
          readOnly={readOnly}
          onChange={(text) =>
            props.onDraft((d) => {
              const payees = { ...d.payees };
              if (text === '') delete payees.venmo;
              else payees.venmo = { handle: text };
              return { ...d, payees };
            })
          }
        />
      </div>
    </Section>
  );
}
