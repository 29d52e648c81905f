import { Empty, ErrorBox, Loading, PageHeader, RefreshButton } from '@teppan/web-ui';
import type { Key, ReactNode } from 'react';
import { Link } from 'react-router';
import { ListStatus } from './list-status.tsx';

/** A page's title and its own controls, then the button that refetches what the page shows. */
export function RefreshPageHeader(props: {
  title: string;
  query: { refetch: () => unknown; isFetching: boolean };
  /** The button's accessible name; "Refresh" when left out. */
  refreshLabel?: string;
  children?: ReactNode;
}) {
  return (
    <PageHeader title={props.title}>
      {props.children}
      <RefreshButton
        onRefresh={() => props.query.refetch()}
        isFetching={props.query.isFetching}
        label={props.refreshLabel}
      />
    </PageHeader>
  );
}

/** Loading, or failed: what a page shows while its one query has no data. */
export function QueryStatus(props: {
  query: { isPending: boolean; isError: boolean; error: unknown };
  loading: string;
  error: string;
}) {
  return (
    <>
      {props.query.isPending ? <Loading label={props.loading} /> : null}
      {props.query.isError ? <ErrorBox error={props.query.error} title={props.error} /> : null}
    </>
  );
}

/** Why a mutation failed, while it has. */
export function MutationError(props: {
  mutation: { isError: boolean; error: unknown };
  title: string;
}) {
  return props.mutation.isError ? (
    <ErrorBox error={props.mutation.error} title={props.title} />
  ) : null;
}

/**
 * A list's loading, error and empty states, then its rows (the children) once there are any.
 */
export function PageList(props: {
  query: { isPending: boolean; isError: boolean; isSuccess: boolean; error: unknown };
  items: readonly unknown[];
  loading: string;
  error: string;
  empty: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <ListStatus
        query={props.query}
        isEmpty={props.items.length === 0}
        loading={props.loading}
        error={props.error}
        empty={props.empty}
      />
      {props.items.length > 0 ? props.children : null}
    </>
  );
}

/** The "← List" link above a detail page. */
export function BackLink(props: { to: string; children: ReactNode }) {
  return (
    <p className="mb-2">
      <Link to={props.to} className="text-amber-900 underline">
        ← {props.children}
      </Link>
    </p>
  );
}

/** A short list in a section, one line an item, or what to say while it is empty. */
export function ItemList<T extends { id: Key }>(props: {
  items: readonly T[];
  empty: ReactNode;
  /** The list's classes; by default lines divided by a rule. */
  className?: string;
  children: (item: T) => ReactNode;
}) {
  if (props.items.length === 0) return <Empty>{props.empty}</Empty>;
  return (
    <ul className={props.className ?? 'divide-y divide-stone-200'}>
      {props.items.map((item) => (
        <li key={item.id} className="py-2">
          {props.children(item)}
        </li>
      ))}
    </ul>
  );
}
