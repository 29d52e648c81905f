import type { ComponentProps, ReactNode } from 'react';
import { DataTable } from './data-table.tsx';
import { ListStatus } from './list-status.tsx';

/**
 * A queried list shown as a table: its loading, failed or empty state (ListStatus), then the
 * table once there are rows. `children` are the rows.
 */
export function ListTable(
  props: Omit<ComponentProps<typeof DataTable>, 'children'> & {
    status: Omit<ComponentProps<typeof ListStatus>, 'isEmpty'>;
    rowCount: number;
    children: ReactNode;
  },
) {
  const { status, rowCount, ...table } = props;
  return (
    <>
      <ListStatus {...status} isEmpty={rowCount === 0} />
      {rowCount > 0 ? <DataTable {...table} /> : null}
    </>
  );
}
