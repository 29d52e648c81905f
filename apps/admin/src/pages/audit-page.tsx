import { useInfiniteQuery } from '@tanstack/react-query';
import { api, queryString, type AuditPage as AuditPageData } from '../api.ts';
import {
  Empty,
  ErrorBox,
  Loading,
  PageHeader,
  RefreshButton,
  secondaryButtonClass,
} from '../components/ui.tsx';
import { formatDateTime } from '../format.ts';
import { useCan } from '../session.tsx';

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-stone-500">—</span>;
  return (
    <pre className="max-w-xs overflow-x-auto whitespace-pre-wrap break-all text-xs">
      {JSON.stringify(value, null, 1)}
    </pre>
  );
}

export function AuditPage() {
  const can = useCan();
  const audit = useInfiniteQuery({
    queryKey: ['audit'],
    queryFn: ({ pageParam }) =>
      api<AuditPageData>(`/api/v1/admin/audit${queryString({ beforeId: pageParam, limit: 50 })}`),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBeforeId ?? undefined,
    enabled: can('audit.read'),
  });
  if (!can('audit.read'))
    return (
      <>
        <PageHeader title="Audit log" />
        <ErrorBox error={new Error('Your role cannot read the audit log.')} />
      </>
    );
  const items = audit.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeader title="Audit log">
        <RefreshButton
          onRefresh={() => audit.refetch()}
          isFetching={audit.isFetching}
          label="Refresh audit log"
        />
      </PageHeader>
      {audit.isPending ? <Loading label="Loading the audit log…" /> : null}
      {audit.isError ? <ErrorBox error={audit.error} title="The audit log did not load." /> : null}
      {audit.isSuccess && items.length === 0 ? <Empty>Nothing recorded yet.</Empty> : null}
      {items.length > 0 ? (
        <div className="overflow-x-auto rounded border border-stone-300 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit entries, newest first</caption>
            <thead className="bg-stone-200">
              <tr>
                <th scope="col" className="p-2">
                  When
                </th>
                <th scope="col" className="p-2">
                  Who
                </th>
                <th scope="col" className="p-2">
                  What
                </th>
                <th scope="col" className="p-2">
                  Entity
                </th>
                <th scope="col" className="p-2">
                  Before
                </th>
                <th scope="col" className="p-2">
                  After
                </th>
                <th scope="col" className="p-2">
                  From
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr
                  key={entry.id}
                  className="border-t border-stone-200 align-top"
                  data-testid="audit-row"
                >
                  <td className="p-2 whitespace-nowrap">{formatDateTime(entry.at)}</td>
                  <td className="p-2">{entry.actor}</td>
                  <td className="p-2">{entry.action}</td>
                  <td className="p-2">
                    {entry.entity}
                    {entry.entityId ? ` ${entry.entityId.slice(0, 8)}` : ''}
                  </td>
                  <td className="p-2">
                    <Json value={entry.before} />
                  </td>
                  <td className="p-2">
                    <Json value={entry.after} />
                  </td>
                  <td className="p-2">{entry.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {audit.hasNextPage ? (
        <button
          type="button"
          className={`${secondaryButtonClass} mt-4`}
          onClick={() => void audit.fetchNextPage()}
          disabled={audit.isFetchingNextPage}
        >
          {audit.isFetchingNextPage ? 'Loading more…' : 'Load more'}
        </button>
      ) : null}
    </>
  );
}
