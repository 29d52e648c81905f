import { compactSecondaryButtonClass, Empty, ErrorBox, Loading, PageHeader } from '@teppan/web-ui';
import type { ReactNode } from 'react';

/** Loading, failed, or loaded with nothing in it: what a list shows instead of its rows. */
export function ListStatus(props: {
  query: { isPending: boolean; isError: boolean; isSuccess: boolean; error: unknown };
  isEmpty: boolean;
  loading: string;
  error: string;
  empty: ReactNode;
}) {
  const { query } = props;
  return (
    <>
      {query.isPending ? <Loading label={props.loading} /> : null}
      {query.isError ? <ErrorBox error={query.error} title={props.error} /> : null}
      {query.isSuccess && props.isEmpty ? <Empty>{props.empty}</Empty> : null}
    </>
  );
}

/** The next page of a cursor-paged list, while there is one. */
export function LoadMore(props: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  label?: string;
  className?: string;
}) {
  const { query } = props;
  if (!query.hasNextPage) return null;
  return (
    <button
      type="button"
      className={
        props.className
          ? `${compactSecondaryButtonClass} ${props.className}`
          : compactSecondaryButtonClass
      }
      onClick={() => void query.fetchNextPage()}
      disabled={query.isFetchingNextPage}
    >
      {query.isFetchingNextPage ? 'Loading more…' : (props.label ?? 'Load more')}
    </button>
  );
}

/** A page the signed-in role may not see: its title and why. */
export function NoAccess(props: { title: string; message: string }) {
  return (
    <>
      <PageHeader title={props.title} />
      <ErrorBox error={new Error(props.message)} />
    </>
  );
}
