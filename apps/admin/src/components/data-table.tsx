import type { ReactNode } from 'react';

/**
 * The panel's table: a screen-reader caption, one header cell per column, the rows as
 * children. A column left out as `null` (say Station for a one-station admin) is skipped.
 */
export function DataTable(props: {
  /** Left out for a table its section heading already names. */
  caption?: ReactNode;
  columns: (ReactNode | null)[];
  /** The scrolling wrapper; by default a white framed box. */
  className?: string;
  headClassName?: string;
  /** The header cells' padding; the rows' cells are the caller's and should match. */
  cellClassName?: string;
  children: ReactNode;
}) {
  return (
    <div className={props.className ?? 'overflow-x-auto rounded border border-stone-300 bg-white'}>
      <table className="w-full text-left text-sm">
        {props.caption !== undefined ? (
          <caption className="sr-only">{props.caption}</caption>
        ) : null}
        <thead className={props.headClassName ?? 'bg-stone-200'}>
          <tr>
            {props.columns.map((column, index) =>
              column === null ? null : (
                <th key={index} scope="col" className={props.cellClassName ?? 'p-2'}>
                  {column}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** The header of an actions column: empty to the eye, named for screen readers. */
export const actionsColumn = <span className="sr-only">Actions</span>;
