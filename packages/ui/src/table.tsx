import type { ReactNode } from 'react';
import { cx } from './class-names.js';

export interface TableColumn<Row> {
  /** Stable key for React; not shown. */
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Marks the column whose cell names the row (rendered as <th scope="row">). */
  rowHeader?: boolean;
  /** Right-aligns the column (numbers, row actions). */
  align?: 'start' | 'end';
  /** Hides the header text visually but keeps it for screen readers (e.g. an "Actions" column). */
  hideHeader?: boolean;
  /** Keeps short values (dates, codes, badges) on one line. */
  nowrap?: boolean;
}

export interface TableProps<Row> {
  /** The table's accessible name. Always required; hide it visually when a heading already says it. */
  caption: ReactNode;
  captionHidden?: boolean;
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown in place of rows when there are none. */
  empty?: ReactNode;
  className?: string;
}

/**
 * A data table built from column definitions, so every table gets a caption, scoped header
 * cells and an empty state without each page remembering to add them.
 */
export function Table<Row>({
  caption,
  captionHidden = false,
  columns,
  rows,
  rowKey,
  empty,
  className,
}: TableProps<Row>) {
  return (
    <div className={cx('overflow-x-auto rounded-lg border border-slate-200', className)}>
      <table className="min-w-full divide-y divide-slate-200 text-left text-sm">
        <caption
          className={cx(
            captionHidden ? 'sr-only' : 'px-4 py-3 text-left font-semibold text-slate-900',
          )}
        >
          {caption}
        </caption>
        <thead className="bg-slate-50">
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={cx(
                  'px-4 py-2.5 text-xs font-semibold tracking-wide text-slate-700 uppercase',
                  column.align === 'end' && 'text-right',
                )}
              >
                {column.hideHeader ? (
                  <span className="sr-only">{column.header}</span>
                ) : (
                  column.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 bg-white">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-4 py-6 text-center text-slate-600">
                {empty ?? 'Nothing here yet.'}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column) => {
                  const className = cx(
                    'px-4 py-3 align-middle text-slate-800',
                    column.rowHeader && 'font-medium text-slate-900',
                    column.align === 'end' && 'text-right',
                    column.nowrap && 'whitespace-nowrap',
                  );
                  return column.rowHeader ? (
                    <th key={column.key} scope="row" className={className}>
                      {column.cell(row)}
                    </th>
                  ) : (
                    <td key={column.key} className={className}>
                      {column.cell(row)}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
