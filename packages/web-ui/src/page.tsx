import type { ReactNode } from 'react';
import { compactSecondaryButtonClass } from './classes.ts';

/** The manual refresh every list and detail view carries (issue F3 §4). */
export function RefreshButton(props: {
  onRefresh: () => unknown;
  isFetching: boolean;
  label?: string;
}) {
  return (
    <button
      type="button"
      className={compactSecondaryButtonClass}
      onClick={() => void props.onRefresh()}
      disabled={props.isFetching}
      aria-label={props.label ?? 'Refresh'}
    >
      {props.isFetching ? 'Refreshing…' : 'Refresh'}
    </button>
  );
}

export function PageHeader(props: { title: string; children?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
      <h1 className="text-2xl font-bold">{props.title}</h1>
      <div className="flex flex-wrap items-center gap-2">{props.children}</div>
    </div>
  );
}

export function Section(props: { title: string; children: ReactNode }) {
  return (
    <section className="mb-6 rounded border border-stone-300 bg-white p-4">
      <h2 className="mb-3 text-lg font-semibold">{props.title}</h2>
      {props.children}
    </section>
  );
}
