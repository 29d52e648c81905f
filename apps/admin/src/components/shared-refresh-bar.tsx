import { RefreshButton } from '@teppan/web-ui';

/** The refresh button above a list or panel, wired to the query it reloads. */
export function RefreshBar(props: {
  query: { isFetching: boolean; refetch: () => unknown };
  /** The button's accessible name ("Refresh invitations"). */
  label: string;
  className: string;
  /** Instead of refetching the query (say, invalidating its key). */
  onRefresh?: () => unknown;
}) {
  const { query } = props;
  return (
    <div className={props.className}>
      <RefreshButton
        onRefresh={props.onRefresh ?? (() => query.refetch())}
        isFetching={query.isFetching}
        label={props.label}
      />
    </div>
  );
}
