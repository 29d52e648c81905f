import { inputClass, SelectField } from '@teppan/web-ui';
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

/** A form's Station field, shown only to staff of more than one station. */
export function StationField(props: {
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
      <StationOptions />
    </SelectField>
  );
}

/** The page header's station switch, shown only to staff of more than one station. */
export function HeaderStationSelect(props: {
  id: string;
  value: string;
  onChange: (stationId: string) => void;
}) {
  const me = useSession();
  if (me.stations.length <= 1) return null;
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={props.id} className="font-medium">
        Station
      </label>
      <select
        id={props.id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        className={`${inputClass} mt-0`}
      >
        <StationOptions />
      </select>
    </div>
  );
}
