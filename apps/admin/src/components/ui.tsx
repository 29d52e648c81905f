import type { ReactNode } from 'react';
import { errorMessage } from '../api.ts';

export const inputClass =
  'mt-1 block w-full rounded border border-stone-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700';
export const buttonClass =
  'inline-flex items-center justify-center rounded bg-amber-800 px-4 py-2 font-semibold text-white hover:bg-amber-900 disabled:cursor-not-allowed disabled:bg-stone-400';
export const secondaryButtonClass =
  'inline-flex items-center justify-center rounded border border-stone-400 bg-white px-3 py-2 font-semibold text-stone-900 hover:bg-stone-100 disabled:cursor-not-allowed disabled:opacity-60';
export const dangerButtonClass =
  'inline-flex items-center justify-center rounded bg-red-800 px-4 py-2 font-semibold text-white hover:bg-red-900 disabled:cursor-not-allowed disabled:bg-stone-400';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p role="status" className="py-4 text-stone-600">
      {label}
    </p>
  );
}

export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  return (
    <div role="alert" className="my-3 rounded border border-red-300 bg-red-50 p-3 text-red-900">
      {title ? <p className="font-semibold">{title}</p> : null}
      <p>{errorMessage(error)}</p>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="rounded border border-dashed border-stone-400 p-4 text-stone-700">{children}</p>
  );
}

/** The manual refresh every list and detail view carries (issue F3 §4). */
export function RefreshButton(props: {
  onRefresh: () => unknown;
  isFetching: boolean;
  label?: string;
}) {
  return (
    <button
      type="button"
      className={secondaryButtonClass}
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
