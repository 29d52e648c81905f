import type { ReactNode } from 'react';

/** The text an error box shows: the error's own message (both apps' ApiError extends Error). */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

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
      <p>{errorText(error)}</p>
    </div>
  );
}

export function Notice({
  children,
  tone = 'info',
}: {
  children: ReactNode;
  tone?: 'info' | 'warn';
}) {
  const cls =
    tone === 'warn'
      ? 'border-amber-300 bg-amber-50 text-amber-950'
      : 'border-sky-300 bg-sky-50 text-sky-950';
  return <div className={`my-3 rounded border p-3 ${cls}`}>{children}</div>;
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="rounded border border-dashed border-stone-400 p-4 text-stone-700">{children}</p>
  );
}
