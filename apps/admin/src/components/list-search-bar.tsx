import { buttonClass, SelectField } from '@teppan/web-ui';
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useSession } from '../session.tsx';
import { SecondaryButton } from './shared-buttons.tsx';

/**
 * A list's filters, kept in the URL. The form edits a draft; the URL (and so the query key)
 * changes on apply only. `keep` names other parameters that survive an apply (an open panel).
 */
export function useListFilters<K extends string>(keys: readonly K[], keep: readonly string[] = []) {
  const [params, setParams] = useSearchParams();
  const read = (get: (key: K) => string) =>
    Object.fromEntries(keys.map((key) => [key, get(key)])) as Record<K, string>;
  const filters = read((key) => params.get(key) ?? '');
  const [draft, setDraft] = useState(filters);
  const set = (key: K) => (value: string) => setDraft((current) => ({ ...current, [key]: value }));
  const apply = () => {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries<string>(draft)) if (value) next.set(key, value);
    for (const key of keep) {
      const value = params.get(key);
      if (value) next.set(key, value);
    }
    setParams(next);
  };
  const clear = () => {
    setDraft(read(() => ''));
    setParams(new URLSearchParams());
  };
  return { params, setParams, filters, draft, set, apply, clear };
}

/** The filters as a contract query takes them: an empty field is left out, not sent as ''. */
export function filterQuery<K extends string>(
  filters: Record<K, string>,
): Partial<Record<K, string>> {
  const query: Partial<Record<K, string>> = {};
  for (const key of Object.keys(filters) as K[]) if (filters[key]) query[key] = filters[key];
  return query;
}

/** The search/filter bar above a list: its fields, then Apply (or Search) and Clear. */
export function ListSearchBar(props: {
  label: string;
  /** Layout classes: the grid or flex the fields sit in. */
  className: string;
  submitLabel?: string;
  onApply: () => void;
  onClear: () => void;
  children: ReactNode;
}) {
  return (
    <form
      role="search"
      aria-label={props.label}
      onSubmit={(event) => {
        event.preventDefault();
        props.onApply();
      }}
      className={`mb-4 rounded border border-stone-300 bg-white p-4 ${props.className}`}
    >
      {props.children}
      <div className="flex items-end gap-2">
        <button type="submit" className={buttonClass}>
          {props.submitLabel ?? 'Apply'}
        </button>
        <SecondaryButton onClick={props.onClear}>Clear</SecondaryButton>
      </div>
    </form>
  );
}

/** "Station" with "All my stations"; shown only to someone who works at several stations. */
export function StationFilter(props: {
  id: string;
  value: string;
  onChange: (stationId: string) => void;
}) {
  const me = useSession();
  if (me.stations.length <= 1) return null;
  return (
    <SelectField
      id={props.id}
      label="Station"
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
    >
      <option value="">All my stations</option>
      {me.stations.map((station) => (
        <option key={station.id} value={station.id}>
          {station.name}
        </option>
      ))}
    </SelectField>
  );
}
