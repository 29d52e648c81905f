import { routes } from '@teppan/web-client';
import { call } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { LoadMore, NoAccess } from '../components/list-status.tsx';
import { PageList, RefreshPageHeader } from '../components/page-parts.tsx';
import { useCursorList } from '../hooks/page-cursor-list.ts';
import { formatDateTime } from '../format.ts';
import { useCan, useSession } from '../session.tsx';

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
  const me = useSession();
  // Entries are per station (an admin reads their stations' only); without one an entry is
  // organisation-wide, which only a super admin reads.
  const stationName = (stationId: string | null) =>
    stationId === null
      ? 'Organisation-wide'
      : (me.stations.find((station) => station.id === stationId)?.name ?? stationId.slice(0, 8));
  const { query: audit, items } = useCursorList({
    queryKey: ['audit'],
    fetchPage: (beforeId: number | undefined) =>
      call(routes.admin.audit, { query: { beforeId, limit: 50 } }),
    nextCursor: (last) => last.nextBeforeId,
    enabled: can('audit.read'),
  });
  if (!can('audit.read'))
    return <NoAccess title="Audit log" message="Your role cannot read the audit log." />;
  return (
    <>
      <RefreshPageHeader title="Audit log" query={audit} refreshLabel="Refresh audit log" />
      <PageList
        query={audit}
        items={items}
        loading="Loading the audit log…"
        error="The audit log did not load."
        empty="Nothing recorded yet."
      >
        <DataTable
          caption="Audit entries, newest first"
          columns={['When', 'Who', 'What', 'Entity', 'Station', 'Before', 'After', 'From']}
        >
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
              <td className="p-2">{stationName(entry.stationId)}</td>
              <td className="p-2">
                <Json value={entry.before} />
              </td>
              <td className="p-2">
                <Json value={entry.after} />
              </td>
              <td className="p-2">{entry.ip ?? '—'}</td>
            </tr>
          ))}
        </DataTable>
      </PageList>
      <LoadMore query={audit} className="mt-4" />
    </>
  );
}
