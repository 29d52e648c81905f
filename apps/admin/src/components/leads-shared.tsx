import { routes } from '@teppan/web-client';
import { useQuery } from '@tanstack/react-query';
import { SelectField } from '@teppan/web-ui';
import { ApiError, call } from '../api.ts';
import { type LeadDetail } from '../api-leads.ts';

/** 'YYYY-MM-DDTHH:mm' in the browser's time zone, for <input type="datetime-local">. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The lead someone else saved first, from a 409 LEAD_VERSION_CONFLICT. */
export function conflictCurrent(error: unknown): LeadDetail | null {
  if (!(error instanceof ApiError) || error.code !== 'LEAD_VERSION_CONFLICT') return null;
  const details = error.details as { current?: LeadDetail } | undefined;
  return details?.current ?? null;
}

export function useLeadOwners() {
  return useQuery({
    queryKey: ['lead-owners'],
    queryFn: () => call(routes.leads.owners),
    staleTime: 5 * 60_000,
  });
}

/** "Owner" of a lead: nobody, or one of the staff who may own leads. */
export function LeadOwnerField(props: {
  id: string;
  value: string;
  onChange: (ownerStaffId: string) => void;
}) {
  const owners = useLeadOwners();
  return (
    <SelectField
      id={props.id}
      label="Owner"
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
    >
      <option value="">Nobody</option>
      {(owners.data?.items ?? []).map((owner) => (
        <option key={owner.id} value={owner.id}>
          {owner.name}
        </option>
      ))}
    </SelectField>
  );
}
