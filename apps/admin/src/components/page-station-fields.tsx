import { Field, inputClass } from '@teppan/web-ui';
import { useSession } from '../session.tsx';

/** One option per station the signed-in staff member works at. */
export function StationOptions() {
  const me = useSession();
  return (
    <>
      {me.stations.map((station) => (
        <option key={station.id} value={station.id}>
          {station.name}
        </option>
      ))}
    </>
  );
}

/**
 * "Station", shown only to staff of more than one station: a form's field, or (`isInline`)
 * the label beside the select, as in a page header.
 */
export function StationSelect(props: {
  id: string;
  value: string;
  onChange: (stationId: string) => void;
  isInline?: boolean;
}) {
  const me = useSession();
  if (me.stations.length <= 1) return null;
  return (
    <Field
      id={props.id}
      label="Station"
      className={props.isInline ? 'flex items-center gap-2' : undefined}
    >
      <select
        id={props.id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        className={props.isInline ? `${inputClass} mt-0` : inputClass}
      >
        <StationOptions />
      </select>
    </Field>
  );
}
