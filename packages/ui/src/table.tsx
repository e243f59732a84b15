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
 *
 * Below the `sm` breakpoint (phones) each row becomes a stacked block, every cell labelled by
 * its column header, instead of a grid wider than the screen that scrolls sideways and squeezes
 * its controls. The explicit ARIA roles keep the table a table for assistive technology,
 * which browsers otherwise stop exposing once table parts are displayed as blocks.
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
    // On phones the table usually sits in a card already: no second border, no side padding.
    <div className={cx('rounded-lg border-slate-200 sm:overflow-x-auto sm:border', className)}>
      <table role="table" className="w-full text-left text-sm max-sm:block">
        <caption
          className={cx(
            captionHidden
              ? 'sr-only'
              : 'px-4 py-3 text-left font-semibold text-slate-900 max-sm:block',
          )}
        >
          {caption}
        </caption>
        <thead role="rowgroup" className="bg-slate-50 max-sm:sr-only">
          <tr role="row" className="border-b border-slate-200">
            {columns.map((column) => (
              <th
                key={column.key}
                role="columnheader"
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
        <tbody role="rowgroup" className="divide-y divide-slate-200 bg-white max-sm:block">
          {rows.length === 0 ? (
            <tr role="row" className="max-sm:block">
              <td
                role="cell"
                colSpan={columns.length}
                className="px-4 py-6 text-center text-slate-600 max-sm:block"
              >
                {empty ?? 'Nothing here yet.'}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)} role="row" className="max-sm:block max-sm:py-3">
                {columns.map((column) => {
                  // On phones a labelled cell is a two-column grid: its column header, then the
                  // value, which wraps within its column (long emails, keys) instead of
                  // widening the page. The label is hidden from assistive technology, which
                  // already announces each cell's column header.
                  const labelled = !column.rowHeader && !column.hideHeader;
                  const className = cx(
                    'px-4 py-3 align-middle text-slate-800 max-sm:px-0 max-sm:py-1',
                    labelled
                      ? 'max-sm:grid max-sm:grid-cols-[6rem_minmax(0,1fr)] max-sm:items-center max-sm:gap-x-3'
                      : 'max-sm:block',
                    column.rowHeader && 'font-medium text-slate-900',
                    column.align === 'end' && 'text-right max-sm:text-left',
                    column.nowrap && 'sm:whitespace-nowrap',
                  );
                  const value = (
                    <div className="min-w-0 max-sm:[overflow-wrap:anywhere]">
                      {column.cell(row)}
                    </div>
                  );
                  return column.rowHeader ? (
                    <th key={column.key} role="rowheader" scope="row" className={className}>
                      {value}
                    </th>
                  ) : (
                    <td key={column.key} role="cell" className={className}>
                      {labelled && (
                        <span
                          aria-hidden="true"
                          className="text-xs font-semibold tracking-wide text-slate-600 uppercase sm:hidden"
                        >
                          {column.header}
                        </span>
                      )}
                      {value}
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
